/**
 * Sync against the demo workspace: the `demo` host (`--demo`) runs the bundled chatbot service
 * with 2,000 contacts and live activity and syncs with it. The tests share that host and its
 * sync state, so they run one after the other.
 */
import type { Page } from '@playwright/test';
import { contactRows, detail, editField, expect, lastSyncAt, openSyncDetails, syncFact, syncStatus, test } from './fixtures';

test.describe.configure({ mode: 'default' });

/** Opens the nth row; live activity reorders the list, so the id is read from the address afterwards. */
async function openSomeContact(page: Page, index: number): Promise<string> {
  await contactRows(page).nth(index).click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  return decodeURIComponent(new URL(page.url()).hash.replace('#/contacts/', ''));
}

/** No periodic sync while a test watches the counts ("Sync now", coming back online and local edits still sync). */
async function syncOnlyOnDemand(page: Page): Promise<void> {
  const details = await openSyncDetails(page);
  await details.getByRole('combobox', { name: 'Sync automatically every' }).selectOption({ label: '1 hr' });
  await expect(syncFact(details, 'Next sync')).toHaveText(/in (59|60|1) /);
}

test('the header shows Synced after the first sync, and the list has the contacts', async ({ page }) => {
  await page.goto('/');
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /, { timeout: 60_000 });
  await expect(contactRows(page).first()).toBeVisible();
  await expect(page.getByTestId('contact-count')).toHaveText(/^[\d,]+ contacts$/);
  const details = await openSyncDetails(page);
  await expect(details.getByRole('heading', { name: 'Up to date' })).toBeVisible();
  await expect(syncFact(details, 'Service')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(syncFact(details, 'Pending changes')).toHaveText('0');
});

test('Sync now syncs again', async ({ page }) => {
  await page.goto('/');
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /, { timeout: 60_000 });
  const before = await lastSyncAt(page);
  expect(before).toBeTruthy();
  const details = await openSyncDetails(page);
  await details.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => syncFact(details, 'Last sync').locator('time').getAttribute('datetime')).not.toBe(before);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · just now/);
});

test('an edit shows as pending at once and is sent on its own a few seconds later', async ({ page }) => {
  await page.goto('/');
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /, { timeout: 60_000 });
  // A long interval: what sends the edit is the edit itself, not the periodic sync.
  await syncOnlyOnDemand(page);
  await page.keyboard.press('Escape');

  await openSomeContact(page, 2);
  await editField(page, 'City', `Pendingville ${Date.now() % 100000}`);

  await expect(syncStatus(page)).toHaveAccessibleName(/1 change waiting to be sent/);
  await expect(detail(page).getByText('1 change pending sync')).toBeVisible();
  await expect(detail(page).getByText(/pending sync/)).toHaveCount(0, { timeout: 15_000 });
  await expect(syncStatus(page)).not.toHaveAccessibleName(/waiting/);
  const details = await openSyncDetails(page);
  await expect(syncFact(details, 'Pending changes')).toHaveText('0');
});

test('the Conflicts view says when there is nothing to resolve', async ({ page }) => {
  await page.goto('/#/conflicts');
  await expect(page.getByRole('heading', { name: 'Sync', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Conflicts/, selected: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No conflicts' })).toBeVisible();
  await expect(page.getByText('Edits from everyone merged cleanly.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync' })).toHaveAttribute('aria-current', 'page');

  // The other lists of the page, with their own addresses.
  await page.getByRole('tab', { name: /Rejected changes/ }).click();
  await expect(page).toHaveURL(/#\/sync\/rejected$/);
  await expect(page.getByRole('heading', { name: 'No rejected changes' })).toBeVisible();
  await page.getByRole('tab', { name: /Quarantined/ }).click();
  await expect(page.getByRole('heading', { name: 'Nothing quarantined' })).toBeVisible();
});

test('going offline shows Offline at once, and coming back online syncs', async ({ page, context }) => {
  const reports: boolean[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { method?: string; input?: { online?: boolean } };
      if (message.method === 'sync.setOnline' && typeof message.input?.online === 'boolean') reports.push(message.input.online);
    }),
  );
  await page.goto('/');
  await expect(syncStatus(page)).toHaveAccessibleName(/^Synced · /, { timeout: 60_000 });
  await syncOnlyOnDemand(page);
  const before = await lastSyncAt(page);
  await page.keyboard.press('Escape');

  await context.setOffline(true);
  await expect(syncStatus(page)).toHaveAccessibleName(/^Offline/);
  const details = await openSyncDetails(page);
  await expect(details.getByRole('heading', { name: 'Offline' })).toBeVisible();
  await expect(syncFact(details, 'Next sync')).toHaveText('When back online');
  await page.keyboard.press('Escape');

  await context.setOffline(false);
  await expect(syncStatus(page)).toHaveAccessibleName(/^(Synced|Syncing)/);
  // The app told the core both: offline (delivered once the page's network is back), then online.
  await expect.poll(() => reports.slice(-2)).toEqual([false, true]);
  await expect.poll(() => lastSyncAt(page)).not.toBe(before);
});
