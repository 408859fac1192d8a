import type { Page } from '@playwright/test';
import { detail, expect, openApp, openContact, test } from './fixtures';

/** Tags the contact at `index`, or the next one when that is `not` (another test may have just deleted or restored a row above). */
async function tagContact(page: Page, index: number, tag: string, not?: string): Promise<string> {
  let { id } = await openContact(page, index);
  if (id === not) ({ id } = await openContact(page, index + 1));
  const tags = detail(page).getByRole('region', { name: 'Tags' });
  await tags.getByRole('textbox', { name: 'Add tag' }).fill(tag);
  await tags.getByRole('textbox', { name: 'Add tag' }).press('Enter');
  await expect(tags.getByRole('button', { name: `Remove tag ${tag}` })).toBeVisible();
  return id;
}

test('a tag is coloured, renamed on every contact, and deleted from them in the tag manager', async ({ page }) => {
  await openApp(page);
  const n = Date.now() % 100000;
  const tag = `e2e-manage-${n}`;
  const first = await tagContact(page, 15, tag);
  await tagContact(page, 16, tag, first);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Settings/ }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Tags' }).click();
  const table = page.getByRole('table', { name: 'Tags' });
  const row = table.getByRole('row').filter({ hasText: tag });
  await expect(row).toContainText('2');

  await row.getByRole('button', { name: `Colour of ${tag}` }).click();
  await page.getByRole('button', { name: 'Use #12b886' }).click();
  await expect(row.locator('.mantine-ColorSwatch-root')).toBeVisible();

  await row.getByRole('button', { name: `Actions for ${tag}` }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog', { name: `Rename tag “${tag}”` });
  await dialog.getByRole('textbox', { name: 'New name' }).fill(`e2e-renamed-${n}`);
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(dialog).toHaveCount(0);
  const renamed = table.getByRole('row').filter({ hasText: `e2e-renamed-${n}` });
  await expect(renamed).toContainText('2');
  await expect(table.getByRole('row').filter({ hasText: tag })).toHaveCount(0);

  await renamed.getByRole('button', { name: `Actions for e2e-renamed-${n}` }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete tag “e2e-renamed-${n}”` });
  await expect(confirm).toContainText('removed from 2 contacts');
  await confirm.getByRole('button', { name: 'Delete tag' }).click();
  await expect(renamed).toHaveCount(0);

  // The contacts no longer carry it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
  await openContact(page, 15);
  await expect(detail(page).getByRole('region', { name: 'Tags' })).not.toContainText(`e2e-renamed-${n}`);
});

test('a tag is merged into another: its contacts carry the other tag and it goes', async ({ page }) => {
  await openApp(page);
  const n = Date.now() % 100000;
  const [from, into] = [`e2e-merge-from-${n}`, `e2e-merge-into-${n}`];
  await tagContact(page, 19, from);
  await tagContact(page, 20, into);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Settings/ }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Tags' }).click();
  const table = page.getByRole('table', { name: 'Tags' });
  await table.getByRole('row').filter({ hasText: from }).getByRole('button', { name: `Actions for ${from}` }).click();
  await page.getByRole('menuitem', { name: 'Merge into another tag' }).click();
  const dialog = page.getByRole('dialog', { name: `Merge tag “${from}”` });
  await dialog.getByRole('textbox', { name: 'Merge into' }).fill(into);
  await page.getByRole('option', { name: new RegExp(`^${into}`) }).click();
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: from })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: into })).toContainText('2');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
  await openContact(page, 19);
  await expect(detail(page).getByRole('region', { name: 'Tags' })).toContainText(into);
});
