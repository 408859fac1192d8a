/**
 * The recovery screen: a host started on a workspace file that is no longer a database
 * (with a backup beside it) shows why, where the file is and the backups; choosing one
 * checks it, Restore asks first, and the restore opens the app with the backup's contacts.
 * Its own hosts (one to make the backup, one on the damaged file): nothing shared changes.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { contactRows, expect, shownCount, test } from './fixtures';
import { startHost, type Running } from './sync-helpers';

const DAMAGED = 'This file was a workspace once. '.repeat(64);

/** One call to a host's API, as its page would make it (same origin). */
function callHost(url: string, method: string, input: unknown): Promise<{ ok: boolean }> {
  const origin = new URL(url).origin;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/ws`, { headers: { Origin: origin } });
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, method, input })));
    socket.on('message', (data: Buffer) => {
      resolve((JSON.parse(data.toString()) as { envelope: { ok: boolean } }).envelope);
      socket.close();
    });
    socket.on('error', reject);
  });
}

let host: Running & { folder: string };
test.beforeAll(async () => {
  const first = await startHost({ seed: 120 });
  expect(await callHost(first.url, 'backups.create', {})).toMatchObject({ ok: true });
  await first.stop();
  writeFileSync(join(first.folder, 'workspace.db'), DAMAGED);
  host = await startHost({ folder: first.folder });
});
test.afterAll(async () => {
  await host.stop();
});

test('a damaged workspace opens on the recovery screen, and restoring a backup opens the app with its contacts', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'The workspace database is damaged' })).toBeVisible();
  await expect(page.getByText(/left exactly as it is/)).toBeVisible();
  await expect(page.getByText(join(host.folder, 'workspace.db'), { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy the workspace file’s path' })).toBeVisible();

  const backups = page.getByRole('radiogroup', { name: 'Backups' });
  await expect(backups.getByRole('radio')).toHaveCount(1);
  await backups.getByRole('radio').first().click();
  await expect(backups.getByRole('radio').first()).toHaveAttribute('aria-checked', 'true');
  const chosen = page.getByLabel('The chosen backup');
  await expect(chosen.getByText('This backup is sound and can be restored')).toBeVisible();
  await expect(chosen.getByText('120', { exact: true })).toBeVisible();

  await chosen.getByRole('button', { name: /^Restore the backup from/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog.getByText(/kept aside/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Restore now' }).click();

  // The app opens on the restored workspace.
  await expect(contactRows(page).first()).toBeVisible({ timeout: 30_000 });
  expect(await shownCount(page)).toBe(120);
  // The damaged file was kept aside, byte for byte.
  const keptAside = readdirSync(host.folder).find((name) => name.startsWith('workspace.db.replaced-'));
  expect(keptAside).toBeTruthy();
  expect(readFileSync(join(host.folder, keptAside!), 'utf8')).toBe(DAMAGED);
});
