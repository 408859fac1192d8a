import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KINDS, ENTITY_SCHEMAS, type EntityKind } from '../../core/spec/entities.js';
import { Faults, parseFaults } from '../../service/faults.js';
import { type Change, TOKEN, type TestService, mid, startTestService } from './helpers.js';

async function raw(svc: TestService, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(svc.url + path, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('fault spec', () => {
  it('parses rates per kind and refuses nonsense', () => {
    expect(parseFaults('5xx=0.1,429=0.05,slow=0.05,drop=0.05,truncate=0.02,malformed=0.02')).toEqual({ '5xx': 0.1, '429': 0.05, slow: 0.05, drop: 0.05, truncate: 0.02, malformed: 0.02 });
    expect(parseFaults('')).toEqual({});
    expect(() => parseFaults('boom=0.1')).toThrow(/unknown fault kind/);
    expect(() => parseFaults('5xx=2')).toThrow(/between 0 and 1/);
    expect(() => parseFaults('5xx')).toThrow(/kind=rate/);
    expect(() => parseFaults('5xx=0.6,drop=0.6')).toThrow(/more than 1/);
  });

  it('injects each kind at about its rate', () => {
    const faults = new Faults('5xx=0.1,429=0.05,slow=0.05,drop=0.05,truncate=0.02,malformed=0.02');
    const n = 20_000;
    for (let k = 0; k < n; k++) faults.plan();
    const i = faults.injected;
    expect(i['5xx'] / n).toBeCloseTo(0.1, 1);
    expect(i['429'] / n).toBeCloseTo(0.05, 1);
    expect(i.slow / n).toBeCloseTo(0.05, 1);
    expect(i.drop / n).toBeCloseTo(0.05, 1);
    expect(i.truncate / n).toBeCloseTo(0.02, 1);
  });
});

describe('faults on a running service', () => {
  let svc: TestService;
  const setFaults = async (spec: string, scope?: 'sync' | 'all'): Promise<void> => {
    const r = await svc.admin('POST', '/admin/faults', scope ? { spec, scope } : { spec });
    expect(r.status).toBe(200);
  };
  beforeAll(async () => {
    svc = await startTestService({ seed: 80, faults: '429=1' });
  });
  afterAll(() => svc.cleanup());

  it('starts with the faults given, only on /v1/sync/* unless told otherwise', async () => {
    const limited = await raw(svc, 'POST', '/v1/sync/pull', { cursor: null });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect((await raw(svc, 'GET', '/v1/workspace')).status).toBe(200);
    await setFaults('429=1', 'all');
    expect((await raw(svc, 'GET', '/v1/workspace')).status).toBe(429);
    await setFaults('', 'sync');
    expect((await raw(svc, 'POST', '/v1/sync/pull', { cursor: null, limit: 1 })).status).toBe(200);
  });

  it('500 and 503 (with Retry-After), and 5xx as either', async () => {
    await setFaults('500=1');
    const internal = await raw(svc, 'GET', '/v1/sync/checksum');
    expect(internal.status).toBe(500);
    expect(await internal.json()).toMatchObject({ error: { code: 'internal' } });
    await setFaults('503=1');
    const unavailable = await raw(svc, 'GET', '/v1/sync/checksum');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(await unavailable.json()).toMatchObject({ error: { code: 'unavailable' } });
    await setFaults('5xx=1');
    const seen = new Set<number>();
    for (let k = 0; k < 40 && seen.size < 2; k++) {
      const r = await raw(svc, 'GET', '/v1/sync/checksum');
      seen.add(r.status);
      await r.body?.cancel();
    }
    expect([...seen].sort()).toEqual([500, 503]);
    await setFaults('');
  });

  it('slow answers after 1-3 s', async () => {
    await setFaults('slow=1');
    const started = performance.now();
    const r = await raw(svc, 'GET', '/v1/sync/checksum');
    const took = performance.now() - started;
    expect(r.status).toBe(200);
    await r.json();
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(3500);
    await setFaults('');
  });

  it('drop commits the push, then closes the connection without an answer; the resend is a duplicate', async () => {
    const contact = (await svc.pull(null, 500)).changes.find((c) => c.entity === 'contact')!;
    const mutation = { mutation_id: mid(), entity: 'contact', op: 'tag_add', id: contact.id, tag: 'dropped-but-done' };
    await setFaults('drop=1');
    await expect(raw(svc, 'POST', '/v1/sync/push', { client_id: 'c', mutations: [mutation] })).rejects.toThrow();
    await setFaults('');
    expect(svc.store.live('contact', contact.id)!.data.tags).toContain('dropped-but-done');
    const stats = await svc.admin<{ mutation: { applications: number; status: string } }>('GET', `/admin/stats?mutation_id=${mutation.mutation_id}`);
    expect(stats.body.mutation).toMatchObject({ status: 'applied', applications: 1 });
    const version = svc.store.get('contact', contact.id)!.version;
    const [again] = await svc.push([mutation]);
    expect(again).toMatchObject({ status: 'duplicate', version });
    expect((svc.store.live('contact', contact.id)!.data.tags as string[]).filter((t) => t === 'dropped-but-done')).toHaveLength(1);
  });

  it('truncate sends the headers and half of the body, then ends', async () => {
    await setFaults('truncate=1');
    const r = await raw(svc, 'POST', '/v1/sync/pull', { cursor: null, limit: 50 });
    expect(r.status).toBe(200);
    const length = Number(r.headers.get('content-length'));
    expect(length).toBeGreaterThan(100);
    await expect(r.text()).rejects.toThrow();
    await setFaults('');
    // The connection pool recovers.
    expect((await raw(svc, 'GET', '/v1/sync/checksum')).status).toBe(200);
  });

  it('malformed replaces some entities of a pull page by invalid ones of every sort', async () => {
    await setFaults('malformed=1');
    const found = { wrongType: false, missing: false, huge: false, unknownKind: false };
    for (let k = 0; k < 12 && !Object.values(found).every(Boolean); k++) {
      const page = (await (await raw(svc, 'POST', '/v1/sync/pull', { cursor: null, limit: 60 })).json()) as { changes: Change[] };
      const invalid = page.changes.filter((c) => !ENTITY_KINDS.includes(c.entity as EntityKind) || !ENTITY_SCHEMAS[c.entity as EntityKind].safeParse(c.data).success);
      expect(invalid.length).toBeGreaterThan(0);
      for (const c of invalid) {
        if (!ENTITY_KINDS.includes(c.entity as EntityKind)) found.unknownKind = true;
        else if (Object.values(c.data ?? {}).some((v) => typeof v === 'string' && v.length >= 10 * 1024 * 1024)) found.huge = true;
        else if (Object.values(c.data ?? {}).some((v) => v === 12345 || v === 'not-an-array')) found.wrongType = true;
        else found.missing = true;
      }
    }
    expect(found).toEqual({ wrongType: true, missing: true, huge: true, unknownKind: true });
    await setFaults('');
    // Only the answer was damaged, never the data.
    expect(svc.store.recomputeChecksum()).toEqual(svc.store.checksum());
    const clean = await svc.pull(null, 5000);
    for (const c of clean.changes) expect(ENTITY_SCHEMAS[c.entity as EntityKind].safeParse(c.data).success).toBe(true);
  });

  it('counts what it injected in /admin/stats', async () => {
    const stats = await svc.admin<{ faults: { spec: string; injected: Record<string, number> } }>('GET', '/admin/stats');
    const injected = stats.body.faults.injected;
    for (const kind of ['429', '500', '503', '5xx', 'slow', 'drop', 'truncate', 'malformed']) expect(injected[kind], kind).toBeGreaterThan(0);
    expect(stats.body.faults.spec).toBe('');
  });

  it('refuses an invalid spec at runtime and keeps the old one', async () => {
    await setFaults('slow=0');
    const r = await svc.admin('POST', '/admin/faults', { spec: 'nope=1' });
    expect(r.status).toBe(400);
    expect((await svc.admin<{ spec: string }>('GET', '/admin/faults')).body.spec).toBe('');
  });
});
