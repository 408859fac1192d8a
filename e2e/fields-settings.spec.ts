import { expect, openApp, test } from './fixtures';

test('a custom field is created with options, renamed, archived and restored in Settings; a taken key is refused', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Settings/ }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Custom fields' }).click();
  const table = page.getByRole('table', { name: 'Custom fields' });
  await expect(table).toBeVisible();
  const suffix = Date.now() % 100000;
  const label = `Loyalty tier ${suffix}`;

  await page.getByRole('button', { name: 'New field' }).click();
  const dialog = page.getByRole('dialog', { name: 'New custom field' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(label);
  await dialog.getByRole('textbox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Choice', exact: true }).click();
  // A choice field needs options: saying so instead of saving.
  await dialog.getByRole('button', { name: 'Create field' }).click();
  await expect(dialog.getByText('Add at least one option')).toBeVisible();
  const options = dialog.getByRole('textbox', { name: 'Options' });
  for (const option of ['Bronze', 'Silver', 'Gold']) {
    await options.fill(option);
    await options.press('Enter');
  }
  await dialog.getByRole('button', { name: 'Create field' }).click();
  await expect(dialog).toHaveCount(0);
  const row = table.getByRole('row').filter({ hasText: label });
  await expect(row).toContainText(`loyalty_tier_${suffix}`);
  await expect(row).toContainText('Bronze, Silver, Gold');

  // A key can be taken only once.
  await page.getByRole('button', { name: 'New field' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Another');
  await dialog.getByRole('textbox', { name: 'Key' }).fill(`loyalty_tier_${suffix}`);
  await dialog.getByRole('button', { name: 'Create field' }).click();
  await expect(dialog.getByText(/exists already/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await row.getByRole('button', { name: `Edit ${label}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit “${label}”` });
  await expect(edit.getByRole('textbox', { name: 'Key' })).toBeDisabled();
  await edit.getByRole('textbox', { name: 'Name' }).fill(`${label} (renamed)`);
  await edit.getByRole('button', { name: 'Save' }).click();
  const renamed = table.getByRole('row').filter({ hasText: `${label} (renamed)` });
  await expect(renamed).toBeVisible();

  await renamed.getByRole('button', { name: `Archive ${label} (renamed)` }).click();
  await expect(renamed).toContainText('Archived');
  await renamed.getByRole('button', { name: `Restore ${label} (renamed)` }).click();
  await expect(renamed).not.toContainText('Archived');
});

test('fields move up and down in this device’s order', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Settings/ }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Custom fields' }).click();
  const table = page.getByRole('table', { name: 'Custom fields' });
  // The active fields in order, by their Edit buttons (archived ones have none).
  const names = async () =>
    (await table.getByRole('button', { name: /^Edit / }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''))).map((n) => n.replace(/^Edit /, ''));
  await expect.poll(async () => (await names()).length).toBeGreaterThan(2);
  const [first, second] = await names();
  await table.getByRole('button', { name: `Move ${second} up`, exact: true }).click();
  await expect.poll(async () => (await names()).slice(0, 2)).toEqual([second, first]);
  await table.getByRole('button', { name: `Move ${second} down`, exact: true }).click();
  await expect.poll(async () => (await names()).slice(0, 2)).toEqual([first, second]);
});
