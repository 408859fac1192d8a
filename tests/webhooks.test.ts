/**
 * Webhooks end to end in the core: a local HTTP receiver that checks every request the way a
 * customer's would (the HMAC recomputed from the raw body and `t`, the delivery id header
 * against the payload's id), and the dispatcher's queue, retries, pausing and privacy rules.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../preload/contract.js';
import { validateCall } from '../core/api/validate.js';
import { recordConsent } from '../core/services/consent.js';
import { createContact, setTag, updateContact } from '../core/services/contacts.js';
import { deleteContact } from '../core/services/delete-contact.js';
import { eraseContact } from '../core/services/erase.js';
import { mergeContacts } from '../core/services/merge.js';
import { createNote } from '../core/services/notes.js';
import { createEndpoint, deleteEndpoint, LOG_KEEP_PER_ENDPOINT, listDeliveries, listEndpoints, updateEndpoint, WebhookDispatcher, WebhookSecrets, type DispatcherOptions } from '../core/services/webhooks.js';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { tempDir } from './helpers.js';

interface Received {
  deliveryId: string;
  event: string;
  body: Record<string, unknown> & { id: string; event: string; occurred_at: string; data: Record<string, unknown> };
  verified: boolean;
}
type Reply = (req: IncomingMessage, res: ServerResponse) => void;

/** A receiver that verifies like a customer's would, and answers with the queued replies (then 200). */
class Receiver {
  readonly received: Received[] = [];
  readonly replies: Reply[] = [];
  secret = '';
  private readonly server: Server;
  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<Receiver> {
    let self: Receiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const receiver = self as Receiver;
        const signature = String(req.headers['x-nexvio-signature'] ?? '');
        const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
        const expected = match ? createHmac('sha256', receiver.secret).update(`${match[1]}.${raw}`).digest() : null;
        const body = JSON.parse(raw) as Received['body'];
        const deliveryId = String(req.headers['x-nexvio-delivery'] ?? '');
        const fresh = match ? Math.abs(Date.now() / 1000 - Number(match[1])) < 300 : false;
        const verified = !!match && !!expected && timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex')) && fresh && deliveryId === body.id;
        receiver.received.push({ deliveryId, event: String(req.headers['x-nexvio-event']), body, verified });
        const reply = receiver.replies.shift();
        if (reply) reply(req, res);
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new Receiver(server);
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const status =
  (code: number, body = '', headers: Record<string, string> = {}): Reply =>
  (_req, res) =>
    res.writeHead(code, headers).end(body);

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

interface Setup {
  ws: Workspace;
  receiver: Receiver;
  dispatcher: WebhookDispatcher;
  endpointId: string;
  clock: { now: number };
  online: { value: boolean };
  path: string;
}

async function setup(options: DispatcherOptions & { events?: Parameters<typeof createEndpoint>[2]['events'] } = {}): Promise<Setup> {
  const dir = tempDir('nexvio-webhooks-');
  const path = join(dir.path, 'w.db');
  const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
  const receiver = await Receiver.start();
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => void ws.db.close());
  cleanups.push(() => receiver.close());
  const clock = { now: Date.now() };
  const online = { value: true };
  const dispatcher = new WebhookDispatcher(ws, { now: () => clock.now, isOnline: () => online.value, random: () => 0.5, ...options });
  const { endpoint, secret } = createEndpoint(ws, dispatcher.secrets, {
    url: receiver.url,
    events: options.events ?? ['contact.created', 'contact.updated', 'contact.deleted', 'contact.merged', 'contact.erased', 'note.created', 'contact.tag_added', 'contact.tag_removed', 'consent.changed'],
    description: '',
  });
  receiver.secret = secret;
  return { ws, receiver, dispatcher, endpointId: endpoint.id, clock, online, path };
}

function deliveries(s: Setup) {
  return listDeliveries(s.ws, s.endpointId, undefined, 200).deliveries;
}

describe('webhooks', () => {
  it('sends each listed action as its event, signed, with the documented payload built from the row', async () => {
    const s = await setup();
    const ada = createContact(s.ws, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', city: 'London' });
    updateContact(s.ws, ada.id, { city: 'Paris' });
    setTag(s.ws, ada.id, 'vip', true);
    setTag(s.ws, ada.id, 'vip', false);
    const note = createNote(s.ws, ada.id, 'Called about **pricing**');
    recordConsent(s.ws, { contactId: ada.id, purpose: 'marketing_email', status: 'granted', source: 'phone call', evidence: 'ticket 12' });
    const bo = createContact(s.ws, { firstName: 'Bo', email: 'bo@example.com' });
    mergeContacts(s.ws, { primaryId: ada.id, otherIds: [bo.id], choices: {}, customFields: {} });
    const cy = createContact(s.ws, { firstName: 'Cy', email: 'cy@example.com' });
    await s.dispatcher.drain();
    deleteContact(s.ws, cy.id);
    await s.dispatcher.drain();

    const received = s.receiver.received;
    expect(received.every((r) => r.verified)).toBe(true);
    expect(received.map((r) => r.event)).toEqual([
      'contact.created',
      'contact.updated',
      'contact.tag_added',
      'contact.tag_removed',
      'note.created',
      'consent.changed',
      'contact.created',
      'contact.merged',
      'contact.created',
      'contact.deleted',
    ]);
    const byEvent = (event: string) => received.find((r) => r.event === event)?.body as Received['body'];
    const created = byEvent('contact.created');
    expect(created).toMatchObject({ event: 'contact.created', workspace: { name: expect.any(String) as string } });
    expect(Date.parse(created.occurred_at)).not.toBeNaN();
    // Built when queued (after the whole burst): the row as it is then.
    expect(created.data['contact']).toMatchObject({ id: ada.id, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', city: 'Paris', tags: [] });
    expect(byEvent('contact.updated').data).toMatchObject({ contact: { id: ada.id, city: 'Paris' }, changed_fields: ['city'] });
    expect(byEvent('contact.tag_added').data).toMatchObject({ contact: { id: ada.id }, tag: 'vip' });
    expect(byEvent('note.created').data).toMatchObject({ note: { id: note.id, contact_id: ada.id, body: 'Called about **pricing**', pinned: false } });
    expect(byEvent('consent.changed').data).toEqual({ contact: { id: ada.id }, consent: { purpose: 'marketing_email', status: 'granted' } });
    expect(byEvent('contact.merged').data).toMatchObject({ contact: { id: ada.id }, merged_ids: [bo.id] });
    expect(byEvent('contact.deleted').data).toEqual({ contact: { id: cy.id } });
    // Each delivery id once, and the log agrees.
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(received.length);
    expect(deliveries(s).every((d) => d.state === 'delivered' && d.statusCode === 200 && d.attempts === 1 && d.responseExcerpt === 'ok')).toBe(true);
  });

  it('sends an erasure by id only, and removes the queued and logged deliveries that carried the person', async () => {
    const s = await setup();
    const eve = createContact(s.ws, { firstName: 'Eve', lastName: 'Secretname', email: 'eve.secret@example.com' });
    await s.dispatcher.drain();
    createNote(s.ws, eve.id, 'Eve note text');
    s.dispatcher.enqueueNew(); // queued, not sent yet
    eraseContact(s.ws, eve.id, { origin: 'local' });
    await s.dispatcher.drain();
    const erased = s.receiver.received.find((r) => r.event === 'contact.erased');
    expect(erased?.body.data).toEqual({ contact: { id: eve.id } });
    expect(erased?.verified).toBe(true);
    // The queued note was never sent, and nothing left in the log names her.
    expect(s.receiver.received.map((r) => r.event)).toEqual(['contact.created', 'contact.erased']);
    expect(deliveries(s).map((d) => d.event)).toEqual(['contact.erased']);
    s.ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(s.path).toString('latin1');
    expect(bytes).not.toContain('eve.secret@example.com');
    expect(bytes).not.toContain('Eve note text');
  });

  it('retries a 500 with the same delivery id, and records each attempt', async () => {
    const s = await setup({ retryDelaysMs: [60_000, 60_000] });
    s.receiver.replies.push(status(500, 'database down'));
    createContact(s.ws, { firstName: 'Retry' });
    await s.dispatcher.drain();
    let [delivery] = deliveries(s);
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1, statusCode: 500, responseExcerpt: 'database down' });
    expect(Date.parse(delivery?.nextAttemptAt ?? '')).toBe(s.clock.now + 60_000);
    await s.dispatcher.drain();
    expect(s.receiver.received).toHaveLength(1); // not due yet
    s.clock.now += 60_001;
    await s.dispatcher.drain();
    [delivery] = deliveries(s);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2, statusCode: 200 });
    expect(s.receiver.received.map((r) => r.deliveryId)).toEqual([delivery?.id, delivery?.id]);
    expect(s.receiver.received.every((r) => r.verified)).toBe(true);
  });

  it('gives up on a request that takes longer than the timeout, and retries it', async () => {
    const s = await setup({ timeoutMs: 300, retryDelaysMs: [1000] });
    s.receiver.replies.push(() => undefined); // never answers
    createContact(s.ws, { firstName: 'Slow' });
    const started = performance.now();
    await s.dispatcher.drain();
    expect(performance.now() - started).toBeLessThan(3000);
    expect(deliveries(s)[0]).toMatchObject({ state: 'pending', attempts: 1, statusCode: null, error: 'No answer within 0.3 s' });
    s.clock.now += 2000;
    await s.dispatcher.drain();
    expect(deliveries(s)[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('says why an unreachable receiver failed, and retries it', async () => {
    const s = await setup({ retryDelaysMs: [1000] });
    // A port nothing listens on: the receiver was just closed.
    const closed = await Receiver.start();
    const url = closed.url;
    await closed.close();
    updateEndpoint(s.ws, s.dispatcher.secrets, { id: s.endpointId, url });
    createContact(s.ws, { firstName: 'Nobody home' });
    await s.dispatcher.drain();
    expect(deliveries(s)[0]).toMatchObject({ state: 'pending', attempts: 1, statusCode: null, error: 'Connection refused' });
    updateEndpoint(s.ws, s.dispatcher.secrets, { id: s.endpointId, url: s.receiver.url });
    s.clock.now += 2000;
    await s.dispatcher.drain();
    expect(deliveries(s)[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('waits at least as long as a 429 asks with Retry-After', async () => {
    const s = await setup({ retryDelaysMs: [1000, 1000] });
    s.receiver.replies.push(status(429, 'slow down', { 'retry-after': '120' }));
    createContact(s.ws, { firstName: 'Limited' });
    await s.dispatcher.drain();
    expect(Date.parse(deliveries(s)[0]?.nextAttemptAt ?? '')).toBe(s.clock.now + 120_000);
    s.clock.now += 60_000;
    await s.dispatcher.drain();
    expect(s.receiver.received).toHaveLength(1);
    s.clock.now += 60_001;
    await s.dispatcher.drain();
    expect(deliveries(s)[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('does not retry another 4xx, gives up after the schedule, and pauses an endpoint that answers 410', async () => {
    const s = await setup({ retryDelaysMs: [10] });
    s.receiver.replies.push(status(400, '{"error":"bad"}'));
    createContact(s.ws, { firstName: 'Rejected' });
    await s.dispatcher.drain();
    s.clock.now += 3600_000;
    await s.dispatcher.drain();
    expect(s.receiver.received).toHaveLength(1);
    expect(deliveries(s)[0]).toMatchObject({ state: 'failed', attempts: 1, statusCode: 400, responseExcerpt: '{"error":"bad"}' });
    expect(deliveries(s)[0]?.error).toMatch(/not retried/);

    s.receiver.replies.push(status(503), status(503));
    createContact(s.ws, { firstName: 'Unlucky' });
    await s.dispatcher.drain();
    s.clock.now += 100;
    await s.dispatcher.drain();
    expect(deliveries(s)[0]).toMatchObject({ state: 'failed', attempts: 2, statusCode: 503 });
    expect(deliveries(s)[0]?.error).toMatch(/gave up after 2 attempts/);

    s.receiver.replies.push(status(410));
    createContact(s.ws, { firstName: 'Gone' });
    await s.dispatcher.drain();
    expect(listEndpoints(s.ws, s.dispatcher.secrets)[0]).toMatchObject({ state: 'paused', pausedReason: 'The receiver answered 410 Gone' });
  });

  it('keeps the queue while offline and delivers when the device is back online', async () => {
    const s = await setup();
    s.online.value = false;
    createContact(s.ws, { firstName: 'Offline' });
    createContact(s.ws, { firstName: 'Offline too' });
    await s.dispatcher.drain();
    expect(s.receiver.received).toHaveLength(0);
    expect(listEndpoints(s.ws, s.dispatcher.secrets)[0]?.pending).toBe(2);
    s.online.value = true;
    await s.dispatcher.drain();
    expect(s.receiver.received.map((r) => r.event)).toEqual(['contact.created', 'contact.created']);
    expect(listEndpoints(s.ws, s.dispatcher.secrets)[0]?.pending).toBe(0);
  });

  it('delivers once, with the same id, what was queued before a crash', async () => {
    const s = await setup();
    createContact(s.ws, { firstName: 'Crash' });
    s.dispatcher.enqueueNew();
    const [queued] = deliveries(s);
    expect(queued?.state).toBe('pending');
    s.ws.db.close(); // the process dies here: nothing was sent
    const reopened = openWorkspace({ databasePath: s.path, host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => void reopened.db.close());
    const dispatcher = new WebhookDispatcher(reopened, { now: () => s.clock.now });
    await dispatcher.drain();
    await dispatcher.drain();
    expect(s.receiver.received.map((r) => r.deliveryId)).toEqual([queued?.id]);
    expect(s.receiver.received[0]?.verified).toBe(true);
    // Nothing in the audit log before the cursor is queued again.
    dispatcher.enqueueNew();
    expect(listDeliveries(reopened, s.endpointId, undefined, 10).deliveries).toHaveLength(1);
  });

  it('pauses an endpoint after failures in a row, tells the UI, and sends the waiting deliveries on Resume', async () => {
    const s = await setup({ retryDelaysMs: [10, 10, 10, 10], pauseAfterFailures: 3 });
    const events: AppEvent[] = [];
    s.ws.events.on((e) => events.push(e));
    for (let i = 0; i < 5; i++) s.receiver.replies.push(status(500));
    createContact(s.ws, { firstName: 'One' });
    createContact(s.ws, { firstName: 'Two' });
    for (let round = 0; round < 4; round++) {
      await s.dispatcher.drain();
      s.clock.now += 20;
    }
    const [endpoint] = listEndpoints(s.ws, s.dispatcher.secrets);
    expect(endpoint).toMatchObject({ state: 'paused', pausedReason: '3 attempts in a row failed', pending: 2 });
    expect(events).toContainEqual({ type: 'webhooks.changed', paused: { endpointId: s.endpointId, url: s.receiver.url, reason: '3 attempts in a row failed' } });
    const sentWhilePaused = s.receiver.received.length;
    s.clock.now += 1000;
    await s.dispatcher.drain();
    expect(s.receiver.received).toHaveLength(sentWhilePaused);
    s.receiver.replies.length = 0;
    updateEndpoint(s.ws, s.dispatcher.secrets, { id: s.endpointId, enabled: true });
    s.clock.now = Date.now() + 1;
    await s.dispatcher.drain();
    expect(listEndpoints(s.ws, s.dispatcher.secrets)[0]).toMatchObject({ state: 'active', pending: 0, failureStreak: 0 });
    expect(deliveries(s).map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(s.ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'webhook.pause' AND entity_id = ?").pluck().get(s.endpointId)).toBe(1);
  });

  it('sends a signed ping on Test and the same delivery again on Redeliver', async () => {
    const s = await setup();
    s.receiver.replies.push(status(502, 'bad gateway'));
    const ping = await s.dispatcher.test(s.endpointId);
    expect(ping).toMatchObject({ event: 'ping', state: 'failed', statusCode: 502, attempts: 1, responseExcerpt: 'bad gateway' });
    const again = await s.dispatcher.redeliver(ping.id);
    expect(again).toMatchObject({ id: ping.id, state: 'delivered', statusCode: 200, attempts: 2 });
    expect(s.receiver.received.map((r) => [r.event, r.deliveryId, r.verified])).toEqual([
      ['ping', ping.id, true],
      ['ping', ping.id, true],
    ]);
    expect(s.receiver.received[0]?.body.data).toMatchObject({ endpoint: { id: s.endpointId } });
    // A test's failure does not count towards pausing.
    expect(listEndpoints(s.ws, s.dispatcher.secrets)[0]?.failureStreak).toBe(0);
  });

  it('cuts the response excerpt at 1 KB', async () => {
    const s = await setup();
    s.receiver.replies.push(status(200, 'x'.repeat(5000)));
    const ping = await s.dispatcher.test(s.endpointId);
    expect(ping.responseExcerpt).toHaveLength(1024);
  });

  it('accepts only http and https URLs without credentials, and at least one known event', async () => {
    const s = await setup();
    const create = (url: string) => createEndpoint(s.ws, s.dispatcher.secrets, { url, events: ['contact.created'], description: '' });
    expect(() => create('ftp://example.com/x')).toThrow(/Only http/);
    expect(() => create('file:///etc/passwd')).toThrow(/Only http/);
    expect(() => create('https://user:pw@example.com/x')).toThrow(/user name and password/);
    expect(() => create('not a url')).toThrow(/full URL/);
    expect(() => createEndpoint(s.ws, s.dispatcher.secrets, { url: 'https://example.com', events: [], description: '' })).toThrow(/at least one event/);
    expect(validateCall('webhooks.create', { url: 'javascript:alert(1)', events: ['contact.created'] })).toMatchObject({ ok: false, error: { path: ['url'] } });
    expect(validateCall('webhooks.create', { url: 'https://example.com', events: ['contact.exploded'] })).toMatchObject({ ok: false });
    expect(validateCall('webhooks.create', { url: 'https://example.com', events: [] })).toMatchObject({ ok: false, error: { path: ['events'] } });
    expect(validateCall('webhooks.create', { url: 'https://example.com/h', events: ['contact.created'] })).toMatchObject({ ok: true });
    expect(listEndpoints(s.ws, s.dispatcher.secrets)).toHaveLength(1);
  });

  it('keeps the secret out of the database file, the audit log and the list; an owner-only file holds it', async () => {
    const secret = 'whsec_ThisIsMyVerySecretValue123';
    const dir = tempDir('nexvio-webhooks-');
    cleanups.push(() => dir.cleanup());
    const path = join(dir.path, 'w.db');
    const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    const secrets = WebhookSecrets.beside(path);
    const { endpoint } = createEndpoint(ws, secrets, { url: 'https://example.com/hooks?token=abc', events: ['contact.created'], description: 'CRM', secret });
    updateEndpoint(ws, secrets, { id: endpoint.id, rotateSecret: true, secret: `${secret}-2` });
    expect(listEndpoints(ws, secrets)[0]).toMatchObject({ secretSet: true });
    expect(JSON.stringify(listEndpoints(ws, secrets))).not.toContain(secret);
    const audit = ws.db.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'webhook.%' ORDER BY seq").all() as { action: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update']);
    expect(audit[1]?.details).toBe(JSON.stringify({ fields: ['secret'] }));
    expect(JSON.stringify(audit)).not.toContain('Secret');
    expect(JSON.stringify(audit)).not.toContain('token=abc');
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    ws.db.close();
    for (const file of readdirSync(dir.path).filter((f) => f.startsWith('w.db') && !f.includes('webhook-secrets'))) {
      expect(readFileSync(join(dir.path, file)).toString('latin1')).not.toContain('ThisIsMyVerySecretValue');
    }
    expect(statSync(secrets.path).mode & 0o777).toBe(0o600);
    expect(secrets.get(endpoint.id)).toBe(`${secret}-2`);
    const reopened = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    deleteEndpoint(reopened, secrets, endpoint.id);
    expect(secrets.get(endpoint.id)).toBeNull();
    reopened.db.close();
  });

  it('prunes finished deliveries older than 30 days and beyond 10,000 per endpoint, never waiting ones', async () => {
    const s = await setup({ isOnline: () => false });
    const insert = s.ws.db.prepare("INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, state, next_attempt_at, created_at) VALUES (?, ?, 'ping', '{}', ?, 0, ?)");
    const old = new Date(s.clock.now - 31 * 24 * 3600_000).toISOString();
    const recent = new Date(s.clock.now - 3600_000).toISOString();
    s.ws.transaction(() => {
      insert.run('old-delivered', s.endpointId, 'delivered', old);
      insert.run('old-pending', s.endpointId, 'pending', old);
      for (let i = 0; i < LOG_KEEP_PER_ENDPOINT + 5; i++) insert.run(`recent-${i}`, s.endpointId, i % 2 ? 'delivered' : 'failed', recent);
    });
    s.dispatcher.prune();
    const ids = s.ws.db.prepare('SELECT id FROM webhook_deliveries ORDER BY seq').pluck().all() as string[];
    expect(ids).not.toContain('old-delivered');
    expect(ids).toContain('old-pending');
    expect(ids.filter((id) => id.startsWith('recent-'))).toHaveLength(LOG_KEEP_PER_ENDPOINT);
    expect(ids).not.toContain('recent-4'); // the oldest go first
    expect(ids).toContain(`recent-${LOG_KEEP_PER_ENDPOINT + 4}`);
  });

  it('only queues what happened after an endpoint was created, and only its chosen events', async () => {
    const dir = tempDir('nexvio-webhooks-');
    cleanups.push(() => dir.cleanup());
    const ws = openWorkspace({ databasePath: join(dir.path, 'w.db'), host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => void ws.db.close());
    const dispatcher = new WebhookDispatcher(ws, { isOnline: () => false });
    const before = createContact(ws, { firstName: 'Before' });
    const { endpoint } = createEndpoint(ws, dispatcher.secrets, { url: 'https://example.com/h', events: ['contact.updated'], description: '' });
    updateContact(ws, before.id, { city: 'Oslo' });
    createContact(ws, { firstName: 'After' });
    dispatcher.enqueueNew();
    expect(listDeliveries(ws, endpoint.id, undefined, 10).deliveries.map((d) => d.event)).toEqual(['contact.updated']);
  });
});
