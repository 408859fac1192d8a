/**
 * Segments (saved filters) and lists (chosen contacts): saved from the list, shown in the
 * sidebar with their counts, opened with their own view, renamed and deleted; a contact added
 * to a list from its menu. Names are unique per run: the seeded workspace is shared.
 */
import type { Page } from '@playwright/test';
import { contactRows, detail, expect, grid, openApp, openContact, shownCount, test } from './fixtures';

function sidebar(page: Page) {
  return page.getByRole('list', { name: 'Segments and lists' });
}

test('a filtered list saves as a segment that keeps its filter, count and view', async ({ page }) => {
  test.slow(); // many steps, each waiting for the list
  const name = `Web visitors ${Date.now()}`;
  await openApp(page);
  const total = await shownCount(page);
  await page.getByRole('button', { name: /^Filter by source/ }).click();
  await page.getByRole('listbox', { name: 'Source' }).getByRole('option', { name: /Web/ }).first().click();
  await page.keyboard.press('Escape');
  await expect.poll(() => shownCount(page)).toBeLessThan(total);
  const web = await shownCount(page);

  await page.getByRole('button', { name: 'Save as segment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as segment' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const item = sidebar(page).getByRole('button', { name: new RegExp(`^${name} \\(segment, ${web} contacts\\)$`) });
  await expect(item).toBeVisible();

  // Its own sort, remembered with it.
  const created = grid(page).getByRole('columnheader', { name: 'Created' });
  await page.getByRole('button', { name: 'Choose columns' }).click();
  await page.getByRole('checkbox', { name: 'Show Created' }).click();
  await page.keyboard.press('Escape');
  await created.getByRole('button').click();
  await expect(created).toHaveAttribute('aria-sort', 'descending');

  // "All contacts" is unfiltered and keeps its own view.
  await page.getByRole('button', { name: 'Contacts', exact: true }).click();
  await expect.poll(() => shownCount(page)).toBe(total);
  await expect(grid(page).getByRole('columnheader', { name: 'Created' })).toHaveCount(0);

  // After a reload the segment opens with its filter and view.
  await page.reload();
  await item.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect.poll(() => shownCount(page)).toBe(web);
  await expect(grid(page).getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');

  // Narrowing it offers to save the change; discarding goes back.
  await page.getByRole('button', { name: /^Filter by country/ }).click();
  await page.getByRole('listbox', { name: 'Country' }).getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await expect.poll(() => shownCount(page)).toBeLessThan(web);
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect.poll(() => shownCount(page)).toBe(web);

  // Rename and delete from its menu.
  await page.getByRole('button', { name: `Actions for segment ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: `Rename “${name}”` });
  await rename.getByRole('textbox', { name: 'Name' }).fill(`${name} (renamed)`);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} (renamed)` })).toBeVisible();
  await page.getByRole('button', { name: `Actions for segment ${name} (renamed)` }).click();
  await page.getByRole('menuitem', { name: 'Delete segment…' }).click();
  await page.getByRole('button', { name: 'Delete segment' }).click();
  await expect(sidebar(page).getByRole('button', { name: new RegExp(name) })).toHaveCount(0);
  await expect.poll(() => shownCount(page)).toBe(total);
});

test('a contact is put on a new list from its menu and the list shows it', async ({ page }) => {
  const name = `Call back ${Date.now()}`;
  await openApp(page);
  const contact = await openContact(page, 22);
  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Lists…' }).click();
  await page.getByRole('button', { name: 'New list' }).click();
  const dialog = page.getByRole('dialog', { name: 'New list' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create list' }).click();
  // Back in the contact's lists, on the new one.
  const lists = page.getByRole('dialog', { name: /^Lists for / });
  await expect(lists.getByRole('checkbox', { name })).toBeChecked();
  await lists.getByRole('button', { name: 'Done' }).click();

  const item = sidebar(page).getByRole('button', { name: new RegExp(`^${name} \\(list, 1 contacts\\)$`) });
  await expect(item).toBeVisible();
  await item.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect.poll(() => shownCount(page)).toBe(1);
  await expect(contactRows(page).first()).toHaveAttribute('data-contact-id', contact.id);

  // Off the list again: the list says it is empty.
  await contactRows(page).first().click();
  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Lists…' }).click();
  await expect(lists.getByRole('checkbox', { name })).toBeChecked();
  await lists.getByRole('checkbox', { name }).click();
  await expect(lists.getByRole('checkbox', { name })).not.toBeChecked();
  await lists.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(`“${name}” has no contacts yet`)).toBeVisible();

  // The Segments page lists it; delete it there.
  await page.getByRole('button', { name: 'Segments', exact: true }).click();
  const table = page.getByRole('table', { name: 'Segments' });
  await expect(table.getByRole('button', { name, exact: true })).toBeVisible();
  await table.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete list' }).click();
  await expect(table.getByRole('button', { name, exact: true })).toHaveCount(0);
});
