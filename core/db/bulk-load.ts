/**
 * Loading a whole workspace into an empty database (the first sync, the demo seeding) is
 * several times faster without maintaining every secondary index and the search table row
 * by row: they are dropped at the start and built once, sorted, at the end.
 *
 * That includes the id indexes. Without them an entity is appended, never looked up, so
 * the rare entity that arrives twice (changed on the service while the pull ran, or pulled
 * again by a full resync) needs care. A child is stored twice until the end, where only its
 * newest copy is kept before the unique index is built. A contact cannot be (its tags and
 * consents are side rows a second copy would mix with the first): the writer remembers the
 * contact ids it stored (core/db/id-fingerprints.ts) and queues a second arrival in
 * `sync_bulk_deferred`. Deletions received meanwhile need the indexes too, so they wait in
 * the same queue; the queue is carried out at the end, in order.
 *
 * The state is kept in `sync_state` (`bulk_load`: the SQL of the dropped indexes), so a
 * crash in the middle leaves a database that still works (just slower) and the next load
 * finishes the job.
 */
import { DEFAULT_CACHE_KIB, type Db } from './database.js';
import { ENTITY_TABLES } from './tables.js';
import type { EntityKind } from '../spec/entities.js';
import type { PreparedEntity } from './apply.js';
import { rebuildSearch } from '../services/search.js';
import { startRollupsOver } from '../analytics/rollups.js';

const STATE_KEY = 'bulk_load';
const LOAD_CACHE_KIB = 192 * 1024;
/** Rows ANALYZE samples per index after a load. */
const ANALYSIS_ROWS = 2000;

/** Tables whose id index is dropped during a load, by entity kind. */
const DEFERRED_ID_INDEX_KINDS = ['contact', 'conversation', 'event', 'note', 'follow_up'] as const satisfies readonly EntityKind[];
type DeferredIdKind = (typeof DEFERRED_ID_INDEX_KINDS)[number];

const idIndexName = (kind: DeferredIdKind) => `${ENTITY_TABLES[kind]}_by_id`;

interface DroppedIndex {
  name: string;
  sql: string;
}

/** Indexes that speed up reading but are not needed while loading. */
function droppableIndexes(db: Db): DroppedIndex[] {
  const idIndexes = DEFERRED_ID_INDEX_KINDS.map(idIndexName);
  return db
    .prepare<string[], DroppedIndex>(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL
         AND (sql NOT LIKE 'CREATE UNIQUE%' OR name IN (${idIndexes.map(() => '?').join(', ')}))
         AND tbl_name IN ('contacts', 'conversations', 'events', 'notes', 'follow_ups', 'consents', 'contact_tags', 'field_changes')
       ORDER BY name`,
    )
    .all(...idIndexes);
}

export function isBulkLoading(db: Db): boolean {
  return db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY) !== undefined;
}

/**
 * Starts a bulk load when the workspace holds no contacts yet (or resumes one). Returns
 * whether bulk mode is on; when it is, the database uses a rollback journal until
 * `leaveLoadJournal` (which `finishBulkLoad` calls).
 */
export function beginBulkLoad(db: Db): boolean {
  if (!isBulkLoading(db)) {
    const contacts = db.prepare('SELECT count(*) FROM (SELECT 1 FROM contacts LIMIT 1)').pluck().get() as number;
    if (contacts > 0) return false;
    db.transaction(() => {
      const indexes = droppableIndexes(db);
      for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
      db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(STATE_KEY, JSON.stringify(indexes));
      dropAnalyticsTriggers(db);
    }).immediate();
  } else if (analyticsTriggers(db).length > 0) {
    // A load interrupted before an upgrade brought the triggers: they go now (without the
    // contacts' id index each consent row would scan every contact).
    db.transaction(() => dropAnalyticsTriggers(db)).immediate();
  }
  enterLoadJournal(db);
  return true;
}

/**
 * The analytics triggers would add work to every loaded row: they go with the indexes (their
 * SQL kept in the load's state) and the rollups start over, to be built in the background
 * after the load (core/analytics/rollups.ts). The caller's transaction.
 */
function dropAnalyticsTriggers(db: Db): void {
  const triggers = analyticsTriggers(db);
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  startRollupsOver(db);
  const stored = JSON.parse(db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY)?.value ?? '[]') as DroppedIndex[];
  db.prepare('UPDATE sync_state SET value = ? WHERE key = ?').run(JSON.stringify([...stored, ...triggers]), STATE_KEY);
}

/**
 * A load appends gigabytes of new pages. The write-ahead log writes each of them twice (to
 * the log, then to the file at a checkpoint); a rollback journal writes a new page once and
 * journals only the few existing pages a commit changes. A crash still rolls back to the
 * last commit (the hot journal is replayed on the next open, which turns WAL back on).
 * Switching needs the only connection to the file; when another one is open, WAL stays.
 */
function enterLoadJournal(db: Db): void {
  setJournalMode(db, 'truncate');
  // The contacts' id index takes random inserts all along: a larger page cache keeps it in
  // memory at a million contacts (SQLite's memory, not the JavaScript heap; given back after).
  db.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
}

/** Back to the write-ahead log, so reads and writes from other connections do not wait on each other. */
export function leaveLoadJournal(db: Db): void {
  setJournalMode(db, 'wal');
  db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`);
}

