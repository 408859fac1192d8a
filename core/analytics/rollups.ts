/**
 * Building the analytics rollups (migration 017) in the background: after a bulk load (the
 * first sync, a demo seed) and after the upgrade to schema 17 on an existing workspace.
 *
 * Each base table has a watermark: its rows with pk <= watermark are counted, and the
 * triggers keep exactly those counted. A slice counts the next rows (watermark, next] and
 * moves the watermark in one short transaction, so the worker answers calls between slices
 * and a change made meanwhile is counted once: by its trigger when the row is below the
 * watermark, by a later slice when above. Order: events (the handoffs per conversation),
 * then conversations (which read them), then contacts. Until every table is done the
 * figures are computed directly (core/analytics/figures.ts) and say `preparing`.
 */
import type { Db } from '../db/database.js';
import { isBulkLoading } from '../db/bulk-load.js';
import { ALL_ROWS } from '../db/migrations/017_analytics.js';
import { allDimSources, dayOf, groupedDimCountsSql, handedOffSql, quarterSql } from './dims.js';
import type { Workspace } from '../services/workspace.js';

export type RollupTable = 'events' | 'conversations' | 'contacts';
const ORDER: readonly RollupTable[] = ['events', 'conversations', 'contacts'];
const COMPLETE = BigInt(ALL_ROWS);

/** Forgets every count: the next rebuild starts from the first row (the caller's transaction). */
export function startRollupsOver(db: Db): void {
  db.exec(`DELETE FROM analytics_contact_days;
    DELETE FROM analytics_quarters;
    DELETE FROM analytics_days;
    DELETE FROM analytics_channel_days;
    DELETE FROM analytics_handoffs;
    UPDATE analytics_state SET watermark = 0, done = 0, total = 0;`);
}

interface StateRow {
  tbl: RollupTable;
  watermark: bigint;
}

function readState(db: Db): StateRow[] {
  const rows = db.prepare('SELECT tbl, watermark FROM analytics_state').safeIntegers(true).all() as StateRow[];
  return ORDER.map((tbl) => rows.find((r) => r.tbl === tbl) ?? { tbl, watermark: 0n });
}

/** The table the next slice counts; null when every rollup is complete. */
function nextTable(db: Db): RollupTable | null {
  return readState(db).find((r) => r.watermark < COMPLETE)?.tbl ?? null;
}

/** Whether one table's rows are all counted. */
export function rollupComplete(db: Db, tbl: RollupTable): boolean {
  return readState(db).some((r) => r.tbl === tbl && r.watermark >= COMPLETE);
}

/** Whether every rollup is complete (the figures can read them). */
export function rollupsReady(db: Db): boolean {
  return readState(db).every((r) => r.watermark >= COMPLETE);
}

/** How far the rebuild is, in rows (estimated from pks: cheap at any size); null when complete. */
export function rollupProgress(db: Db): { done: number; total: number } | null {
  const state = readState(db);
  if (state.every((r) => r.watermark >= COMPLETE)) return null;
  let done = 0;
  let total = 0;
  for (const { tbl, watermark } of state) {
    const max = Number((db.prepare(`SELECT max(pk) FROM ${tbl}`).pluck().get() as number | null) ?? 0);
    total += max;
    done += watermark >= COMPLETE ? max : Math.min(Number(watermark), max);
  }
  return { done, total: Math.max(total, done) };
}

const upsertAdd = (columns: string[]) => columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
const CONVERSATION_COUNTS = ['conversations', 'rated', 'rating_sum', 'handoffs'];

/** Grouped counts (`SELECT <key>, <tail> GROUP BY key`) added to the quarter hours and the UTC days of `time`. */
function timeRollups(columns: string[], time: string, tail: string): string[] {
  return [
    ['analytics_quarters', 'q', quarterSql(time)],
    ['analytics_days', 'day', dayOf(time)],
  ].map(
    ([table, key, expr]) => `INSERT INTO ${table} (${key}, ${columns.join(', ')}) SELECT ${expr} AS k, ${tail} GROUP BY k
     ON CONFLICT (${key}) DO UPDATE SET ${upsertAdd(columns)}`,
  );
}

/** The SQL that counts the rows (:lo, :hi] of each table into the rollups. */
function sliceSql(tbl: RollupTable): string[] {
  const range = (alias: string) => `${alias}.pk > :lo AND ${alias}.pk <= :hi`;
  switch (tbl) {
    case 'events':
      return [
        `INSERT INTO analytics_handoffs (conversation_id, n)
         SELECT json_extract(e.properties, '$.conversation_id') AS cid, count(*) FROM events e
         WHERE ${range('e')} AND e.type = 'handoff_requested' AND cid IS NOT NULL GROUP BY cid
         ON CONFLICT (conversation_id) DO UPDATE SET n = n + excluded.n`,
      ];
    case 'conversations': {
      const sums = `count(*), count(v.rating), coalesce(sum(v.rating), 0), sum(${handedOffSql('v.id')})`;
      return [
        ...timeRollups(CONVERSATION_COUNTS, 'v.started_at', `${sums} FROM conversations v WHERE ${range('v')}`),
        `INSERT INTO analytics_channel_days (channel, day, ${CONVERSATION_COUNTS.join(', ')})
         SELECT v.channel, ${dayOf('v.started_at')} AS d, ${sums} FROM conversations v WHERE ${range('v')} GROUP BY v.channel, d
         ON CONFLICT (day, channel) DO UPDATE SET ${upsertAdd(CONVERSATION_COUNTS)}`,
      ];
    }
    case 'contacts':
      return [
        `INSERT INTO analytics_contact_days (dim, value, day, n)
         SELECT dim, value, day, n FROM (${groupedDimCountsSql(allDimSources('c'), range('c'))}) WHERE true
         ON CONFLICT (dim, value, day) DO UPDATE SET n = n + excluded.n`,
        ...timeRollups(['created'], 'c.created_at', `count(*) FROM contacts c WHERE ${range('c')}`),
        ...timeRollups(['first_seen'], 'c.first_seen_at', `count(*) FROM contacts c WHERE ${range('c')} AND c.first_seen_at IS NOT NULL`),
      ];
  }
}

