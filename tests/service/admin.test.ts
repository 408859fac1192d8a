import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TOKEN, type TestService, mid, startTestService } from './helpers.js';

const ENDPOINTS: Array<[string, string, unknown?]> = [
  ['GET', '/admin/stats'],
  ['GET', '/admin/faults'],
  ['POST', '/admin/faults', { spec: '' }],
  ['POST', '/admin/purge-tombstones', {}],
  ['POST', '/admin/clock', { offsetDays: 0 }],
  ['POST', '/admin/mutate', { id: 'x', fields: {} }],
];

describe('admin API', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ seed: 30, faults: '500=1' });
  });
  afterAll(() => svc.cleanup());

  it('needs the admin token (an agent token is not enough)', async () => {
    for (const [method, path, body] of ENDPOINTS) {
      for (const token of [null, TOKEN, 'guess']) {
        const r = await svc.api(method, path, body, token);
        expect(r.status, `${method} ${path} with ${token}`).toBe(401);
        expect(r.body).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
    expect((await svc.api('GET', '/admin/stats', undefined, ADMIN)).status).toBe(200);
    expect((await svc.api('GET', '/admin/nothing', undefined, ADMIN)).status).toBe(404);
  });

  it('is never hit by injected faults', async () => {
    expect((await svc.api('POST', '/v1/sync/pull', { cursor: null })).status).toBe(500);
    expect((await svc.admin('GET', '/admin/stats')).status).toBe(200);
    await svc.admin('POST', '/admin/faults', { spec: '' });
  });

  it('reports counts, seq and mutations in /admin/stats', async () => {
    const id = 'ad000000-0000-4000-8000-000000000001';
    await svc.push([{ mutation_id: 'stats-1', entity: 'contact', op: 'create', id, fields: { first_name: 'Stat' } }]);
    await svc.push([{ mutation_id: 'stats-1', entity: 'contact', op: 'create', id, fields: { first_name: 'Stat' } }]);
    await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id: 'nobody', fields: {} }]);
    const r = await svc.admin<{
      seq: number;
      entities: Record<string, { live: number; tombstones: number }>;
      mutations: { processed: number; received: number; duplicates_answered: number; max_applications: number; by_status: Record<string, number> };
      mutation: { applications: number; received: number };
    }>('GET', '/admin/stats?mutation_id=stats-1');
    expect(r.body.seq).toBe(svc.store.seq);
    expect(r.body.entities.contact!.live).toBe(31);
    expect(r.body.mutations).toMatchObject({ processed: 2, received: 3, duplicates_answered: 1, max_applications: 1, by_status: { applied: 1, rejected: 1 } });
    expect(r.body.mutation).toMatchObject({ applications: 1, received: 2 });
  });

  it('moves the clock', async () => {
    const now = Date.parse(String((await svc.api('GET', '/v1/workspace')).body.server_time));
    const r = await svc.admin<{ server_time: string }>('POST', '/admin/clock', { offsetDays: 10 });
    expect(Date.parse(r.body.server_time) - now).toBeGreaterThan(10 * 86_400_000 - 60_000);
    const later = Date.parse(String((await svc.api('GET', '/v1/workspace')).body.server_time));
    expect(later - now).toBeGreaterThan(10 * 86_400_000 - 60_000);
    await svc.admin('POST', '/admin/clock', { offsetDays: 0 });
    expect((await svc.admin('POST', '/admin/clock', { offsetDays: 'soon' })).status).toBe(400);
  });

  it('mutates as the chatbot would: validated, versioned, and also deletes', async () => {
    const contact = (await svc.pull(null, 500)).changes.find((c) => c.entity === 'contact')!;
    const ok = await svc.admin<{ version: number; entity: Record<string, unknown> }>('POST', '/admin/mutate', { id: contact.id, fields: { city: 'Tromsø', created_at: '2020-01-01T00:00:00.000Z' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: contact.version + 1, entity: { city: 'Tromsø', created_at: '2020-01-01T00:00:00.000Z' } });
    const bad = await svc.admin('POST', '/admin/mutate', { id: contact.id, fields: { source: 'pigeon' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('source') } });
    expect((await svc.admin('POST', '/admin/mutate', { id: 'nobody', fields: { city: 'x' } })).status).toBe(400);
    const del = await svc.admin('POST', '/admin/mutate', { op: 'delete', id: contact.id });
    expect(del.status).toBe(200);
    expect(svc.store.get('contact', contact.id)).toMatchObject({ deleted: true, reason: 'deleted' });
    // Server-side changes are not client mutations.
    const stats = await svc.admin<{ mutations: { processed: number } }>('GET', '/admin/stats');
    expect(stats.body.mutations.processed).toBe(2);
  });
});

describe('admin API availability', () => {
  it('does not exist without an admin token', async () => {
    const svc = await startTestService({ adminToken: undefined });
    try {
      const r = await svc.api('GET', '/admin/stats', undefined, ADMIN);
      expect(r.status).toBe(404);
    } finally {
      await svc.cleanup();
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.runIf(external !== undefined)('is hidden from other machines (loopback only)', async () => {
    const svc = await startTestService({ host: '0.0.0.0' });
    try {
      const base = `http://${external}:${svc.port}`;
      const api = await fetch(`${base}/v1/workspace`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(api.status).toBe(200);
      const admin = await fetch(`${base}/admin/stats`, { headers: { Authorization: `Bearer ${ADMIN}` } });
      expect(admin.status).toBe(404);
    } finally {
      await svc.cleanup();
    }
  });
});
