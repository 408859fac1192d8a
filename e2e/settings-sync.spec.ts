/**
 * Settings → Sync against a reference service of its own (e2e/sync-helpers.ts): connect from
 * Settings, change how often it syncs (the Sync page shows the same), and disconnect with the
 * token forgotten, each confirmed in words.
 */
import { expect, openSyncDetails, syncStatus } from './fixtures';
import { AGENT_TOKEN, withServiceAndHost } from './sync-helpers';

const test = withServiceAndHost(20);

test('connect, change the interval and disconnect forgetting the token, all from Settings', async ({ page, service, host }) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/settings/sync`);
  const workspace = page.getByRole('region', { name: 'Connected workspace' });
  await expect(workspace).toContainText('Not connected');
  await workspace.getByRole('button', { name: 'Connect to workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to your workspace' });
  await dialog.getByRole('textbox', { name: 'Service URL' }).fill(service.url);
  await dialog.getByLabel('Access token', { exact: true }).fill(AGENT_TOKEN);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /, { timeout: 60_000 });
  await expect(workspace).toContainText(new URL(service.url).host);

  const interval = workspace.getByRole('combobox', { name: 'Sync automatically every' });
  await interval.selectOption({ label: '15 min' });
  await expect(interval).toHaveValue('900');
  // The Sync page and the header's details say the same.
  await workspace.getByRole('button', { name: 'Sync page' }).click();
  await expect(page.getByRole('region', { name: 'Sync status' }).getByRole('combobox', { name: 'Sync automatically every' })).toHaveValue('900');
  const details = await openSyncDetails(page);
  await expect(details.getByRole('combobox', { name: 'Sync automatically every' })).toHaveValue('900');
  await page.keyboard.press('Escape');

  await page.goto(`${host.url}#/settings/sync`);
  const disconnect = page.getByRole('region', { name: 'Disconnect' });
  await disconnect.getByRole('button', { name: 'Disconnect and forget the token' }).click();
  const confirm = page.getByRole('dialog', { name: /and forget the token\?$/ });
  await expect(confirm).toContainText('the access token is removed from this device');
  await confirm.getByRole('button', { name: 'Disconnect and forget' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Not connected/);
  await expect(page.getByRole('region', { name: 'Connected workspace' }).getByRole('button', { name: 'Connect to workspace' })).toBeVisible();
});
