/**
 * Shared helpers for the UI tests. Every test fails if the page opens a dialog (an injected
 * alert), throws, or logs an error, so hostile data and regressions show up anywhere.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';

export { expect };

export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('dialog', (dialog) => {
        problems.push(`dialog opened: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      await use();
      expect(problems, 'the page reported problems').toEqual([]);
    },
    { auto: true },
  ],
});

export function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Contacts' });
}

/** The loaded contact rows (not the header, not placeholders). */
export function contactRows(page: Page): Locator {
  return grid(page).locator('[role="row"][data-contact-id]');
}

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(contactRows(page).first()).toBeVisible();
}

/** The shown count, e.g. 300 for "300 contacts". */
export async function shownCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('contact-count').textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

export function detail(page: Page): Locator {
  return page.getByRole('region', { name: 'Contact details' });
}

/** Opens the nth loaded row; returns the contact's id and name as the list shows them. */
export async function openContact(page: Page, index: number): Promise<{ id: string; name: string }> {
  const row = contactRows(page).nth(index);
  const id = (await row.getAttribute('data-contact-id')) ?? '';
  const name = ((await row.locator('[role="gridcell"]:first-child [dir="auto"]').textContent()) ?? '').trim();
  await row.click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
  return { id, name };
}

/** A field of the Details tab (its label, value, input and error), by its label. */
export function field(page: Page, label: string): Locator {
  return detail(page).getByRole('group', { name: label, exact: true });
}
