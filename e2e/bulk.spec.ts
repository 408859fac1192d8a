import type { Page } from '@playwright/test';
import { contactRows, detail, editField, expect, grid, openApp, test } from './fixtures';

/**
 * Opens the contact in row `index` of the list (0-based), scrolling it into view first, and
 * returns its id as the address shows it: when another test deletes or restores a row above
 * meanwhile, the rows shift under the click and a neighbour opens (rows near 40 are all free).
 */
async function openRow(page: Page, index: number): Promise<string> {
  await grid(page).locator('[role="rowgroup"]').last().evaluate((body, top) => (body.scrollTop = top), Math.max(0, index * 32 - 96));
  await grid(page).locator(`[role="row"][aria-rowindex="${index + 2}"][data-contact-id]`).click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page).toHaveURL(/#\/contacts\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).hash.replace('#/contacts/', ''));
}

/**
 * Gives three contacts from row `from` on a city no other contact has, and searches for it.
 * Rows 40–60 are this file's (one test from 40, the other from 50; no other test uses them).
 */
async function ownContacts(page: Page, city: string, from: 40 | 50): Promise<string[]> {
  const ids: string[] = [];
  for (let index = from; ids.length < 3 && index < from + 9; index++) {
    const id = await openRow(page, index);
    // Another test may have just deleted or restored a row above: never take one twice.
    if (ids.includes(id)) {
      await detail(page).getByRole('button', { name: 'Close contact' }).click();
      continue;
    }
    await editField(page, 'City', city);
    // Closed again: the next contact's details are then surely the next one's (and the list
    // shows its Tags column at the end).
    await detail(page).getByRole('button', { name: 'Close contact' }).click();
    await expect(detail(page)).toHaveCount(0);
    ids.push(id);
  }
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(city);
  await expect(page.getByTestId('contact-count')).toHaveText('3 matches');
  await expect(contactRows(page)).toHaveCount(3);
  return ids;
}

const selectionBar = (page: Page) => page.getByRole('region', { name: 'Selection' });
/** The tag in a row's Tags cell, shown or behind its "+N". */
const tagIn = (page: Page, id: string, tag: string) => page.locator(`[role="row"][data-contact-id="${id}"]`).locator(`[title="${tag}"], [aria-label*="${tag}"]`);

test('every matching contact gets a tag in bulk, with the result in words, and Undo takes it off again', async ({ page }) => {
  test.slow(); // three edits through the UI before the bulk action
  await openApp(page);
  const n = Date.now() % 1_000_000;
  const city = `Bulkton${n}`;
  const tag = `e2e-bulk-${n}`;
  const ids = await ownContacts(page, city, 40);

  // One row, then every match (not only those on screen).
  const firstRow = contactRows(page).first();
  const firstName = ((await firstRow.locator('[role="gridcell"]:nth-child(2) [dir="auto"]').textContent()) ?? '').trim();
  await firstRow.getByRole('checkbox', { name: `Select ${firstName}` }).check();
  await expect(selectionBar(page)).toContainText('1 selected');
  await selectionBar(page).getByRole('button', { name: 'Select all 3 matching' }).click();
  await expect(selectionBar(page)).toContainText('All 3 matching selected');
  await expect(page.getByRole('checkbox', { name: 'Select all on screen' })).toBeChecked();

  await selectionBar(page).getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tag to all 3 matching contacts' });
  await dialog.getByRole('textbox', { name: 'Tag' }).fill(tag);
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(dialog).toHaveCount(0);

  const notice = page.getByRole('alert').filter({ hasText: `Added tag ${tag} to 3 contacts` });
  await expect(notice).toBeVisible();
  for (const id of ids) await expect(tagIn(page, id, tag)).toHaveCount(1);

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Removed tag ${tag} again from 3 contacts` })).toBeVisible();
  for (const id of ids) await expect(tagIn(page, id, tag)).toHaveCount(0);
});

test('chosen contacts are deleted in bulk after a confirmation with the count, and Undo brings them back', async ({ page }) => {
  test.slow(); // three edits through the UI before the bulk action
  await openApp(page);
  const city = `Bulkdel${Date.now() % 1_000_000}`;
  const ids = await ownContacts(page, city, 50);

  await page.getByRole('checkbox', { name: 'Select all on screen' }).check();
  await expect(selectionBar(page)).toContainText('3 selected');
  await selectionBar(page).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 contacts?' });
  await expect(dialog).toContainText('You can undo it for a minute');
  await dialog.getByRole('button', { name: 'Delete 3 contacts' }).click();

  const notice = page.getByRole('alert').filter({ hasText: 'Deleted 3 contacts' });
  await expect(notice).toBeVisible();
  await expect(contactRows(page)).toHaveCount(0);
  await expect(selectionBar(page)).toHaveCount(0);

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Restored 3 contacts' })).toBeVisible();
  await expect(page.getByTestId('contact-count')).toHaveText('3 matches');
  for (const id of ids) await expect(page.locator(`[role="row"][data-contact-id="${id}"]`)).toHaveCount(1);
});
