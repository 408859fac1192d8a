import { useUi } from '../state/ui';

/** Runs `then` on the first element matching `selector` once it is on the page (tabs render on the next frame). */
function whenShown(selector: string, then: (element: HTMLElement) => void, tries = 30): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element) then(element);
  else if (tries > 0) requestAnimationFrame(() => whenShown(selector, then, tries - 1));
}

const inDetail = (selector: string) => `section[aria-label="Contact details"] ${selector}`;

/** Notes tab of the open contact, cursor in the new note. */
export function startNote(): void {
  useUi.getState().setDetailTab('notes');
  whenShown(inDetail('textarea[aria-label="New note"]'), (el) => el.focus());
}

/** Details tab of the open contact, cursor in the tag box. */
export function startTag(): void {
  useUi.getState().setDetailTab('details');
  whenShown(inDetail('input[aria-label="Add tag"]'), (el) => {
    el.scrollIntoView({ block: 'center' });
    el.focus();
  });
}

/** Details tab of the open contact with the new follow-up form open. */
export function startFollowUp(): void {
  useUi.getState().setDetailTab('details');
  whenShown(inDetail('form[aria-label="New follow-up"] input'), (el) => el.focus(), 0);
  if (document.querySelector(inDetail('form[aria-label="New follow-up"]'))) return;
  whenShown(inDetail('[data-action="add-follow-up"]'), (el) => el.click());
}
