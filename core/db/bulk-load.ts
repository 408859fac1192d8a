/**
 * Loading a whole workspace into an empty database (the first sync, the demo seeding) is
 * several times faster without maintaining every secondary index and the search table row
 * by row: they are dropped at the start and built once, sorted, at the end.
 *
 * The state is kept in `sync_state` (`bulk_load`: the SQL of the dropped indexes), so a
 * crash in the middle leaves a database that still works (just slower) and the next load
 * finishes the job. Uniqueness indexes stay: the load relies on them to skip what it has.
 */
import type { Db } from './database.js';
import { rebuildSearch } from '../services/search.js';

const STATE_KEY = 'bulk_load';

/** Indexes that speed up reading but are not needed while loading. */
function droppableIndexes(db: Db): { name: string; sql: string }[] {
  return db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
         AND tbl_name IN ('contacts', 'conversations', 'events', 'notes', 'follow_ups', 'consents', 'contact_tags', 'field_changes')`,
    )
    .all();
}

export function isBulkLoading(db: Db): boolean {
  return db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY) !== undefined;
}

/** Starts a bulk load when the workspace holds no contacts yet (or resumes one). Returns whether bulk mode is on. */
export function beginBulkLoad(db: Db): boolean {
  if (isBulkLoading(db)) return true;
  const contacts = db.prepare('SELECT count(*) FROM (SELECT 1 FROM contacts LIMIT 1)').pluck().get() as number;
  if (contacts > 0) return false;
  db.transaction(() => {
    const indexes = droppableIndexes(db);
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(STATE_KEY, JSON.stringify(indexes));
  }).immediate();
  return true;
}

/**
 * Builds what was deferred: the indexes, the search table, the conversation counts, and
 * fresh planner statistics. Each step commits on its own; a crash repeats only what is left.
 */
export function finishBulkLoad(db: Db, onStep: (step: string) => void = () => undefined): void {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY);
  if (!row) return;
  const indexes = JSON.parse(row.value) as { name: string; sql: string }[];
  for (const index of indexes) {
    onStep(`index ${index.name}`);
    db.exec(index.sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
  }
  onStep('conversation counts');
  db.exec(`UPDATE contacts SET conversation_count = a.n, first_seen_at = a.first
           FROM (SELECT contact_id, count(*) AS n, min(started_at) AS first FROM conversations GROUP BY contact_id) AS a
           WHERE a.contact_id = contacts.id`);
  onStep('search');
  db.transaction(() => rebuildSearch(db))();
  // One segment after a rebuild: searches read a single b-tree.
  db.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')").run();
  onStep('statistics');
  db.exec('ANALYZE');
  db.prepare('DELETE FROM sync_state WHERE key = ?').run(STATE_KEY);
}
