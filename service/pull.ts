/**
 * POST /v1/sync/pull: the changes after a cursor, in ascending seq, each entity once at its
 * current state. Stored entity JSON is spliced into the answer as it is (no parse and
 * stringify per entity), so a 5,000-change page costs little more than reading the rows.
 */
import { z } from 'zod';
import { ServiceError } from './errors.js';
import type { EntityRecord, ServiceStore } from './store.js';

export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export const PullRequest = z
  .object({
    cursor: z.string().max(1000).nullable().optional(),
    limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  })
  .loose();

/**
 * The cursor is base64url of `{"s": <last seq returned>, "p": <purge watermark>}`
 * (docs/sync-protocol.md); opaque to clients. `p` is the highest purged tombstone seq when
 * the client's chain of cursors started from null: tombstones purged by then were gone
 * before it began, so it never needed them, even when `s` is below them.
 */
export function encodeCursor(seq: number, watermark = 0): string {
  return Buffer.from(JSON.stringify(watermark > 0 ? { s: seq, p: watermark } : { s: seq })).toString('base64url');
}

/** The purge watermark inside a cursor (0 for cursors without one). */
export function cursorWatermark(cursor: string): number {
  try {
    const p = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown }).p;
    return typeof p === 'number' && Number.isSafeInteger(p) && p >= 0 ? p : 0;
  } catch {
    return 0;
  }
}

/** The seq inside a cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const s = (parsed as { s?: unknown }).s;
    return typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : undefined;
  } catch {
    return undefined;
  }
}

export interface PullOptions {
  /** The `malformed` fault: replace some upserts of the page by invalid ones. */
  malform?: boolean;
  random?: () => number;
}

/** The answer's JSON text. Throws ServiceError 400/410 for a bad or expired cursor. */
export function pull(store: ServiceStore, body: unknown, options: PullOptions = {}): string {
  return pullPage(store, body, options).text;
}

interface PulledPage {
  text: string;
  nextCursor: string;
  hasMore: boolean;
  limit: number;
}

interface ReadAhead {
  /** The cursor of the page last asked for. */
  lastAsked: string | null | undefined;
  ready: { cursor: string; limit: number; seq: number; purged: number; page: PulledPage } | null;
}
const readAheads = new WeakMap<ServiceStore, ReadAhead>();

/**
 * `pull`, reading ahead: a client asks for pages one after another, so once a page is
 * served the one after it is built while the client works on this one, and served at once
 * when it is asked for and nothing was written in between (same seq, same purge mark).
 * A first sync of a large workspace spent a third of its time waiting on each page.
 */
export function pullReadingAhead(store: ServiceStore, body: unknown, options: PullOptions = {}): string {
  if (options.malform) return pull(store, body, options);
  const state = readAheads.get(store) ?? { lastAsked: undefined, ready: null };
  readAheads.set(store, state);
  const request = PullRequest.safeParse(body);
  const cursor = request.success ? (request.data.cursor ?? null) : undefined;
  state.lastAsked = cursor;
  const ready = state.ready;
  state.ready = null;
  const page =
    ready &&
    request.success &&
    ready.cursor === cursor &&
    ready.limit === (request.data.limit ?? DEFAULT_PULL_LIMIT) &&
    ready.seq === store.seq &&
    ready.purged === store.purgedThroughSeq
      ? ready.page
      : pullPage(store, body, options);
  if (page.hasMore) readAheadAfter(store, state, page);
  return page.text;
}

function readAheadAfter(store: ServiceStore, state: ReadAhead, page: PulledPage): void {
  const seq = store.seq;
  setImmediate(() => {
    // Written to since, or already asked for: the request builds its own answer.
    if (store.seq !== seq || state.lastAsked === page.nextCursor) return;
    try {
      const next = pullPage(store, { cursor: page.nextCursor, limit: page.limit }, {});
      state.ready = { cursor: page.nextCursor, limit: page.limit, seq: store.seq, purged: store.purgedThroughSeq, page: next };
    } catch {
      // the request, if it comes, answers for itself
    }
  });
}

