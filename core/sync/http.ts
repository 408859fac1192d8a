/**
 * The client side of the chatbot service's HTTP API (../shared/spec/chatbot-sync-api.md).
 * It only moves JSON and classifies failures; what to do about them is the engine's call.
 * Every response body is parsed defensively: a server may send anything.
 */
import { z } from 'zod';
import { parseJsonBytes } from './json-bytes.js';

export const SPEC_PROTOCOL = 1;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Why a request failed, in the terms the engine decides on. */
export type SyncFailureKind =
  | 'unauthorized' // 401: the token is wrong; retrying will not help until a person acts
  | 'cursor_expired' // 410: run a full resync
  | 'rate_limited' // 429: wait at least retryAfterMs
  | 'unavailable' // 5xx, timeouts, broken connections, truncated or unparsable bodies
  | 'protocol' // 426 or a workspace speaking another protocol
  | 'rejected'; // other 4xx: our request is wrong; a bug to show, not to hammer

export class SyncHttpError extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export const WorkspaceResponse = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().max(500),
    protocol: z.number().int(),
    schema_version: z.number().int(),
    server_time: z.string(),
    agent: z.object({ id: z.string().min(1).max(64), name: z.string().max(200), email: z.string().max(320).nullable().optional() }).loose(),
    tombstone_retention_days: z.number().int().positive(),
  })
  .loose();
export type WorkspaceResponse = z.infer<typeof WorkspaceResponse>;

/** The envelope of a pull page; each change is checked one by one later, so one bad change cannot sink the page. */
export const PullResponse = z
  .object({
    changes: z.array(z.unknown()).max(100_000),
    next_cursor: z.string().min(1).max(10_000),
    has_more: z.boolean(),
  })
  .loose();
export type PullResponse = z.infer<typeof PullResponse>;

export const PushResult = z
  .object({
    mutation_id: z.string(),
    status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
    version: z.number().int().nonnegative().optional(),
    entity: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().max(10_000).optional(),
  })
  .loose();
export type PushResult = z.infer<typeof PushResult>;
export const PushResponse = z.object({ results: z.array(PushResult) }).loose();

export const ChecksumResponse = z
  .object({
    seq: z.number().int(),
    entities: z.record(z.string(), z.object({ count: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).loose()),
  })
  .loose();
export type ChecksumResponse = z.infer<typeof ChecksumResponse>;

export interface SpecMutation {
  mutation_id: string;
  entity: string;
  op: string;
  id: string;
  base_version: number | null;
  at: string;
  [key: string]: unknown;
}

export interface SyncHttpOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Quick retries of one request on a transient failure before the cycle gives up (default 3). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Waits between the quick retries of one request: short, jittered, at least Retry-After (capped). */
const RETRY_BASE_MS = 250;
const RETRY_CAP_MS = 5000;

export class SyncHttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SyncHttpOptions) {
    this.baseUrl = normaliseServiceUrl(options.baseUrl);
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async workspace(): Promise<WorkspaceResponse> {
    const body = await this.request('GET', '/v1/workspace');
    const workspace = parseOr(WorkspaceResponse, body, 'the workspace description');
    if (workspace.protocol !== SPEC_PROTOCOL) {
      throw new SyncHttpError('protocol', `The service speaks sync protocol ${workspace.protocol}; this app speaks ${SPEC_PROTOCOL}. Update the app.`, 200);
    }
    return workspace;
  }

  /** `onBytes` sees the answer's bytes before they are parsed (to ask for the next page sooner). */
  async pull(cursor: string | null, limit: number, onBytes?: (bytes: Uint8Array) => void): Promise<PullResponse> {
    return parseOr(PullResponse, await this.request('POST', '/v1/sync/pull', { cursor, limit }, onBytes), 'a pull page');
  }