export interface SliceResult {
  /** The table the slice counted, null when there was nothing left to do. */
  table: RollupTable | null;
  rows: number;
  ms: number;
  complete: boolean;
}

/**
 * Counts the next `rows` rows of the first unfinished table, in one transaction. Does nothing
 * during a bulk load (the rollups are built after it).
 */
export function buildRollupSlice(db: Db, rows: number): SliceResult {
  const started = performance.now();
  if (isBulkLoading(db)) return { table: null, rows: 0, ms: 0, complete: false };
  const tbl = nextTable(db);
  if (!tbl) return { table: null, rows: 0, ms: 0, complete: true };
  let counted = 0;
  db.transaction(() => {
    // Read again inside the write lock: another connection may have moved it.
    const lo = (db.prepare('SELECT watermark FROM analytics_state WHERE tbl = ?').safeIntegers(true).pluck().get(tbl) as bigint | undefined) ?? 0n;
    if (lo >= COMPLETE) return;
    const last = db.prepare(`SELECT pk FROM ${tbl} WHERE pk > ? ORDER BY pk LIMIT 1 OFFSET ?`).safeIntegers(true).pluck();
    const hi = (last.get(lo, rows - 1) as bigint | undefined) ?? (db.prepare(`SELECT max(pk) FROM ${tbl}`).safeIntegers(true).pluck().get() as bigint | null) ?? lo;
    if (hi > lo) {
      for (const sql of sliceSql(tbl)) db.prepare(sql).run({ lo, hi });
      counted = Number(db.prepare(`SELECT count(*) FROM ${tbl} WHERE pk > ? AND pk <= ?`).pluck().get(lo, hi));
    }
    const more = db.prepare(`SELECT 1 FROM ${tbl} WHERE pk > ? LIMIT 1`).get(hi) !== undefined;
    db.prepare('UPDATE analytics_state SET watermark = ? WHERE tbl = ?').run(more ? hi : COMPLETE, tbl);
  }).immediate();
  const complete = rollupsReady(db);
  return { table: tbl, rows: counted, ms: performance.now() - started, complete };
}

/** Builds every rollup at once (tests, the CLI); returns the longest slice in ms. */
export function buildRollupsNow(db: Db, rowsPerSlice = 5000): { slices: number; longestMs: number } {
  let slices = 0;
  let longestMs = 0;
  for (;;) {
    const slice = buildRollupSlice(db, rowsPerSlice);
    if (slice.table === null) break;
    slices++;
    longestMs = Math.max(longestMs, slice.ms);
  }
  return { slices, longestMs };
}

/** Aim for slices of about this long: the worker answers calls in between. */
const TARGET_SLICE_MS = 40;
const CHECK_EVERY_MS = 5000;

/**
 * Runs the rebuild in the database worker, a slice at a time with the event loop free in
 * between (calls are answered between slices). Slice sizes adapt to keep each near 40 ms.
 * It looks for work at start, every few seconds (cheap: one row), and when told (`kick`).
 */
export class RollupBuilder {
  /** Rows per slice, per table (their costs differ tenfold); adapted as slices are timed. */
  private readonly rows: Record<RollupTable, number> = { events: 2000, conversations: 1000, contacts: 300 };
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private lastProgressAt = 0;
  /** The longest slice so far (ms), for the benchmark. */
  longestSliceMs = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly onProgress: (progress: { done: number; total: number }) => void = () => undefined,
  ) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  kick(): void {
    if (this.running || this.stopped) return;
    if (rollupsReady(this.ws.db)) return;
    this.running = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    if (this.stopped) {
      this.running = false;
      return;
    }
    let slice: SliceResult;
    const table = nextTable(this.ws.db);
    try {
      slice = buildRollupSlice(this.ws.db, table ? this.rows[table] : 1);
    } catch (error) {
      // A busy database (another connection writing): try again at the next check.
      console.error('[analytics] a rollup slice failed', error);
      this.running = false;
      return;
    }
    if (slice.table === null) {
      this.running = false;
      if (slice.complete) this.finished();
      return;
    }
    this.longestSliceMs = Math.max(this.longestSliceMs, slice.ms);
    if (slice.rows > 0) {
      // Towards the target, at most doubling at a time.
      const scaled = (this.rows[slice.table] * TARGET_SLICE_MS) / Math.max(slice.ms, 1);
      this.rows[slice.table] = Math.max(50, Math.min(50_000, Math.round(Math.min(scaled, this.rows[slice.table] * 2))));
    }
    if (slice.complete) {
      this.running = false;
      this.finished();
      return;
    }
    const now = performance.now();
    if (now - this.lastProgressAt > 500) {
      this.lastProgressAt = now;
      const progress = rollupProgress(this.ws.db);
      if (progress) this.onProgress(progress);
    }
    setImmediate(() => this.step());
  }

  private finished(): void {
    const total = rollupProgress(this.ws.db)?.total ?? 1;
    this.onProgress({ done: total, total });
  }
}
