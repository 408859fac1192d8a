/** A real reference service on 127.0.0.1:0 in a temp dir, and a tiny spec-following client replica. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceOptions, startService, type RunningService } from '../../service/main.js';
import { checksumOf } from '../../service/checksum.js';
import type { EntityKind } from '../../core/spec/entities.js';

export const ADMIN = 'admin-secret';
export const TOKEN = 'token-a';
export const TOKEN_B = 'token-b';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Change {
  seq: number;
  entity: string;
  op: 'upsert' | 'delete';
  id: string;
  version: number;
  data?: Record<string, unknown>;
  reason?: 'deleted' | 'erased' | 'merged';
  merged_into?: string;
}
export interface PullPage {
  changes: Change[];
  next_cursor: string;
  has_more: boolean;
}
export interface PushResult {
  mutation_id: string | null;
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  version: number;
  entity?: Record<string, unknown>;
  reason?: string;
  outcome?: string;
}
export type Mutation = Record<string, unknown> & { mutation_id: string; entity: string; op: string; id: string };

export interface TestService extends RunningService {
  dir: string;
  logs: string[];
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string | null): Promise<Reply<T>>;
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  pull(cursor: string | null, limit?: number): Promise<PullPage>;
  pullAll(cursor?: string | null, limit?: number): Promise<{ changes: Change[]; cursor: string; pages: number }>;
  push(mutations: Mutation[], token?: string): Promise<PushResult[]>;
  cleanup(): Promise<void>;
}

export async function startTestService(options: Partial<ServiceOptions> = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'nexvio-service-'));
  const logs: string[] = [];
  const service = await startService({ port: 0, dataDir: dir, tokens: [TOKEN, TOKEN_B], adminToken: ADMIN, log: (l) => logs.push(l), ...options });
  const api = async <T,>(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Reply<T>> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(service.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text === '' ? {} : JSON.parse(text)) as T };
  };
  const self: TestService = {
    ...service,
    dir,
    logs,
    api,
    admin: (method, path, body) => api(method, path, body, ADMIN),
    async pull(cursor, limit) {
      const reply = await api<PullPage>('POST', '/v1/sync/pull', limit === undefined ? { cursor } : { cursor, limit });
      if (reply.status !== 200) throw new Error(`pull answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
    async pullAll(cursor = null, limit = 1000) {
      const changes: Change[] = [];
      let pages = 0;
      let current = cursor;
      for (;;) {
        const page = await self.pull(current, limit);
        pages++;
        changes.push(...page.changes);
        current = page.next_cursor;
        if (!page.has_more) return { changes, cursor: current, pages };
      }
    },
    async push(mutations, token = TOKEN) {
      const reply = await api<{ results: PushResult[] }>('POST', '/v1/sync/push', { client_id: 'test-client', mutations }, token);
      if (reply.status !== 200) throw new Error(`push answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body.results;
    },
    async cleanup() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** What a client keeps: the spec's rule "skip a change whose version is not higher". */
export class Replica {
  readonly entities = new Map<string, { kind: EntityKind; id: string; version: number; data: Record<string, unknown> | null; reason?: string }>();
  applied = 0;

  apply(changes: readonly Change[]): void {
    for (const c of changes) {
      const key = `${c.entity}:${c.id}`;
      const current = this.entities.get(key);
      if (current && current.version >= c.version) continue;
      this.applied++;
      this.entities.set(key, {
        kind: c.entity as EntityKind,
        id: c.id,
        version: c.version,
        data: c.op === 'upsert' ? (c.data ?? null) : null,
        ...(c.reason ? { reason: c.reason } : {}),
      });
    }
  }

  live(kind?: EntityKind): Array<{ kind: EntityKind; id: string; version: number; data: Record<string, unknown> }> {
    return [...this.entities.values()].filter((e): e is typeof e & { data: Record<string, unknown> } => e.data !== null && (kind === undefined || e.kind === kind));
  }

  checksum() {
    return checksumOf(this.live());
  }
}

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

let mutationCounter = 0;
export function mid(): string {
  return `m-${process.pid}-${++mutationCounter}`;
}

export const T0 = '2026-11-01T10:00:00.000Z';