  async push(clientId: string, mutations: SpecMutation[]): Promise<PushResult[]> {
    const response = parseOr(PushResponse, await this.request('POST', '/v1/sync/push', { client_id: clientId, mutations }), 'the push results');
    if (response.results.length !== mutations.length) {
      throw new SyncHttpError('unavailable', `The service answered ${response.results.length} results for ${mutations.length} mutations.`, 200);
    }
    return response.results;
  }

  async checksum(): Promise<ChecksumResponse> {
    return parseOr(ChecksumResponse, await this.request('GET', '/v1/sync/checksum'), 'the checksum');
  }

  /**
   * Every request of the protocol is safe to repeat (pull by cursor, push by mutation id,
   * reads), so a dropped connection or a 5xx is retried a few times at once; the engine's
   * backoff takes over when that is not enough.
   */
  private async request(method: 'GET' | 'POST', path: string, body?: unknown, onBytes?: (bytes: Uint8Array) => void): Promise<unknown> {
    const retries = this.options.retries ?? 3;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(method, path, body, onBytes);
      } catch (error) {
        const transient = error instanceof SyncHttpError && (error.kind === 'unavailable' || error.kind === 'rate_limited');
        if (!transient || attempt >= retries) throw error;
        const backoff = RETRY_BASE_MS * 2 ** attempt * (0.5 + Math.random() / 2);
        await sleep(Math.min(RETRY_CAP_MS, Math.max(backoff, error.retryAfterMs ?? 0)));
      }
    }
  }

  private async requestOnce(method: 'GET' | 'POST', path: string, body?: unknown, onBytes?: (bytes: Uint8Array) => void): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new SyncHttpError('unavailable', `Cannot reach the service (${describeNetworkError(error)}).`, null);
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new SyncHttpError('unavailable', `The connection broke while reading the answer (${describeNetworkError(error)}).`, response.status);
    }
    if (response.ok) {
      if (onBytes) {
        onBytes(bytes);
        // Let a request made there go out before this thread spends a while parsing.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      try {
        return parseJsonBytes(bytes);
      } catch {
        throw new SyncHttpError('unavailable', `The service sent an incomplete or invalid answer (${bytes.length} bytes).`, response.status);
      }
    }
    throw errorFor(response.status, new TextDecoder().decode(bytes), response.headers.get('retry-after'));
  }
}

function errorFor(status: number, text: string, retryAfter: string | null): SyncHttpError {
  let code = '';
  let message = '';
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    code = typeof body.error?.code === 'string' ? body.error.code : '';
    message = typeof body.error?.message === 'string' ? body.error.message.slice(0, 500) : '';
  } catch {
    // a proxy's HTML error page, an empty body: the status says enough
  }
  const detail = message ? `: ${message}` : '';
  const waitMs = parseRetryAfter(retryAfter);
  if (status === 401) return new SyncHttpError('unauthorized', `The service refused the token (401)${detail}. Reconnect with a valid token.`, status);
  if (status === 410 || code === 'cursor_expired') return new SyncHttpError('cursor_expired', `The sync position expired on the service${detail}.`, status);
  if (status === 429) return new SyncHttpError('rate_limited', `The service asked to slow down (429)${detail}.`, status, waitMs ?? 1000);
  if (status === 426) return new SyncHttpError('protocol', `The service requires a newer app (426)${detail}.`, status);
  if (status >= 500) return new SyncHttpError('unavailable', `The service had a problem (${status})${detail}.`, status, waitMs);
  return new SyncHttpError('rejected', `The service rejected the request (${status} ${code})${detail}.`, status);
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.min(date - now, 3_600_000));
}

function parseOr<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SyncHttpError('unavailable', `The service sent ${what} this app cannot read (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).`, 200);
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

/** Accepts "host:port", "http://host:port/" and the like; only http and https. */
export function normaliseServiceUrl(input: string): string {
  const trimmed = input.trim();
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The service address must start with http:// or https://');
  if (url.username || url.password) throw new Error('Put the token in the token field, not in the address.');
  return url.toString().replace(/\/+$/, '');
}
