/**
 * The HTTP side of the service (node:http, no framework): routing, Bearer auth, JSON bodies
 * with the spec's 8 MiB limit, `{"error": {"code", "message"}}` answers, injected faults, and
 * the loopback-only admin API that tests use to steer the service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ENTITY_KINDS } from '../core/spec/entities.js';
import { ServiceError } from './errors.js';
import { type FaultPlan, type Faults, formatFaults } from './faults.js';
import { describeIssues, pullReadingAhead } from './pull.js';
import { OPS, Rejection, push, serverUpdate, type ApplyContext } from './push.js';
import type { Agent, ServiceStore } from './store.js';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Beyond this a too-large body is not even read to the end: the connection is closed. */
const DISCARD_LIMIT = 64 * 1024 * 1024;
const PROTOCOL = 1;
const SCHEMA_VERSION = 1;
const DAY_MS = 86_400_000;

export interface HttpDeps {
  store: ServiceStore;
  /** Token → agent. */
  agents: ReadonlyMap<string, Agent>;
  faults: Faults;
  adminToken?: string;
  log: (line: string) => void;
  /** False while the service seeds its database: API calls answer 503. */
  ready: () => boolean;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

type Handler = (deps: HttpDeps, agent: Agent, body: unknown, plan: FaultPlan) => Answer;

const json = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value) });

/** The API: `METHOD path` → handler. */
const ROUTES: Readonly<Record<string, { handler: Handler; body: boolean }>> = {
  'GET /v1/workspace': {
    body: false,
    handler: ({ store }, agent) =>
      json({
        id: store.workspace.id,
        name: store.workspace.name,
        protocol: PROTOCOL,
        schema_version: SCHEMA_VERSION,
        server_time: store.nowIso(),
        agent,
        tombstone_retention_days: store.retentionDays,
      }),
  },
  'POST /v1/sync/pull': {
    body: true,
    handler: ({ store, faults }, _agent, body, plan) => {
      if (plan.malformed) faults.injected.malformed++;
      return { status: 200, body: pullReadingAhead(store, body, { malform: plan.malformed === true }) };
    },
  },
  'POST /v1/sync/push': {
    body: true,
    handler: ({ store }, agent, body) => json(push({ store, agent }, body)),
  },
  'GET /v1/sync/checksum': {
    body: false,
    handler: ({ store }) => json(store.checksum()),
  },
};

