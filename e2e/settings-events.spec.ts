/**
 * What the host tells the window (deep links, menu items, notices, a downloaded update): the
 * browser host sends them over its WebSocket like any event, so the test hands the page such
 * a message as if the host had sent it, and checks what the person sees.
 */
import type { Page } from '@playwright/test';
import type { SessionEvent } from '../preload/contract';
import { contactRows, detail, expect, openApp, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  // Keeps a handle on the page's sockets to deliver host events through them.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { hostSockets: WebSocket[] }).hostSockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
});

async function hostSends(page: Page, event: SessionEvent): Promise<void> {
  await page.evaluate((message) => {
    for (const socket of (window as unknown as { hostSockets: WebSocket[] }).hostSockets) {
      if (socket.readyState === WebSocket.OPEN) socket.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ event: message }) }));
    }
  }, event);
}

test('a deep link opens its contact, or says it is not in this workspace', async ({ page }) => {
  await openApp(page);
  const row = contactRows(page).nth(2);
  const id = (await row.getAttribute('data-contact-id')) ?? '';
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Settings/ }).click();
  await hostSends(page, { type: 'app.openContact', id });
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();

  await hostSends(page, { type: 'app.openContact', id: 'c_not_here_at_all' });
  await expect(page.getByRole('alert').filter({ hasText: 'That contact is not in this workspace' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
});

test('a menu item opens its view; a notice is shown, an error one until it is closed', async ({ page }) => {
  await openApp(page);
  await hostSends(page, { type: 'app.navigate', view: 'settings' });
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await hostSends(page, { type: 'app.navigate', view: 'sync' });
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();

  await hostSends(page, { type: 'app.notice', level: 'error', title: 'That link could not be opened', message: 'The contact id in it is not valid.' });
  const notice = page.getByRole('alert').filter({ hasText: 'That link could not be opened' });
  await expect(notice).toContainText('The contact id in it is not valid.');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('a downloaded update offers Restart now and Later', async ({ page }) => {
  await openApp(page);
  const ready: SessionEvent = {
    type: 'updates.status',
    status: { state: 'ready', feed: 'https://updates.example.com', currentVersion: '0.1.0', availableVersion: '0.2.0', percent: 100, lastCheckedAt: new Date().toISOString(), message: null },
  };
  await hostSends(page, ready);
  const offer = page.getByRole('alert').filter({ hasText: 'Nexvio Contacts 0.2.0 is ready' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Later' }).click();
  await expect(offer).toHaveCount(0);

  // Offered once per version: the same status again (a progress repeat) does not ask again.
  await hostSends(page, ready);
  await hostSends(page, { ...ready, status: { ...ready.status, availableVersion: '0.2.1' } } as SessionEvent);
  const newer = page.getByRole('alert').filter({ hasText: 'Nexvio Contacts 0.2.1 is ready' });
  await expect(newer).toBeVisible();
  await expect(offer).toHaveCount(0);
  // The browser host has nothing to install: it says so instead of restarting.
  await newer.getByRole('button', { name: 'Restart now' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'No update is ready to install' })).toBeVisible();
});

test('Settings → Updates follows the updater: progress, an error in words, Restart to update after a confirm', async ({ page }) => {
  await page.goto('/#/settings/updates');
  const updates = page.getByRole('region', { name: 'Updates' });
  await expect(updates.getByText('Not set up', { exact: true })).toBeVisible();
  const status = { feed: 'https://updates.example.com', currentVersion: '0.1.0', lastCheckedAt: new Date(Date.now() - 5 * 60_000).toISOString() };

  await hostSends(page, { type: 'updates.status', status: { ...status, state: 'downloading', availableVersion: '0.2.0', percent: 42, message: null } });
  await expect(updates).toContainText('Downloading version 0.2.0… 42%');
  await expect(updates.getByRole('progressbar', { name: 'Download progress' })).toHaveAttribute('aria-valuenow', '42');
  await expect(updates).toContainText('5 minutes ago');
  await expect(updates.getByRole('button', { name: 'Check now' })).toBeDisabled();

  await hostSends(page, {
    type: 'updates.status',
    status: { ...status, state: 'error', availableVersion: null, percent: null, message: 'The update server could not be reached (updates.example.com).' },
  });
  await expect(updates.getByRole('alert').filter({ hasText: 'The last check failed' })).toContainText('The update server could not be reached (updates.example.com).');
  await expect(updates.getByRole('button', { name: 'Check now' })).toBeEnabled();

  await hostSends(page, { type: 'updates.status', status: { ...status, state: 'ready', availableVersion: '0.2.0', percent: 100, message: null } });
  await updates.getByRole('button', { name: 'Restart to update' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restart to install the update?' });
  await expect(confirm).toContainText('installs version 0.2.0');
  await confirm.getByRole('button', { name: 'Restart now' }).click();
  // The browser host has no updater: nothing restarts, and it says so.
  await expect(page.getByRole('alert').filter({ hasText: 'No update is ready to install' })).toBeVisible();
  await expect(confirm).toHaveCount(0);
});
