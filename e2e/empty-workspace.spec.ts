import { contactRows, expect, test } from './fixtures';

test('an empty workspace offers the demo, and loading it shows the contacts', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Nexvio Contacts' })).toBeVisible();
  const button = page.getByRole('button', { name: 'Load demo workspace' });
  await expect(button).toBeVisible();
  await button.click();
  await expect(contactRows(page).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('contact-count')).toHaveText('2,000 contacts');
  await expect(page.getByRole('status').filter({ hasText: '2,000 contacts' })).toBeVisible();
});