export function createRequestHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.log(`service: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent && !res.destroyed) send(res, errorAnswer(new ServiceError(500, 'internal', 'internal error')));
      else res.destroy();
    });
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://service.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  try {
    if (path.startsWith('/admin/')) {
      send(res, await handleAdmin(deps, req, method, path, url.searchParams));
      return;
    }
    const agent = authenticate(deps, req);
    const version = /^\/v(\d+)(\/|$)/.exec(path);
    if (version && Number(version[1]) !== PROTOCOL) {
      throw new ServiceError(426, 'unsupported_protocol', `this service speaks protocol ${PROTOCOL} (/v${PROTOCOL}/...)`);
    }
    const route = ROUTES[`${method} ${path}`];
    if (!route) {
      const allowed = Object.keys(ROUTES).filter((k) => k.endsWith(` ${path}`)).map((k) => k.split(' ')[0]!);
      if (allowed.length > 0) throw new ServiceError(405, 'method_not_allowed', `${method} is not allowed here`, { Allow: allowed.join(', ') });
      throw new ServiceError(404, 'not_found', `no such endpoint: ${method} ${path}`);
    }
    if (!deps.ready()) throw new ServiceError(503, 'unavailable', 'the service is seeding its database', { 'Retry-After': '5' });
    const body = route.body ? parseJson(await readBody(req)) : undefined;
    const plan = deps.faults.appliesTo(path) ? deps.faults.plan() : {};
    if (plan.early) {
      const { status, retryAfter } = plan.early;
      const code = status === 429 ? 'rate_limited' : status === 503 ? 'unavailable' : 'internal';
      const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
      throw new ServiceError(status, code, `injected fault ${plan.early.kind}`, headers);
    }
    const answer = route.handler(deps, agent, body, plan);
    // Everything below happens after the commit: the client may not learn that it did.
    if (plan.slowMs !== undefined) await delay(plan.slowMs);
    if (plan.late === 'drop') {
      res.destroy();
      return;
    }
    if (plan.late === 'truncate') {
      truncate(res, answer);
      return;
    }
    send(res, answer);
  } catch (error) {
    if (error instanceof ServiceError) {
      send(res, errorAnswer(error), error.status === 413);
      return;
    }
    throw error;
  }
}

function authenticate(deps: HttpDeps, req: IncomingMessage): Agent {
  const token = bearer(req);
  const agent = token !== undefined ? deps.agents.get(token) : undefined;
  if (!agent) throw new ServiceError(401, 'unauthorized', 'missing or unknown Bearer token', { 'WWW-Authenticate': 'Bearer' });
  return agent;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const tooLarge = (): ServiceError => new ServiceError(413, 'payload_too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    if (declared > DISCARD_LIMIT) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Read a too-large body to its end (up to a cap) so the client sees the 413, not a reset.
      if (size > DISCARD_LIMIT) {
        req.pause();
        reject(tooLarge());
      } else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError(400, 'bad_request', 'the body is not valid JSON');
  }
}

function errorAnswer(error: ServiceError): Answer {
  return { status: error.status, body: JSON.stringify({ error: { code: error.code, message: error.message } }), headers: error.headers };
}

function send(res: ServerResponse, answer: Answer, close = false): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
    ...answer.headers,
  });
  res.end(body);
}

/** The `truncate` fault: the headers promise the whole body, half of it comes, then the connection ends. */
function truncate(res: ServerResponse, answer: Answer): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) });
  res.flushHeaders();
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}

// --- admin ----------------------------------------------------------------------------------

const ADMIN_AGENT: Agent = { id: 'service-admin', name: 'Service admin', email: 'admin@service.invalid' };

const FaultsBody = z.object({ spec: z.string().max(1000), scope: z.enum(['sync', 'all']).optional() }).loose();
const PurgeBody = z.object({ olderThanDays: z.number().min(0).optional(), all: z.boolean().optional() }).loose();
const ClockBody = z.object({ offsetDays: z.number().finite() }).loose();
const MutateBody = z
  .object({
    entity: z.enum(ENTITY_KINDS).optional(),
    op: z.enum(['update', 'delete', 'merge', 'erase']).optional(),
    id: z.string().min(1).max(64),
    fields: z.record(z.string(), z.unknown()).optional(),
    merge_from: z.array(z.string()).optional(),
  })
  .loose();

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

function adminTokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function handleAdmin(deps: HttpDeps, req: IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Answer> {
  // Hidden (404) when off or reached from another machine: no hint that it exists.
  if (deps.adminToken === undefined || !isLoopback(req.socket.remoteAddress)) throw new ServiceError(404, 'not_found', `no such endpoint: ${method} ${path}`);
  if (!adminTokenMatches(deps.adminToken, bearer(req))) throw new ServiceError(401, 'unauthorized', 'missing or wrong admin token');
  const { store, faults } = deps;
  const input = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ServiceError(400, 'bad_request', describeIssues(parsed.error));
    return parsed.data;
  };
  const readJson = async (): Promise<unknown> => parseJson(await readBody(req));

  switch (`${method} ${path}`) {
    case 'GET /admin/faults':
      return json({ spec: formatFaults(faults.rates), scope: faults.scope, injected: faults.injected });
    case 'POST /admin/faults': {
      const body = input(FaultsBody, await readJson());
      try {
        faults.set(body.spec, body.scope ?? faults.scope);
      } catch (error) {
        throw new ServiceError(400, 'bad_request', error instanceof Error ? error.message : String(error));
      }
      deps.log(`service: faults set to "${formatFaults(faults.rates)}" (${faults.scope})`);
      return json({ spec: formatFaults(faults.rates), scope: faults.scope });
    }
    case 'POST /admin/purge-tombstones': {
      const body = input(PurgeBody, await readJson());
      const result = store.purgeTombstones(body);
      return json({ purged: result.purged, purged_through_seq: result.purgedThroughSeq });
    }
    case 'POST /admin/clock': {
      const body = input(ClockBody, await readJson());
      store.clockOffsetMs = Math.round(body.offsetDays * DAY_MS);
      return json({ offset_days: body.offsetDays, server_time: store.nowIso() });
    }
    case 'POST /admin/mutate':
      return json(adminMutate({ store, agent: ADMIN_AGENT }, input(MutateBody, await readJson())));
    case 'GET /admin/stats':
      return json(stats(deps, query.get('mutation_id')));
    default:
      throw new ServiceError(404, 'not_found', `no such endpoint: ${method} ${path}`);
  }
}

/** A change made by "the chatbot or another system": no base, no idempotency record. */
function adminMutate(ctx: ApplyContext, body: z.output<typeof MutateBody>): { version: number; entity: Record<string, unknown> | null } {
  const kind = body.entity ?? 'contact';
  const op = body.op ?? 'update';
  try {
    if (op === 'update') return serverUpdate(ctx, kind, body.id, body.fields ?? {});
    const handler = OPS[`${kind}.${op}`];
    if (!handler) throw new ServiceError(400, 'bad_request', `no ${op} for ${kind}`);
    const outcome = ctx.store.transaction(() => handler.run(ctx, { ...body, mutation_id: 'admin', entity: kind, op }));
    return { version: outcome.version, entity: ctx.store.live(kind, body.id)?.data ?? null };
  } catch (error) {
    if (error instanceof Rejection) throw new ServiceError(400, 'bad_request', error.message);
    throw error;
  }
}

function stats(deps: HttpDeps, mutationId: string | null): Record<string, unknown> {
  const { store, faults } = deps;
  const m = store.mutationStats();
  const one = mutationId !== null ? store.findMutation(mutationId) : undefined;
  return {
    workspace: store.workspace,
    seq: store.seq,
    purged_through_seq: store.purgedThroughSeq,
    server_time: store.nowIso(),
    clock_offset_days: store.clockOffsetMs / DAY_MS,
    entities: store.counts(),
    mutations: {
      processed: m.processed,
      received: m.received,
      duplicates_answered: m.received - m.processed,
      max_applications: m.maxApplications,
      by_status: m.byStatus,
    },
    ...(mutationId !== null
      ? { mutation: one ? { mutation_id: one.mutationId, status: one.status, version: one.version, reason: one.reason, applications: one.applications, received: one.received } : null }
      : {}),
    faults: { spec: formatFaults(faults.rates), scope: faults.scope, injected: faults.injected },
  };
}
