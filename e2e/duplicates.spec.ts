import { contactRows, detail, editField, expect, grid, openApp, test } from './fixtures';
import type { Page } from '@playwright/test';

async function goTo(page: Page, view: 'Duplicates' | 'Contacts'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${view}`) }).click();
}

/**
 * The contacts on rows n and n+1 of the list (0-based), read at the same moment (another
 * test's delete may shift the rows at any time), scrolling the virtual list to them first.
 */
async function twoRowsAt(page: Page, n: number): Promise<[Picked, Picked]> {
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
  const rows = [n, n + 1].map((i) => grid(page).locator(`[role="row"][data-contact-id][aria-rowindex="${i + 2}"]`));
  await expect(async () => {
    await grid(page).evaluate((el, top) => {
      const scroller = [el, ...el.querySelectorAll<HTMLElement>('*')].find((e) => e.scrollHeight > e.clientHeight + 10 && getComputedStyle(e).overflowY !== 'visible') ?? el;
      scroller.scrollTop = top;
    }, Math.max(0, (n - 3) * 32));
    for (const row of rows) await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass();
  const picked = await grid(page).evaluate((el, indexes) => {
    return indexes.map((i) => {
      const row = el.querySelector(`[role="row"][data-contact-id][aria-rowindex="${i + 2}"]`);
      return { id: row?.getAttribute('data-contact-id') ?? '', name: (row?.querySelector('[role="gridcell"]:nth-child(2) [dir="auto"]')?.textContent ?? '').trim() };
    });
  }, [n, n + 1]);
  return picked as [Picked, Picked];
}

interface Picked {
  id: string;
  name: string;
}

/** Opens a contact by its id (the address), and waits for its header. */
async function openPicked(page: Page, { id, name }: Picked): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/contacts/${encodeURIComponent(id)}`);
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
  await expect(detail(page).getByRole('heading', { level: 2, name })).toBeVisible();
}

async function searchFor(page: Page, text: string): Promise<void> {
  await goTo(page, 'Contacts');
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(text);
}

test('two contacts with the same phone show in the review queue, merge with a chosen city, and the merge can be undone', async ({ page }) => {
  test.setTimeout(90_000);
  const n = Date.now() % 1_000_000;
  const phone = `+4930${String(5_000_000 + n).padStart(7, '0')}`;
  const [cityA, cityB] = [`Keepton ${n}`, `Mergeford ${n}`];

  // Rows 41 and 42 (no other test changes them) get the same phone and different cities.
  await openApp(page);
  const [a, b] = await twoRowsAt(page, 41);
  // A contact without a name is shown by its phone once it has one: such a contact gets a
  // name, and the names are read after the edits.
  const heading = async (fallback: string) => {
    const shown = ((await detail(page).getByRole('heading', { level: 2 }).textContent()) ?? '').trim();
    if (shown !== phone) return shown;
    await editField(page, 'Full name', fallback);
    return fallback;
  };
  await openPicked(page, a);
  await editField(page, 'Phone', phone);
  await editField(page, 'City', cityA);
  a.name = await heading(`Keeper ${n}`);
  await openPicked(page, b);
  await editField(page, 'Phone', phone);
  await editField(page, 'City', cityB);
  b.name = await heading(`Merger ${n}`);
  expect(a.name).not.toBe(b.name);

  await goTo(page, 'Duplicates');
  await expect(page.getByRole('heading', { level: 1, name: 'Duplicates' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: phone });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Same phone');
  await expect(card).toContainText(a.name);
  await expect(card).toContainText(b.name);
  await card.getByRole('button', { name: /^Review and merge/ }).click();

  const dialog = page.getByRole('dialog', { name: 'Merge contacts' });
  await dialog.getByRole('radio', { name: `Keep ${a.name} as the merged contact` }).check();
  await dialog.getByRole('radio', { name: `City: ${cityB} (from ${b.name})` }).check();
  await expect(dialog.getByRole('radio', { name: `City: ${cityA} (from ${a.name})` })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Merge 2 contacts' }).click();
  await expect(dialog).toHaveCount(0);
  const notice = page.getByRole('alert').filter({ hasText: 'Contacts merged' });
  await expect(notice).toContainText(`${b.name} merged into ${a.name}`);
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: phone })).toHaveCount(0);

  // One contact left with that phone: the kept one, with the chosen city and the merge on its timeline.
  await searchFor(page, phone);
  await expect(contactRows(page)).toHaveCount(1);
  await contactRows(page).first().click();
  await expect(detail(page).getByRole('heading', { level: 2, name: a.name })).toBeVisible();
  await expect(detail(page).getByRole('group', { name: 'City', exact: true })).toContainText(cityB);
  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  await expect(detail(page).getByRole('listitem').filter({ hasText: `merged ${b.name} into this contact` })).toBeVisible();

  // Undo (the merge has not been sent): both are back, each as it was.
  await detail(page).getByRole('button', { name: `Undo merge of ${b.name}` }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Merge undone' })).toBeVisible();
  await expect(contactRows(page)).toHaveCount(2);
  await expect(detail(page).getByRole('listitem').filter({ hasText: 'into this contact' })).toHaveCount(0);
  await detail(page).getByRole('tab', { name: 'Details' }).click();
  await expect(detail(page).getByRole('group', { name: 'City', exact: true })).toContainText(cityA);
  await goTo(page, 'Duplicates');
  const again = page.getByRole('article').filter({ hasText: phone });
  await expect(again).toHaveCount(1);

  // The contact's header says so too, and opens the same merge.
  await again.getByRole('button', { name: `Open ${b.name}` }).click();
  await detail(page).getByRole('button', { name: 'Possible duplicate: review and merge' }).click();
  const form = page.getByRole('dialog', { name: 'Merge contacts' });
  await expect(form.getByRole('radio', { name: `Keep ${b.name} as the merged contact` })).toBeChecked();
  await expect(form.getByRole('radio', { name: `Keep ${a.name} as the merged contact` })).not.toBeChecked();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
});

test('"Not duplicates" takes a pair out of the queue for good, and "Merge with…" on a contact finds the other one by search', async ({ page }) => {
  test.setTimeout(90_000);
  const n = Date.now() % 1_000_000;
  const phone = `+4940${String(5_000_000 + n).padStart(7, '0')}`;
  await openApp(page);
  const [a, b] = await twoRowsAt(page, 44);
  await openPicked(page, a);
  await editField(page, 'Phone', phone);
  await openPicked(page, b);
  await editField(page, 'Phone', phone);

  await goTo(page, 'Duplicates');
  const card = page.getByRole('article').filter({ hasText: phone });
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: /^Not duplicates/ }).click();
  await expect(card).toHaveCount(0);
  await page.getByRole('button', { name: 'Check again for duplicates' }).click();
  await expect(page.getByRole('button', { name: 'Check again for duplicates' })).toBeEnabled();
  await expect(page.getByRole('article').filter({ hasText: phone })).toHaveCount(0);

  // From the contact: More actions → Merge with… → search → the merge dialog for the two.
  await searchFor(page, phone);
  await contactRows(page).filter({ hasText: b.name }).click();
  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Merge with…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Merge .* with…$/ });
  await dialog.getByRole('textbox', { name: 'Search contacts to merge with' }).fill(phone);
  await dialog.getByRole('listitem', { name: `Merge with ${a.name}` }).click();
  const form = page.getByRole('dialog', { name: 'Merge contacts' });
  await expect(form.getByRole('radio', { name: `Keep ${b.name} as the merged contact` })).toBeChecked();
  await expect(form.getByRole('button', { name: 'Merge 2 contacts' })).toBeEnabled();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
});
