import { contactRows, expect, openSyncDetails, syncStatus, test } from './fixtures';

test('an empty workspace offers the demo and connecting; sample data loads without a service', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Nexvio Contacts' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start demo workspace' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect to your workspace' })).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Not connected. Sync details');

  await page.getByRole('button', { name: 'Load sample data without a service' }).click();
  await expect(contactRows(page).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('contact-count')).toHaveText('2,000 contacts');
  // Still a local workspace; the details say what it holds.
  const details = await openSyncDetails(page);
  await expect(details.getByText('2,000 contacts', { exact: false })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Connect to workspace' })).toBeVisible();
  // The demo starts from an empty workspace only.
  await expect(details.getByRole('button', { name: 'Try the demo workspace' })).toHaveCount(0);
});
