/**
 * Where pulled pages come from, ready to write: fetched, parsed, every change checked
 * against the spec and turned into the rows the writer stores.
 *
 * A first sync moves millions of entities; fetching, parsing and checking them costs about
 * as much as writing them. `ThreadPageSource` does that work in a thread of its own
 * (core/sync/pull-worker.ts) while the database thread writes the previous pages, so the
 * two overlap on two cores. Incremental syncs use `InlinePageSource`: their pages are small
 * and a thread's start-up would only add latency.
 */
import { Buffer } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareEntity, type PreparedEntity } from '../db/apply.js';
import type { EntityKind } from '../spec/entities.js';
import { checkChange, type InvalidChange } from './changes.js';
import { unpackPage, type PackedPage } from './packed-page.js';
import { entityDigest } from './checksum.js';
import { SyncHttpError, type PullResponse, type SyncFailureKind, type SyncHttpClient } from './http.js';

/** A page with invalid changes is asked for again this often before they are quarantined (a transient fault heals). */
export const INVALID_PAGE_RETRIES = 2;

export type PreparedChange =
  | { op: 'upsert'; entity: PreparedEntity }
  | { op: 'delete'; kind: EntityKind; id: string; version: number; reason: 'deleted' | 'erased' | 'merged'; mergedInto: string | null };

export interface PreparedPage {
  /** The cursor this page was asked for with (null: from the beginning). */
  fromCursor: string | null;
  nextCursor: string;
  hasMore: boolean;
  /** Every change of the page, valid or not. */
  changeCount: number;
  valid: PreparedChange[];
  invalid: InvalidChange[];
}

/** Pages asked for beyond the one being prepared (each holds a parsed page in memory). */
export const FETCH_AHEAD = 2;

/** Where a pull answer says the next page starts, read from the end of its bytes without parsing them; null when it has no more or cannot tell. */
export function peekNextCursor(bytes: Uint8Array): string | null {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', Math.max(0, bytes.byteLength - 4096));
  const more = [...tail.matchAll(/"has_more"\s*:\s*(true|false)/g)].at(-1)?.[1];
  const cursor = [...tail.matchAll(/"next_cursor"\s*:\s*"([^"\\]*)"/g)].at(-1)?.[1];
  return more === 'true' && cursor !== undefined ? cursor : null;
}

interface Fetch {
  cursor: string | null;
  page: Promise<PullResponse>;
  /** The next page's cursor as its bytes showed it (undefined until they arrive). */
  guess: string | null | undefined;
  continued: boolean;
}

/**
 * Asks for pages ahead of the one being prepared: a page's successor is requested the
 * moment its bytes arrive (its cursor read from them before parsing), so the service builds
 * page n+2 while this thread prepares page n, up to FETCH_AHEAD pages. A guess is only used
 * for the cursor the parsed page really gives; a wrong one is dropped and asked for again.
 */
class PageFetcher {
  private readonly queue: Fetch[] = [];
  private inHand: Fetch | null = null;

  constructor(
    private readonly http: SyncHttpClient,
    private readonly limit: number,
  ) {}

  /** The page at `cursor`: already asked for when the guesses were right, else asked for now. */
  take(cursor: string | null): Promise<PullResponse> {
    let head = this.queue.shift();
    if (!head || head.cursor !== cursor) {
      // A wrong guess: what was asked for after it is wrong too.
      this.queue.length = 0;
      head = this.ask(cursor);
    }
    this.inHand = head;
    this.fill();
    return head.page;
  }

  /** Asks for the page at `cursor` again (its changes were invalid), leaving the queue as it is. */
  again(cursor: string | null): Promise<PullResponse> {
    return this.http.pull(cursor, this.limit);
  }

  private ask(cursor: string | null): Fetch {
    const state: Pick<Fetch, 'guess' | 'continued'> = { guess: undefined, continued: false };
    const page = this.http.pull(cursor, this.limit, (bytes) => {
      state.guess = peekNextCursor(bytes);
      this.fill();
    });
    page.catch(() => undefined); // a failure surfaces when it is taken
    return Object.assign(state, { cursor, page });
  }

  private fill(): void {
    const tail = this.queue.at(-1) ?? this.inHand;
    if (!tail || tail.continued || typeof tail.guess !== 'string' || this.queue.length >= FETCH_AHEAD) return;
    tail.continued = true;
    this.queue.push(this.ask(tail.guess));
  }
}

/**
 * The pages from `cursor` until caught up, asked for ahead (PageFetcher) so the service
 * works while this page is checked and prepared (and, after the yield, written). A page
 * with invalid changes is asked for again first.
 */
