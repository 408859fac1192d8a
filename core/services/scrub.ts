/**
 * Wiping an erased person's bytes from the file once the rows are gone (core/services/erase.ts).
 * `secure_delete` zeroes what SQLite frees, but two copies can outlive the rows:
 * - the search index: contacts_fts is contentless with `contentless_delete`, so a deleted row
 *   only gets a tombstone; its words stay in the index segments (older copies too, from every
 *   edit's refresh) until those segments are merged. FTS5's own `secure-delete` option does not
 *   apply to such tables (measured), so the index is merged into one segment ('optimize'),
 *   whose old pages are then freed and zeroed: about 0.4 s at 100,000 contacts (19 MB of index),
 *   growing with the index, so a few seconds at a million; erasures are rare and a batch of
 *   them (a retention run) needs one scrub at its end.
 * - the WAL: the pages written before the erasure stay in it until it is checkpointed and
 *   truncated. TRUNCATE waits for readers; when one blocks it, the scrub stays pending
 *   (settings `erasure_scrub_pending`) and Workspace.maintain retries it when idle.
 */
import type { Db } from '../db/database.js';

export const SCRUB_PENDING_SETTING = 'erasure_scrub_pending';

export interface ScrubResult {
  /** True when nothing of the erased rows is left in the database file or its WAL. */
  complete: boolean;
  ms: number;
}

function setPending(db: Db, pending: boolean): void {
  if (pending) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SCRUB_PENDING_SETTING, 'true');
  else db.prepare('DELETE FROM settings WHERE key = ?').run(SCRUB_PENDING_SETTING);
}

export function scrubPending(db: Db): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(SCRUB_PENDING_SETTING) !== undefined;
}

/** Merges the search index, then checkpoints and truncates the WAL. Call outside a transaction. */
export function scrubErasedBytes(db: Db): ScrubResult {
  const started = performance.now();
  db.transaction(() => {
    setPending(db, false);
    db.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')").run();
  }).immediate();
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  const complete = result !== undefined && result.busy === 0;
  if (!complete) setPending(db, true);
  return { complete, ms: Math.round(performance.now() - started) };
}
