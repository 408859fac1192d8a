/** The HubSpot connector against a local server that follows HubSpot's batch upsert API. */
import { afterEach, describe, expect, it } from 'vitest';
import { updateContact } from '../core/services/contacts.js';
import { eraseContact } from '../core/services/erase.js';
import { DEFAULT_MAPPINGS } from '../core/connectors/mapping.js';
import { ConnectorService } from '../core/connectors/service.js';
import type { SyncStatus } from '../preload/contract.js';
import { contact, load, openTestWorkspace } from './helpers.js';
import { fakeHubSpot, HUBSPOT_TOKEN } from './support/fake-vendors.js';
import { consent, fastConnectors, push } from './support/connectors.js';

const IDLE: SyncStatus = {
  phase: 'idle',
  serviceUrl: 'http://127.0.0.1:1',
  online: true,
  lastSyncAt: null,
  lastError: null,
  nextAttemptAt: null,
  intervalSeconds: 60,
  pendingChanges: 0,
  rejectedChanges: 0,
  openConflicts: 0,
  quarantined: 0,
  converged: true,
  divergence: null,
  progress: null,
};

let ws: ReturnType<typeof openTestWorkspace>;
let server: ReturnType<typeof fakeHubSpot>;
afterEach(async () => {
  await server.stop();
  ws.cleanup();
});

async function setUp(count: number, serverOptions: Parameters<typeof fakeHubSpot>[0] = {}) {
  ws = openTestWorkspace();
  load(ws, { contacts: Array.from({ length: count }, (_, i) => contact({ id: `h${i}`, first_name: `Ann${i}`, last_name: 'Hub', email: `ann${i}@example.com`, city: 'Berlin' })) });
  server = await fakeHubSpot(serverOptions).start();
  const service = fastConnectors(ws, 'hubspot', server.url);
  service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
  return service;
}