export async function* preparedPages(http: SyncHttpClient, cursor: string | null, limit: number): AsyncGenerator<PreparedPage> {
  const fetcher = new PageFetcher(http, limit);
  let from = cursor;
  for (;;) {
    let page = await fetcher.take(from);
    // Let the request for a page after this one go out before this thread is busy a while.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let checked = page.changes.map(checkChange);
    for (let retry = 0; retry < INVALID_PAGE_RETRIES && checked.some((c) => !c.ok); retry++) {
      page = await fetcher.again(from);
      checked = page.changes.map(checkChange);
    }
    const valid: PreparedChange[] = [];
    const invalid: InvalidChange[] = [];
    for (const c of checked) {
      if (!c.ok) invalid.push(c.invalid);
      else if (c.change.op === 'upsert') {
        const entity = prepareEntity(c.change.kind, c.change.entity);
        entity.digest = entityDigest(entity.id, entity.version);
        valid.push({ op: 'upsert', entity });
      }
      else valid.push(c.change);
    }
    yield { fromCursor: from, nextCursor: page.next_cursor, hasMore: page.has_more, changeCount: page.changes.length, valid, invalid };
    if (!page.has_more) return;
    from = page.next_cursor;
  }
}

export interface PageSource {
  pages(cursor: string | null, limit: number): AsyncGenerator<PreparedPage>;
  /** The largest heap of the thread doing the work, when it is not the caller's. */
  readonly threadHeapUsedBytes: number;
  close(): Promise<void>;
}

export class InlinePageSource implements PageSource {
  readonly threadHeapUsedBytes = 0;
  constructor(private readonly http: SyncHttpClient) {}
  pages(cursor: string | null, limit: number): AsyncGenerator<PreparedPage> {
    return preparedPages(this.http, cursor, limit);
  }
  async close(): Promise<void> {}
}

/** What the pull thread is started with. */
export interface PullWorkerData {
  serviceUrl: string;
  token: string;
  timeoutMs: number | null;
}

/** Pages the pull thread may have prepared and not yet had written: bounds its memory. */
export const PAGES_AHEAD = 2;

export type PullRequest = { type: 'start'; cursor: string | null; limit: number } | { type: 'written' };
export type PullReply =
  | { type: 'page'; page: PackedPage; heapUsedBytes: number }
  | { type: 'error'; error: { kind: SyncFailureKind | 'internal'; message: string; status: number | null; retryAfterMs: number | null } };

/** The bundled pull thread beside this module's bundle; null when running from sources (unit tests). */
export function defaultPullWorkerUrl(): URL | null {
  const url = new URL('./pull-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** The heap of the pull thread running now (0 when none), for the memory diagnostics. */
let runningThreadHeap = 0;
export function pullThreadHeapUsedBytes(): number {
  return runningThreadHeap;
}

export class ThreadPageSource implements PageSource {
  private readonly worker: Worker;
  private readonly inbox: PullReply[] = [];
  private wake: (() => void) | null = null;
  private stopped: Error | null = null;
  private started = false;
  threadHeapUsedBytes = 0;

  constructor(url: URL, data: PullWorkerData) {
    this.worker = new Worker(url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    // Kept referenced: while a sync awaits its pages, this thread is what keeps the process
    // alive. The engine closes it in a finally, so it never outlives its sync.
    this.worker.on('message', (reply: PullReply) => {
      if (reply.type === 'page') {
        runningThreadHeap = reply.heapUsedBytes;
        this.threadHeapUsedBytes = Math.max(this.threadHeapUsedBytes, reply.heapUsedBytes);
      }
      this.inbox.push(reply);
      this.wake?.();
    });
    this.worker.on('error', (error) => this.stop(new Error(`The pull thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.stop(new Error(`The pull thread stopped (exit code ${code}).`)));
  }

  async *pages(cursor: string | null, limit: number): AsyncGenerator<PreparedPage> {
    if (this.started) throw new Error('A pull thread serves one run of pages');
    this.started = true;
    this.worker.postMessage({ type: 'start', cursor, limit } satisfies PullRequest);
    for (;;) {
      const reply = await this.receive();
      if (reply.type === 'error') {
        const { kind, message, status, retryAfterMs } = reply.error;
        throw kind === 'internal' ? new Error(message) : new SyncHttpError(kind, message, status, retryAfterMs);
      }
      yield unpackPage(reply.page);
      if (!reply.page.hasMore) return;
      this.worker.postMessage({ type: 'written' } satisfies PullRequest);
    }
  }

  async close(): Promise<void> {
    runningThreadHeap = 0;
    this.stop(new Error('The pull thread was closed.'));
    await this.worker.terminate();
  }

  private async receive(): Promise<PullReply> {
    for (;;) {
      const reply = this.inbox.shift();
      if (reply) return reply;
      if (this.stopped) throw this.stopped;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    this.wake?.();
  }
}
