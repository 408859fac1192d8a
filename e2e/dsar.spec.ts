import { existsSync, statSync } from 'node:fs';
import { detail, expect, openApp, openContact, test } from './fixtures';

/**
 * Data-access packages, from the contact's menu and from the Privacy page's panel. Building
 * one only reads the contact (and adds an audit entry), so row 1 is safe to share.
 */
test('a data-access package is built from the contact menu and from the Privacy page, and listed', async ({ page }) => {
  await openApp(page);
  const { name } = await openContact(page, 1);

  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Data-access package…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Data-access package' });
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: 'Build package' }).click();
  const ready = dialog.getByRole('region', { name: 'Package ready' });
  await expect(ready).toBeVisible();
  const path = await ready.getByRole('textbox', { name: 'Saved as' }).inputValue();
  expect(path).toMatch(/[/\\]exports[/\\]data-access-\d{4}-\d{2}-\d{2}-\d{4}-\w+(-\d+)?\.zip$/);
  // The browser host runs on this machine: the file is really there.
  expect(existsSync(path) && statSync(path).size > 1000).toBe(true);
  await expect(ready.getByRole('button', { name: 'Copy path' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Privacy/ }).click();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await expect(page.getByRole('heading', { name: 'Data-access requests' })).toBeVisible();
  const build = page.getByRole('button', { name: 'Build package' });
  await expect(build).toBeDisabled();
  await page.getByRole('textbox', { name: 'Person whose data to package' }).fill(name);
  await page.getByRole('listbox', { name: 'Person' }).getByRole('option').filter({ hasText: name }).first().click();
  await expect(build).toBeEnabled();
  await build.click();
  const panelReady = page.getByRole('region', { name: 'Package ready' });
  await expect(panelReady).toBeVisible();
  const second = await panelReady.getByRole('textbox', { name: 'Saved as' }).inputValue();
  expect(second).not.toBe(path);
  expect(existsSync(second)).toBe(true);

  // Both requests are on record, newest first.
  const history = page.getByRole('table', { name: 'Packages made before' });
  const fileName = second.split(/[/\\]/).pop() ?? '';
  await expect(history.getByRole('row').filter({ hasText: fileName })).toContainText(name);
  await expect(history.getByRole('row').filter({ hasText: path.split(/[/\\]/).pop() ?? '' })).toHaveCount(1);
});

test('the Privacy panel says what a data-access request is and needs a person before it builds', async ({ page }) => {
  await page.goto('/#/privacy/requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy' })).toBeVisible();
  await expect(page.getByText('nothing about anyone else')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Build package' })).toBeDisabled();
  await page.getByRole('textbox', { name: 'Person whose data to package' }).fill('zzqx-nobody-has-this-name');
  await expect(page.getByText('No contact matches')).toBeVisible();
});
