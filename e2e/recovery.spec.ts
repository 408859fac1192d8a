/**
 * The recovery screen: a host started on a workspace file that is no longer a database
 * (with a backup beside it) shows why, where the file is and the backups; choosing one
 * checks it, Restore asks first, and the restore opens the app with the backup's contacts.
 * Without a backup, the file is set aside and an empty workspace opens.
 * Its own hosts (one to make the backup, one on the damaged file): nothing shared changes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Page } from '@playwright/test';
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

/** A host whose workspace has a backup and was then damaged: the first host makes the backup, the second opens the damaged file. */
async function damagedHostWithBackup(): Promise<Running & { folder: string }> {
  const first = await startHost({ seed: 120 });
  expect(await callHost(first.url, 'backups.create', {})).toMatchObject({ ok: true });
  await first.stop();
  writeFileSync(join(first.folder, 'workspace.db'), DAMAGED);
  return startHost({ folder: first.folder });
}

test('a damaged workspace opens on the recovery screen, and restoring a backup opens the app with its contacts', async ({ page }) => {
  const host = await damagedHostWithBackup();
  try {
    await restoreFromRecovery(page, host);
  } finally {
    await host.stop();
  }
});

async function restoreFromRecovery(page: Page, host: Running & { folder: string }): Promise<void> {
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
}

test('with no backup, the damaged file is set aside (kept) and an empty workspace opens', async ({ page }) => {
  const folder = mkdtempSync(join(process.env.NEXVIO_E2E_DATA ?? tmpdir(), 'host-no-backup-'));
  writeFileSync(join(folder, 'workspace.db'), DAMAGED);
  const bare = await startHost({ folder });
  try {
    await page.goto(bare.url);
    await expect(page.getByRole('heading', { name: 'The workspace database is damaged' })).toBeVisible();
    await expect(page.getByText('No backups yet')).toBeVisible();
    await page.getByRole('button', { name: 'Set the file aside and start empty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the file aside and start empty?' });
    await dialog.getByRole('button', { name: 'Start with an empty workspace' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to Nexvio Contacts' })).toBeVisible({ timeout: 30_000 });
    const setAside = readdirSync(folder).find((name) => name.startsWith('workspace.db.set-aside-'));
    expect(readFileSync(join(folder, setAside ?? 'missing'), 'utf8')).toBe(DAMAGED);
  } finally {
    await bare.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
