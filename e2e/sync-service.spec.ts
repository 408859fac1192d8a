/**
 * Connecting a fresh, empty workspace to a chatbot service through the UI, and a conflict
 * between an edit here and a change by the chatbot, resolved in the Conflicts view. Each test
 * starts its own reference service (with an admin API to change data "as the chatbot") and
 * its own browser host (e2e/sync-helpers.ts).
 */
import type { Page } from '@playwright/test';
import { contactRows, detail, editField, expect, openSyncDetails, syncFact, syncStatus } from './fixtures';
import { AGENT_TOKEN, withServiceAndHost, type Running } from './sync-helpers';

const test = withServiceAndHost(50);

async function openConnectDialog(page: Page, host: Running) {
  await page.goto(host.url);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Not connected/);
  await page.getByRole('button', { name: 'Connect to your workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to your workspace' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('the Connect dialog shows what the service said beside the field at fault', async ({ page, service, host }) => {
  const dialog = await openConnectDialog(page, host);
  const url = dialog.getByRole('textbox', { name: 'Service URL' });
  const token = dialog.getByLabel('Access token', { exact: true });
  await expect(url).toBeFocused();

  await url.fill(service.url);
  await token.fill('not-the-token');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(/refused the token \(401\)/)).toBeVisible();
  await expect(url).not.toHaveAttribute('aria-invalid', 'true');

  // The token can be shown to check it; typing clears the error.
  await expect(token).toHaveAttribute('type', 'password');
  await dialog.getByRole('button', { name: 'Show token' }).click();
  await expect(token).toHaveAttribute('type', 'text');
  await token.fill(AGENT_TOKEN);
  await expect(dialog.getByText(/refused the token/)).toHaveCount(0);

  // An address that is not a web address is refused by the app itself, beside that field.
  await url.fill('ftp://example.com');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Use an http:// or https:// address')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Not connected/);
});

test('an edit that collides with the chatbot becomes a conflict; Keep mine sends it to the service', async ({ page, service, host }) => {
  test.setTimeout(120_000);
  const dialog = await openConnectDialog(page, host);
  await dialog.getByRole('textbox', { name: 'Service URL' }).fill(service.url);
  await dialog.getByLabel('Access token', { exact: true }).fill(AGENT_TOKEN);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(contactRows(page).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('contact-count')).toHaveText('50 contacts');
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /);

  // The same field changed on both sides before a sync; a contact with a plain name reads well in names and rows.
  const names = (await contactRows(page).locator('[role="gridcell"]:nth-child(2) [dir="auto"]').allTextContents()).map((n) => n.trim());
  const index = names.findIndex((n) => /^[A-Za-z]{3,} [A-Za-z]{3,}$/.test(n) && n !== 'Unnamed contact');
  expect(index, 'a plain name among the first rows').toBeGreaterThanOrEqual(0);
  const name = names[index]!;
  await contactRows(page).nth(index).click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(name);
  const id = decodeURIComponent(new URL(page.url()).hash.replace('#/contacts/', ''));
  const stamp = Date.now() % 100000;
  const mine = `Mine City ${stamp}`;
  const theirs = `Chatbot City ${stamp}`;
  // The chatbot first (this copy does not know yet), then the edit here, which goes out on its own soon after.
  await service.admin('/admin/mutate', { id, fields: { city: theirs } });
  await editField(page, 'City', mine);

  const details = await openSyncDetails(page);
  await details.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncFact(details, 'Open conflicts')).toContainText('1');
  await details.getByRole('button', { name: 'Review open conflicts' }).click();
  await expect(page).toHaveURL(/#\/conflicts$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync (1 to review)' })).toBeVisible();

  // Both values side by side, by contact and field.
  const conflicts = page.getByRole('table', { name: 'Conflicts' });
  await expect(conflicts.getByRole('button', { name, exact: true })).toBeVisible();
  const row = conflicts.getByRole('row', { name: `City of ${name}` });
  await expect(row.getByRole('cell').nth(0)).toHaveText(mine);
  await expect(row.getByRole('cell').nth(1)).toHaveText(theirs);

  // Keep mine: a toast with Undo first; the choice goes out when its time is up.
  await row.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByText('Keeping your value')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No conflicts' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('switch', { name: 'Show resolved' }).check();
  await expect(conflicts.getByRole('row', { name: `City of ${name}` }).getByText('Kept yours')).toBeVisible();

  // The next sync sends the kept value, and the service has it.
  await (await openSyncDetails(page)).getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(async () => (await service.contacts()).get(id)?.city, { timeout: 30_000 }).toBe(mine);
  await expect(syncStatus(page)).not.toHaveAccessibleName(/waiting/);
});

test('Start demo workspace starts a local chatbot service and syncs it', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Start demo workspace' }).click();
  // The first sync runs in the contacts area, then the list takes its place.
  await expect(contactRows(page).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('contact-count')).toHaveText(/^2,\d{3} contacts$/);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /);
});
