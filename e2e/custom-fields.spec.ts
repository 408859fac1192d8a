import { detail, expect, field, openApp, openContact, test } from './fixtures';

test('custom fields are edited by their type; a wrong value shows why beside the field and is not saved', async ({ page }) => {
  await openApp(page);
  await openContact(page, 17);
  const section = detail(page).getByRole('region', { name: 'Custom fields' });
  await expect(section).toBeVisible();

  // A number field refuses text.
  const value = field(page, 'Lifetime value (USD)');
  await value.getByRole('button', { name: 'Edit Lifetime value (USD)' }).click();
  const input = value.getByRole('textbox', { name: 'Lifetime value (USD)' });
  await input.fill('lots');
  await input.press('Enter');
  await expect(value).toContainText('must be a number');
  await input.fill('1250.5');
  await input.press('Enter');
  await expect(value).toContainText('1,250.5');

  // One choice, and yes/no.
  const plan = section.getByRole('textbox', { name: 'Lumo Care plan' });
  await plan.click();
  await page.getByRole('option', { name: 'Business' }).click();
  await expect(plan).toHaveValue('Business');
  const qualified = section.getByRole('switch', { name: 'Marketing qualified' });
  const wasOn = await qualified.isChecked();
  await qualified.click({ force: true });
  await expect(qualified).toBeChecked({ checked: !wasOn });

  await page.reload();
  await expect(field(page, 'Lifetime value (USD)')).toContainText('1,250.5');
  await expect(detail(page).getByRole('region', { name: 'Custom fields' }).getByRole('textbox', { name: 'Lumo Care plan' })).toHaveValue('Business');
  await expect(detail(page).getByRole('region', { name: 'Custom fields' }).getByRole('switch', { name: 'Marketing qualified' })).toBeChecked({ checked: !wasOn });
});

test('a phone number typed in any format is saved in international form; a wrong one says why', async ({ page }) => {
  await openApp(page);
  await openContact(page, 18);
  const phone = field(page, 'Phone');
  await phone.getByRole('button', { name: 'Edit Phone' }).click();
  const input = phone.getByRole('textbox', { name: 'Phone' });
  await input.fill('12');
  await input.press('Enter');
  await expect(phone).toContainText('Enter a valid phone number');
  await input.fill('+1 (650) 253-0000');
  await input.press('Enter');
  await expect(phone).toContainText('+16502530000');
});