function setJournalMode(db: Db, mode: 'wal' | 'truncate'): void {
  if (db.inTransaction) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  // Do not wait for another connection to go away: the load works either way.
  db.pragma('busy_timeout = 0');
  try {
    db.pragma(`journal_mode = ${mode}`);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** A deletion received during a bulk load, carried out by `finishBulkLoad` (the caller's transaction). */
export function deferDeletion(db: Db, kind: EntityKind, id: string, erased: boolean): void {
  db.prepare('INSERT INTO sync_bulk_deferred (kind, id, erased) VALUES (?, ?, ?)').run(kind, id, erased ? 1 : 0);
}

/**
 * A contact that arrives again during a bulk load (changed on the service while the load
 * ran): written by `finishBulkLoad`, in order with the deletions, once its id index is back.
 */
export function deferUpsert(db: Db, entity: PreparedEntity): void {
  const payload: DeferredPayload = { row: entity.row, contactId: entity.contactId, ...(entity.contact ? { contact: entity.contact } : {}) };
  db.prepare('INSERT INTO sync_bulk_deferred (kind, id, erased, payload) VALUES (?, ?, 0, ?)').run(entity.kind, entity.id, JSON.stringify(payload));
}

type DeferredPayload = Pick<PreparedEntity, 'row' | 'contactId' | 'contact'>;

export interface DeferredDeletion {
  seq: number;
  kind: EntityKind;
  id: string;
  erased: boolean;
}

export interface FinishHooks {
  /** A duplicate copy of a child was removed (its checksum contribution must go too). */
  onDuplicateRemoved?: (kind: EntityKind, id: string, version: number) => void;
  /** Carries out one deferred deletion, inside a transaction that also drops it from the queue. */
  applyDeletion?: (deletion: DeferredDeletion) => void;
  /** Writes one deferred upsert (the id indexes are back), in a transaction that drops it from the queue. */
  applyUpsert?: (entity: PreparedEntity) => void;
  /**
   * Contacts found stored twice when their id index was built (which the load's own
   * bookkeeping prevents): the newest copy of each was kept at version 0 without consents,
   * so reading the workspace again from the start restores them whole.
   */
  onContactsReset?: (ids: string[]) => void;
  /** Runs after the deletions, before derived data is built (laying pending edits over). */
  afterDeletions?: () => void;
  /** Each step's name as it starts, for progress. */
  onStep?: (step: string) => void;
}

/**
 * Builds what was deferred: the id indexes (keeping the newest copy of a duplicate), the
 * other indexes, the deferred deletions, the conversation counts, the search table, and
 * fresh planner statistics. Each step commits on its own; a crash repeats only what is left.
 */
export function finishBulkLoad(db: Db, hooks: FinishHooks = {}): void {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY);
  if (!row) return;
  const step = hooks.onStep ?? (() => undefined);
  // Index builds sort; a helper thread shares the sorting.
  db.pragma('threads = 2');
  const indexes = JSON.parse(row.value) as DroppedIndex[];
  // Unique ones first: the deletions below look entities up by id.
  indexes.sort((a, b) => Number(isUnique(b)) - Number(isUnique(a)));
  for (const index of indexes) {
    step(`index ${index.name}`);
    const kind = DEFERRED_ID_INDEX_KINDS.find((k) => idIndexName(k) === index.name);
    if (kind === 'contact') buildContactIdIndex(db, index.sql, hooks);
    else if (kind) buildIdIndex(db, kind, index.sql, hooks.onDuplicateRemoved);
    else if (isTrigger(index)) continue;
    else db.exec(index.sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
  }
  step('deletions');
  const next = db.prepare<[], { seq: number; kind: EntityKind; id: string; erased: number; payload: string | null }>(
    'SELECT seq, kind, id, erased, payload FROM sync_bulk_deferred ORDER BY seq LIMIT 500',
  );
  const drop = db.prepare('DELETE FROM sync_bulk_deferred WHERE seq = ?');
  for (;;) {
    const batch = next.all();
    if (batch.length === 0) break;
    db.transaction(() => {
      for (const d of batch) {
        if (d.payload === null) hooks.applyDeletion?.({ seq: d.seq, kind: d.kind, id: d.id, erased: d.erased === 1 });
        else if (hooks.applyUpsert) hooks.applyUpsert(deferredEntity(d.kind, d.id, d.payload));
        // Dropping it unwritten would lose the entity's newest version.
        else throw new Error('finishBulkLoad: a deferred upsert needs the applyUpsert hook');
        drop.run(d.seq);
      }
    })();
  }
  hooks.afterDeletions?.();
  step('conversation counts');
  db.exec(`UPDATE contacts SET conversation_count = a.n, first_seen_at = a.first
           FROM (SELECT contact_id, count(*) AS n, min(started_at) AS first FROM conversations GROUP BY contact_id) AS a
           WHERE a.contact_id = contacts.id`);
  step('search');
  db.transaction(() => rebuildSearch(db))();
  // One segment after a rebuild: searches read a single b-tree.
  db.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')").run();
  step('statistics');
  // Sampled statistics (what `PRAGMA optimize` gathers later too): plans need the shape of
  // each index, not exact counts, and a full pass over a million contacts costs seconds.
  db.pragma(`analysis_limit = ${ANALYSIS_ROWS}`);
  db.exec('ANALYZE');
  db.pragma('analysis_limit = 0');
  // The triggers come back with nothing counted yet (watermarks at 0): the rollups are built in the background.
  db.transaction(() => {
    for (const trigger of indexes.filter(isTrigger)) db.exec(trigger.sql.replace(/^CREATE TRIGGER /i, 'CREATE TRIGGER IF NOT EXISTS '));
    db.prepare('DELETE FROM sync_state WHERE key = ?').run(STATE_KEY);
  })();
  step('done');
  db.pragma('threads = 0');
  leaveLoadJournal(db);
}

const isUnique = (index: DroppedIndex) => /^CREATE UNIQUE /i.test(index.sql);
const isTrigger = (index: DroppedIndex) => /^CREATE TRIGGER /i.test(index.sql);

/** The analytics rollups' triggers (migration 017), dropped for a load like the indexes. */
function analyticsTriggers(db: Db): DroppedIndex[] {
  return db.prepare<[], DroppedIndex>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analytics\\_%' ESCAPE '\\' ORDER BY name`).all();
}

/** Runs a CREATE UNIQUE INDEX; false when the rows hold duplicates (nothing was created). */
function createUnlessDuplicates(db: Db, create: string): boolean {
  try {
    db.exec(create);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    return false;
  }
}

function deferredEntity(kind: EntityKind, id: string, payload: string): PreparedEntity {
  const { row, contactId, contact } = JSON.parse(payload) as DeferredPayload;
  return { kind, id, version: row[1] as number, row, contactId, ...(contact ? { contact } : {}) };
}

/**
 * Builds the contacts' unique id index. A load stores each contact once (a second arrival is
 * deferred), so a duplicate means that bookkeeping failed; the index is built anyway, never
 * guessing which consent rows belonged to which copy: the newest copy stays, at version 0 and
 * without consents, and `onContactsReset` has the workspace read again to restore it whole.
 */
function buildContactIdIndex(db: Db, sql: string, hooks: FinishHooks): void {
  const create = sql.replace(/^CREATE UNIQUE INDEX /i, 'CREATE UNIQUE INDEX IF NOT EXISTS ');
  if (createUnlessDuplicates(db, create)) return;
  const reset = db.transaction(() => {
    const copies = db
      .prepare<[], { pk: number; id: string; version: number; copy: number }>(
        `SELECT pk, id, version, copy FROM (
           SELECT pk, id, version, row_number() OVER (PARTITION BY id ORDER BY version DESC, pk DESC) AS copy,
                  count(*) OVER (PARTITION BY id) AS copies
           FROM contacts
         ) WHERE copies > 1`,
      )
      .all();
    const remove = db.prepare('DELETE FROM contacts WHERE pk = ?');
    const keep = db.prepare('UPDATE contacts SET version = 0 WHERE pk = ?');
    const clearConsents = db.prepare('DELETE FROM consents WHERE contact_id = ?');
    const ids = new Set<string>();
    for (const c of copies) {
      // Every copy leaves the checksum: the kept one now counts as not yet read.
      hooks.onDuplicateRemoved?.('contact', c.id, c.version);
      if (c.copy > 1) remove.run(c.pk);
      else keep.run(c.pk);
      ids.add(c.id);
    }
    for (const id of ids) clearConsents.run(id);
    db.exec(create);
    return [...ids];
  })();
  hooks.onContactsReset?.(reset);
}

/**
 * Builds a child table's unique id index. When the build finds the same id twice, every
 * copy but the newest (highest version, then the latest written) is removed first, in the
 * same transaction as the index.
 */
function buildIdIndex(db: Db, kind: DeferredIdKind, sql: string, onRemoved: FinishHooks['onDuplicateRemoved']): void {
  const table = ENTITY_TABLES[kind];
  const create = sql.replace(/^CREATE UNIQUE INDEX /i, 'CREATE UNIQUE INDEX IF NOT EXISTS ');
  if (createUnlessDuplicates(db, create)) return;
  db.transaction(() => {
    const stale = db
      .prepare<[], { pk: number; id: string; version: number }>(
        `SELECT pk, id, version FROM (
           SELECT pk, id, version, row_number() OVER (PARTITION BY id ORDER BY version DESC, pk DESC) AS copy FROM ${table}
         ) WHERE copy > 1`,
      )
      .all();
    const remove = db.prepare(`DELETE FROM ${table} WHERE pk = ?`);
    for (const copy of stale) {
      remove.run(copy.pk);
      onRemoved?.(kind, copy.id, copy.version);
    }
    db.exec(create);
  })();
}