describe('HubSpot connector', () => {
  it('pushes every mapped field in batches of at most 100, then nothing, then only the edited contact', async () => {
    const service = await setUp(150);
    const first = await push(service, 'hubspot');
    expect(first).toMatchObject({ state: 'succeeded', pushed: 150, failed: 0 });
    expect(server.requests.map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 50]);
    expect(server.contacts.get('ann7@example.com')).toMatchObject({ email: 'ann7@example.com', firstname: 'Ann7', lastname: 'Hub', city: 'Berlin', country: 'DE' });

    const second = await push(service, 'hubspot');
    expect(second).toMatchObject({ state: 'succeeded', pushed: 0, considered: 0 });
    expect(server.requests).toHaveLength(2);

    updateContact(ws, 'h7', { city: 'Lyon' });
    const third = await push(service, 'hubspot');
    expect(third).toMatchObject({ pushed: 1 });
    expect((server.requests[2]!.body as { inputs: { id: string }[] }).inputs.map((i) => i.id)).toEqual(['ann7@example.com']);
    expect(server.contacts.get('ann7@example.com')?.city).toBe('Lyon');
  });

  it('walks the contacts in windows, reporting progress, and still pushes each once', async () => {
    ws = openTestWorkspace();
    load(ws, { contacts: Array.from({ length: 20 }, (_, i) => contact({ id: `w${i}`, email: `win${i}@example.com` })) });
    server = await fakeHubSpot().start();
    const service = new ConnectorService(ws, { baseUrls: { hubspot: server.url }, rateLimits: { hubspot: { burst: 100, perSecond: 1000 } }, scanWindow: 7 });
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
    const progress: number[] = [];
    ws.events.on((event) => {
      if (event.type === 'progress' && event.job === 'connector:hubspot') progress.push(Math.round((100 * event.done) / event.total));
    });
    expect(await push(service, 'hubspot')).toMatchObject({ pushed: 20, considered: 20 });
    expect(server.requests.map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([7, 7, 6]);
    expect(progress).toEqual([35, 70, 100]);
    expect(server.contacts.size).toBe(20);
  });

  it('pushes after each sync that ended well while enabled, not at the status a session starts with', async () => {
    const service = await setUp(3);
    const status = (phase: SyncStatus['phase'], lastSyncAt: string | null) => ({ ...IDLE, phase, lastSyncAt });
    service.noteSyncStatus(status('idle', '2026-11-01T10:00:00.000Z')); // the last sync of an earlier session
    service.noteSyncStatus(status('idle', '2026-11-01T10:05:00.000Z')); // not enabled yet
    expect(service.info('hubspot').lastRun).toBeNull();
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, enabled: true });
    service.noteSyncStatus(status('syncing', '2026-11-01T10:05:00.000Z'));
    service.noteSyncStatus(status('error', '2026-11-01T10:05:00.000Z'));
    expect(service.info('hubspot').lastRun).toBeNull();
    service.noteSyncStatus(status('idle', '2026-11-01T10:10:00.000Z'));
    await service.whenDone('hubspot');
    expect(service.info('hubspot').lastRun).toMatchObject({ trigger: 'after_sync', state: 'succeeded', pushed: 3 });
  });

  it('sends two contacts with one email address in separate batches (HubSpot refuses an id twice in one)', async () => {
    const service = await setUp(2);
    // Pulled from the service: duplicates there are allowed (the Duplicates page finds them).
    load(ws, { contacts: [contact({ id: 'h2', email: 'ann0@example.com', city: 'Rome' })] });
    const run = await push(service, 'hubspot');
    expect(run).toMatchObject({ state: 'succeeded', pushed: 3, failed: 0 });
    expect(server.requests.map((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id))).toEqual([['ann0@example.com', 'ann1@example.com'], ['ann0@example.com']]);
    expect(server.contacts.get('ann0@example.com')?.city).toBe('Rome');
  });

  it('sends consent through a mapped property and a changed consent pushes that contact again', async () => {
    const service = await setUp(2);
    service.save({ vendor: 'hubspot', settings: { mapping: [...DEFAULT_MAPPINGS.hubspot, { appField: 'consent:marketing_email', vendorField: 'nexvio_marketing_email' }], consentPurpose: 'marketing_email' } });
    consent(ws, 'h0', 'granted');
    await push(service, 'hubspot');
    expect(server.contacts.get('ann0@example.com')?.nexvio_marketing_email).toBe('granted');
    expect(server.contacts.get('ann1@example.com')?.nexvio_marketing_email).toBe('');
    consent(ws, 'h0', 'withdrawn');
    expect(await push(service, 'hubspot')).toMatchObject({ pushed: 1 });
    expect(server.contacts.get('ann0@example.com')?.nexvio_marketing_email).toBe('withdrawn');
  });

  it('logs a refused record against its contact and pushes the rest of the batch', async () => {
    const service = await setUp(3);
    updateContact(ws, 'h1', { email: 'broken@localhost' }); // HubSpot refuses an address without a domain
    const run = await push(service, 'hubspot');
    expect(run).toMatchObject({ state: 'partial', pushed: 2, failed: 1 });
    expect([...server.contacts.keys()].sort()).toEqual(['ann0@example.com', 'ann2@example.com']);
    const [error] = service.errors('hubspot', 10);
    expect(error).toMatchObject({ contactId: 'h1', status: 400, code: 'VALIDATION_ERROR' });
    expect(error!.message).toMatch(/INVALID_EMAIL/);
    // Not remembered as pushed: the next run tries it again.
    expect(await push(service, 'hubspot')).toMatchObject({ considered: 1, failed: 1 });
  });

  it('waits out a 429 for its Retry-After and retries a 5xx, then succeeds', async () => {
    const service = await setUp(1);
    server.failNext(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT' }, { 'Retry-After': '1' });
    server.failNext(502, { status: 'error', message: 'Bad gateway' });
    const run = await push(service, 'hubspot');
    expect(run).toMatchObject({ state: 'succeeded', pushed: 1 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('keeps to the request rate so the rolling limit is never hit', async () => {
    ws = openTestWorkspace();
    load(ws, { contacts: Array.from({ length: 5 }, (_, i) => contact({ id: `r${i}`, email: `rate${i}@example.com` })) });
    // The server allows 2 requests per 500 ms; the bucket sends one every third of a second.
    server = await fakeHubSpot({ windowMs: 500, maxPerWindow: 2 }).start();
    const service = fastConnectors(ws, 'hubspot', server.url, { burst: 1, perSecond: 3 });
    service.save({ vendor: 'hubspot', settings: { mapping: [{ appField: 'email', vendorField: 'email' }], consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
    // One contact per request: edit them between runs.
    const run = await push(service, 'hubspot');
    expect(run.pushed).toBe(5);
    for (let i = 0; i < 4; i++) {
      updateContact(ws, `r${i}`, { city: `City ${i}` });
      updateContact(ws, `r${i}`, { email: `rate${i}b@example.com` });
      await push(service, 'hubspot');
    }
    const times = server.requests.map((r) => r.at);
    // Five requests and no sixth: the server never had to answer 429.
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(300);
    expect(service.errors('hubspot', 10)).toEqual([]);
  });

  it('stops the run with a clear message when the token is refused', async () => {
    const service = await setUp(2);
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, secret: 'pat-na1-wrong-token' });
    const run = await push(service, 'hubspot');
    expect(run.state).toBe('failed');
    expect(run.message).toMatch(/refused the token/);
    expect(service.errors('hubspot', 10)[0]).toMatchObject({ contactId: null, status: 401, code: 'INVALID_AUTHENTICATION' });
  });

  it('never pushes an erased person, and the erasure removes what the connector kept of them', async () => {
    const service = await setUp(2);
    await push(service, 'hubspot');
    expect(ws.db.prepare("SELECT count(*) FROM connector_contacts WHERE contact_id = 'h1'").pluck().get()).toBe(1);
    eraseContact(ws, 'h1', { origin: 'local' });
    expect(ws.db.prepare("SELECT count(*) FROM connector_contacts WHERE contact_id = 'h1'").pluck().get()).toBe(0);
    service.save({ vendor: 'hubspot', settings: { mapping: [...DEFAULT_MAPPINGS.hubspot, { appField: 'source', vendorField: 'country' }].filter((r) => r.appField !== 'country'), consentPurpose: 'marketing_email' } });
    await push(service, 'hubspot');
    const pushedIds = server.requests.slice(1).flatMap((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
    expect(pushedIds).toEqual(['ann0@example.com']);
  });
});
