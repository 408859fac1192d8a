import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startHost } from './sync-helpers';

interface Received {
  event: string;
  deliveryId: string;
  signature: string;
  raw: string;
}

/**
 * A receiver of this test's own. The seeded host is shared, so other tests' changes reach it too:
 * `pingStatuses` answer this test's pings only; while `failing` is set, everything gets a 500.
 */
async function startReceiver(pingStatuses: number[] = []): Promise<{ server: Server; url: string; received: Received[]; failing: { on: boolean } }> {
  const received: Received[] = [];
  const failing = { on: false };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const event = String(req.headers['x-nexvio-event']);
      received.push({ event, deliveryId: String(req.headers['x-nexvio-delivery']), signature: String(req.headers['x-nexvio-signature']), raw });
      const status = failing.on ? 500 : event === 'ping' ? (pingStatuses.shift() ?? 200) : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ answered: status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${Date.now()}`, received, failing };
}

async function deleteEndpoint(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${url}` }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(page.getByRole('listitem', { name: `Endpoint ${url}` })).toHaveCount(0);
}

async function openIntegrations(page: Page, base = '/'): Promise<void> {
  await page.goto(`${base}#/integrations`);
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
}

test('adds a webhook endpoint, tests it and shows the delivery log with the response; redelivers; deletes', async ({ page }) => {
  const receiver = await startReceiver([503]);
  try {
    await openIntegrations(page);
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    // Only http and https: the core's message shows beside the field.
    await dialog.getByLabel('Endpoint URL').fill('ftp://example.com/hooks');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(dialog.getByText('Only http:// and https:// URLs can receive webhooks')).toBeVisible();
    await dialog.getByLabel('Endpoint URL').fill(receiver.url);
    await dialog.getByLabel('Description').fill('e2e receiver');
    await dialog.getByRole('checkbox', { name: /Note added/ }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret is shown once; the receiver uses it to check the signature.
    const secretDialog = page.getByRole('dialog', { name: 'Your signing secret' });
    const secret = ((await secretDialog.getByLabel('Signing secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole('button', { name: 'Done' }).click();
    await expect(secretDialog).toBeHidden();

    const card = page.getByRole('listitem', { name: `Endpoint ${receiver.url}` });
    await expect(card.getByText('Active')).toBeVisible();
    await expect(card.getByText('Signing secret set')).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    // The first test meets a 503: the log says so, with the response's start.
    await card.getByRole('button', { name: `Send a test to ${receiver.url}` }).click();
    await expect(page.getByText('Test failed')).toBeVisible();
    const log = card.getByRole('table', { name: 'Deliveries' });
    const row = log.getByRole('row').filter({ hasText: 'Test (ping)' });
    await expect(row).toHaveCount(1);
    await expect(row.getByText('503', { exact: true })).toBeVisible();
    await row.getByRole('button', { name: /Show the details of delivery/ }).click();
    await expect(card.getByLabel('Response excerpt')).toHaveText('{"answered":503}');

    // Redeliver: the same delivery id, delivered this time.
    await row.getByRole('button', { name: /Redeliver/ }).click();
    await expect(page.getByText('Delivered again')).toBeVisible();
    await expect(row.getByText('200', { exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: '2', exact: true })).toBeVisible();
    const pings = receiver.received.filter((r) => r.event === 'ping');
    expect(pings).toHaveLength(2);
    expect(pings[0]?.deliveryId).toBe(pings[1]?.deliveryId);
    for (const request of receiver.received) {
      const [t, v1] = request.signature.split(',').map((part) => part.split('=')[1]);
      expect(createHmac('sha256', secret).update(`${t}.${request.raw}`).digest('hex')).toBe(v1);
    }

    // Pause and resume from the menu; the paused notice offers Resume.
    await card.getByRole('button', { name: `More actions for ${receiver.url}` }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await expect(card.getByText('Paused: nothing is sent')).toBeVisible();
    await card.getByRole('button', { name: `Resume ${receiver.url}` }).click();
    await expect(card.getByText('Active')).toBeVisible();

    // Deleted at the end, so the shared host does not keep sending to a closed receiver.
    await deleteEndpoint(page, receiver.url);
  } finally {
    receiver.server.closeAllConnections();
    receiver.server.close();
  }
});

/** Creates a contact of this test's own through the host's WebSocket API (as erase.spec.ts does). */
async function createOwnContact(page: Page, fields: Record<string, string>): Promise<void> {
  await page.evaluate(async (input) => {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    await new Promise<void>((resolve) => {
      socket.onmessage = (message) => {
        if ((JSON.parse(String(message.data)) as { id?: number }).id === 1) resolve();
      };
      socket.send(JSON.stringify({ id: 1, method: 'contacts.create', input: { fields: input } }));
    });
    socket.close();
  }, fields);
}

test('an endpoint that keeps failing is paused, with a notice anywhere in the app, and resumes', async ({ page }) => {
  // A host of its own: the pause notice goes to every window of a host, and would cover other tests' controls.
  const host = await startHost({ seed: 20 });
  const receiver = await startReceiver();
  receiver.failing.on = true;
  try {
    await openIntegrations(page, host.url);
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialog.getByLabel('Endpoint URL').fill(receiver.url);
    await dialog.getByText('Use my own', { exact: true }).click();
    await dialog.getByLabel('Your secret').fill('my-own-secret-1234567890');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('dialog', { name: 'Your signing secret' }).getByRole('button', { name: 'Done' }).click();

    // The notice shows on another page: ten new contacts, ten failed first attempts in a row.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Contacts', exact: true }).click();
    const stamp = Date.now();
    for (let i = 0; i < 10; i++) await createOwnContact(page, { firstName: 'Hook', lastName: `Failing ${stamp} ${i}` });
    const notice = page.getByRole('alert').filter({ hasText: 'A webhook endpoint was paused' });
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice).toContainText('10 attempts in a row failed');
    await notice.getByRole('button', { name: 'Open Integrations' }).click();

    const card = page.getByRole('listitem', { name: `Endpoint ${receiver.url}` });
    await expect(card.getByText('Paused: nothing is sent')).toBeVisible();
    await expect(card.getByText(/10 attempts in a row failed/)).toBeVisible();
    // Fixed: on Resume the waiting events go out.
    receiver.failing.on = false;
    await card.getByRole('button', { name: `Resume ${receiver.url}` }).click();
    await expect(card.getByText('Active')).toBeVisible();
    await expect(card.getByText(/waiting/)).toHaveCount(0);

    await deleteEndpoint(page, receiver.url);
  } finally {
    receiver.server.closeAllConnections();
    receiver.server.close();
    await host.stop();
  }
});