function pullPage(store: ServiceStore, body: unknown, options: PullOptions): PulledPage {
  const request = PullRequest.safeParse(body);
  if (!request.success) throw new ServiceError(400, 'bad_request', `invalid pull request: ${describeIssues(request.error)}`);
  const limit = request.data.limit ?? DEFAULT_PULL_LIMIT;
  const cursor = request.data.cursor ?? null;
  let after = 0;
  let watermark = store.purgedThroughSeq;
  if (cursor !== null) {
    const seq = decodeCursor(cursor);
    if (seq === undefined) throw new ServiceError(400, 'bad_request', 'cursor is not a cursor this service issued');
    watermark = cursorWatermark(cursor);
    // Tombstones after this cursor were purged after its chain began: the client must resync from null.
    if (seq < store.purgedThroughSeq && watermark < store.purgedThroughSeq) {
      throw new ServiceError(410, 'cursor_expired', 'cursor is older than the oldest tombstone kept; resync from null');
    }
    // A cursor from the future belongs to another (reset) database: a full resync heals it.
    if (seq > store.seq) throw new ServiceError(410, 'cursor_expired', 'cursor is ahead of this workspace; resync from null');
    after = seq;
  }
  const rows = store.changesAfter(after, limit + 1);
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  const last = rows.length > 0 ? rows[rows.length - 1]!.seq : after;
  const changes = rows.map(changeJson);
  if (options.malform) malformPage(rows, changes, options.random ?? Math.random);
  const nextCursor = encodeCursor(last, watermark);
  return { text: `{"changes":[${changes.join(',')}],"next_cursor":${JSON.stringify(nextCursor)},"has_more":${hasMore}}`, nextCursor, hasMore, limit };
}

function changeJson(r: EntityRecord): string {
  const head = `{"seq":${r.seq},"entity":"${r.kind}","op":"${r.deleted ? 'delete' : 'upsert'}","id":${JSON.stringify(r.id)},"version":${r.version}`;
  if (!r.deleted) return `${head},"data":${r.data ?? 'null'}}`;
  const merged = r.mergedInto !== null ? `,"merged_into":${JSON.stringify(r.mergedInto)}` : '';
  return `${head},"reason":"${r.reason ?? 'deleted'}"${merged}}`;
}

/** Ten million characters: above any text limit a client may set. */
const HUGE = 10 * 1024 * 1024;
const REQUIRED_FIELDS = ['created_at', 'updated_at', 'contact_id', 'key', 'label', 'type', 'started_at', 'status', 'occurred_at', 'title', 'due_at', 'author', 'body', 'channel'];
type Malformation = (change: Record<string, unknown>, data: Record<string, unknown>) => void;

/** The kinds of damage the `malformed` fault does, taken in turn. */
const MALFORMATIONS: readonly Malformation[] = [
  // Wrong types: strings become numbers, arrays strings, objects arrays, numbers strings.
  (_change, data) => {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'id') continue;
      if (typeof value === 'string') data[key] = 12345;
      else if (Array.isArray(value)) data[key] = 'not-an-array';
      else if (typeof value === 'object' && value !== null) data[key] = [1, 2, 3];
      else if (typeof value === 'number') data[key] = 'NaN';
      else if (typeof value === 'boolean') data[key] = 'yes';
    }
  },
  // Required fields missing.
  (_change, data) => {
    for (const key of REQUIRED_FIELDS) delete data[key];
  },
  // A 10 MB string in the first text field.
  (_change, data) => {
    const key = Object.keys(data).find((k) => k !== 'id' && typeof data[k] === 'string') ?? 'summary';
    data[key] = 'A'.repeat(HUGE);
  },
  // An entity kind no version of the spec has.
  (change) => {
    change.entity = 'invoice';
  },
];

/** Replaces about a tenth of the page's upserts (at least one) by invalid changes. */
function malformPage(rows: readonly EntityRecord[], changes: string[], random: () => number): void {
  const upserts = rows.flatMap((r, k) => (r.deleted ? [] : [k]));
  if (upserts.length === 0) return;
  const chosen = upserts.filter(() => random() < 0.1);
  if (chosen.length === 0) chosen.push(upserts[Math.floor(random() * upserts.length)]!);
  const offset = Math.floor(random() * MALFORMATIONS.length);
  chosen.forEach((k, n) => {
    const change = JSON.parse(changes[k]!) as Record<string, unknown>;
    const data = change.data as Record<string, unknown>;
    MALFORMATIONS[(offset + n) % MALFORMATIONS.length]!(change, data);
    changes[k] = JSON.stringify(change);
  });
}

export function describeIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
