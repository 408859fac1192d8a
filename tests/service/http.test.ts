import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../service/main.js';
import { MAX_BODY_BYTES } from '../../service/http.js';
import { TOKEN, TOKEN_B, type TestService, mid, startTestService, uuid } from './helpers.js';

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('service HTTP API', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ seed: 20 });
  });
  afterAll(() => svc.cleanup());

  it('GET /v1/workspace names the workspace and the token’s agent', async () => {
    const a = await svc.api('GET', '/v1/workspace');
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(a.body).toMatchObject({ name: 'Lumo Home', protocol: 1, schema_version: 1, tombstone_retention_days: 90 });
    expect(a.body.id).toEqual(expect.any(String));
    expect(a.body.server_time).toMatch(TIME);
    const b = await svc.api('GET', '/v1/workspace', undefined, TOKEN_B);
    expect(b.body.id).toBe(a.body.id); // one workspace, two agents
    const agentA = a.body.agent as { id: string; name: string; email: string };
    const agentB = b.body.agent as { id: string; name: string; email: string };
    expect(agentA.id).not.toBe(agentB.id);
    expect(agentA).toEqual({ id: expect.any(String), name: expect.any(String), email: expect.stringContaining('@') });
  });

  it('answers 401 unauthorized without a valid Bearer token, on every endpoint', async () => {
    for (const [method, path] of [
      ['GET', '/v1/workspace'],
      ['POST', '/v1/sync/pull'],
      ['POST', '/v1/sync/push'],
      ['GET', '/v1/sync/checksum'],
    ] as const) {
      for (const token of [null, 'wrong-token']) {
        const r = await svc.api(method, path, method === 'POST' ? { cursor: null } : undefined, token);
        expect(r.status).toBe(401);
        expect(r.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    }
    const basic = await fetch(svc.url + '/v1/workspace', { headers: { Authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it('answers 404 for unknown endpoints, 405 for a wrong method, 426 for another protocol', async () => {
    const missing = await svc.api('GET', '/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
    const method = await svc.api('GET', '/v1/sync/pull');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    const v2 = await svc.api('GET', '/v2/workspace');
    expect(v2.status).toBe(426);
    expect(v2.body).toMatchObject({ error: { code: 'unsupported_protocol' } });
  });

  it('answers 400 bad_request for bodies that are not JSON or not the right shape', async () => {
    const cases: Array<[string, unknown]> = [
      ['/v1/sync/pull', '{not json'],
      ['/v1/sync/pull', ''],
      ['/v1/sync/pull', { cursor: 42 }],
      ['/v1/sync/pull', { cursor: null, limit: 0 }],
      ['/v1/sync/pull', { cursor: null, limit: 5001 }],
      ['/v1/sync/pull', { cursor: null, limit: 1.5 }],
      ['/v1/sync/pull', { cursor: 'garbage!!' }],
      ['/v1/sync/pull', []],
      ['/v1/sync/push', { client_id: 'c' }],
      ['/v1/sync/push', { client_id: 'c', mutations: 'x' }],
      ['/v1/sync/push', 'null'],
    ];
    for (const [path, body] of cases) {
      const r = await svc.api('POST', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    }
  });

  it('accepts the pull limits 1 and 5000 and defaults to 1000', async () => {
    expect((await svc.pull(null, 1)).changes).toHaveLength(1);
    const all = (await svc.pull(null, 5000)).changes.length;
    expect(all).toBeGreaterThan(20);
    expect((await svc.pull(null)).changes).toHaveLength(Math.min(all, 1000));
  });

  it('refuses more than 500 mutations in one push (400) and takes exactly 500', async () => {
    const tags = (n: number) => Array.from({ length: n }, () => ({ mutation_id: mid(), entity: 'contact', op: 'tag_add', id: uuid(999_999), tag: 'x' }));
    const over = await svc.api('POST', '/v1/sync/push', { client_id: 'c', mutations: tags(501) });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('500') } });
    const ok = await svc.push(tags(500) as never);
    expect(ok).toHaveLength(500);
    expect(ok.every((r) => r.status === 'rejected')).toBe(true); // no such contact, but processed
  });

  it('answers 413 payload_too_large above 8 MiB and accepts a body just below', async () => {
    const pad = (bytes: number) => JSON.stringify({ cursor: null, padding: 'x'.repeat(bytes) });
    const big = await svc.api('POST', '/v1/sync/pull', pad(MAX_BODY_BYTES));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: { code: 'payload_too_large' } });
    const fine = await svc.api('POST', '/v1/sync/pull', pad(MAX_BODY_BYTES - 100));
    expect(fine.status).toBe(200);
    // The service still answers on a new connection.
    expect((await svc.api('GET', '/v1/workspace')).status).toBe(200);
  });

  it('ignores fields it does not know, in requests and in mutations', async () => {
    const page = await svc.api('POST', '/v1/sync/pull', { cursor: null, limit: 2, future_option: { x: 1 } });
    expect(page.status).toBe(200);
    const id = '3f1d3a36-9a53-4c4e-9d55-5b3b0f0c0a01';
    const reply = await svc.api<{ results: Array<{ status: string }> }>('POST', '/v1/sync/push', {
      client_id: 'c',
      device: 'laptop',
      mutations: [{ mutation_id: mid(), entity: 'contact', op: 'create', id, base_version: null, fields: { first_name: 'Una', favourite_colour: 'teal' }, priority: 'high' }],
    });
    expect(reply.body.results[0]!.status).toBe('applied');
    expect(svc.store.live('contact', id)!.data).not.toHaveProperty('favourite_colour');
  });

  it('GET /v1/sync/checksum has seq and every entity type', async () => {
    const r = await svc.api<{ seq: number; entities: Record<string, { count: number; hash: string }> }>('GET', '/v1/sync/checksum');
    expect(r.status).toBe(200);
    expect(r.body.seq).toBe(svc.store.seq);
    expect(Object.keys(r.body.entities).sort()).toEqual(['contact', 'conversation', 'event', 'field_definition', 'follow_up', 'note']);
    for (const sum of Object.values(r.body.entities)) expect(sum.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 500 internal when something unexpected breaks, and logs it', async () => {
    const own = await startTestService();
    try {
      own.store.db.close(); // every query now throws
      const r = await own.api('GET', '/v1/sync/checksum');
      expect(r.status).toBe(200); // the checksum is kept in memory: still answers
      const p = await own.api('POST', '/v1/sync/pull', { cursor: null });
      expect(p.status).toBe(500);
      expect(p.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
      expect(own.logs.some((l) => l.includes('/v1/sync/pull'))).toBe(true);
    } finally {
      await own.cleanup();
    }
  });
});

describe('service while seeding', () => {
  it('answers 503 unavailable with Retry-After until the seed is in', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'nexvio-service-'));
    const starting = startService({ port, dataDir: dir, tokens: [TOKEN], seed: 8_000, log: () => undefined });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let k = 0; k < 400; k++) {
        try {
          const r = await fetch(`http://127.0.0.1:${port}/v1/workspace`, { headers: { Authorization: `Bearer ${TOKEN}` } });
          statuses.push(r.status);
          if (r.status === 503) {
            retryAfter = r.headers.get('retry-after');
            expect(await r.json()).toMatchObject({ error: { code: 'unavailable' } });
          } else await r.body?.cancel();
          if (r.status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(statuses).toContain(503);
      expect(retryAfter).toMatch(/^\d+$/);
      expect(statuses.at(-1)).toBe(200);
    } finally {
      await (await starting).close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
