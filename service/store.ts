/**
 * The reference service's own SQLite database: one row per entity (live or tombstone) at its
 * latest change, the processed mutations (idempotency), the agents, and meta (the change
 * sequence, the purge mark, the workspace, the checksum state).
 *
 * `seq` is the table's INTEGER PRIMARY KEY: a change moves the row to `++seq`, so a pull is a
 * range scan of the table in key order and seeding appends at the end of the b-tree; the
 * unique index on (kind, id) is the entity's key. Everything runs on one thread (better-sqlite3
 * is synchronous), so one transaction at a time, never interleaved.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ENTITY_KINDS, type EntityKind } from '../core/spec/entities.js';
import { AGENTS } from '../core/generator/vocab/workspace.js';
import {
  type ChecksumEntities,
  type ChecksumState,
  KindState,
  checksumJSON,
  checksumOf,
  cloneChecksumState,
  emptyChecksumState,
} from './checksum.js';

export const CHILD_KINDS = ['conversation', 'event', 'note', 'follow_up'] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];
export const TOMBSTONE_REASONS = ['deleted', 'erased', 'merged'] as const;
export type TombstoneReason = (typeof TOMBSTONE_REASONS)[number];
export type Json = Record<string, unknown>;

const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_DAYS = 90;

/** One entity at its latest change. `data` is the entity's JSON (null for tombstones). */
export interface EntityRecord {
  seq: number;
  kind: EntityKind;
  id: string;
  version: number;
  contactId: string | null;
  data: string | null;
  deleted: boolean;
  reason: TombstoneReason | null;
  mergedInto: string | null;
  deletedAt: string | null;
}

interface EntityRow {
  seq: number;
  kind: EntityKind;
  id: string;
  version: number;
  contact_id: string | null;
  data: string | null;
  deleted: number;
  reason: TombstoneReason | null;
  merged_into: string | null;
  deleted_at: string | null;
}

export interface Agent {
  id: string;
  name: string;
  email: string;
}

export type MutationStatus = 'applied' | 'conflict' | 'rejected';
export interface MutationRecord {
  mutationId: string;
  clientId: string | null;
  agentId: string;
  entity: string | null;
  entityId: string | null;
  op: string | null;
  status: MutationStatus;
  version: number;
  reason: string | null;
  /** How many times the mutation's effect ran: 1 for applied/conflict, 0 for rejected, never more. */
  applications: number;
  /** How many times a client sent it (1 + duplicates answered). */
  received: number;
}

export interface StoreOptions {
  dataDir: string;
  retentionDays?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entities (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  contact_id TEXT,
  unique_key TEXT,
  data TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  merged_into TEXT,
  deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS entities_merged ON entities(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX IF NOT EXISTS entities_tombstones ON entities(deleted_at) WHERE deleted = 1;
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id TEXT PRIMARY KEY,
  client_id TEXT,
  agent_id TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  op TEXT,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  reason TEXT,
  applications INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 1,
  processed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agents (
  token_hash TEXT PRIMARY KEY,
  slot INTEGER NOT NULL UNIQUE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL
) WITHOUT ROWID;
`;

/** The indexes every insert pays for; a bulk load drops them and builds them once at the end. */
const BULK_INDEXES: ReadonlyArray<readonly [string, string]> = [
  ['entities_key', 'CREATE UNIQUE INDEX IF NOT EXISTS entities_key ON entities(kind, id)'],
  ['entities_children', 'CREATE INDEX IF NOT EXISTS entities_children ON entities(contact_id) WHERE deleted = 0'],
  ['entities_unique', 'CREATE UNIQUE INDEX IF NOT EXISTS entities_unique ON entities(unique_key) WHERE unique_key IS NOT NULL'],
];

const ENTITY_COLUMNS = 'seq, kind, id, version, contact_id, data, deleted, reason, merged_into, deleted_at';

/**
 * What must be unique among live entities: a contact's email (case-insensitive) and a field
 * definition's key. The partial unique index enforces it; push checks first to answer well.
 */
export function uniqueKeyOf(kind: EntityKind, data: Json): string | null {
  if (kind === 'contact') return typeof data.email === 'string' && data.email !== '' ? 'email:' + data.email.toLowerCase() : null;
  if (kind === 'field_definition') return typeof data.key === 'string' ? 'field:' + data.key : null;
  return null;
}

function isChild(kind: EntityKind): kind is ChildKind {
  return (CHILD_KINDS as readonly string[]).includes(kind);
}

export class ServiceStore {
  readonly db: Database.Database;
  readonly path: string;
  retentionDays: number;
  /** Added to the wall clock (admin /clock) so tests can let time pass. */
  clockOffsetMs = 0;

  private seqValue: number;
  private purgedThrough: number;
  private sums: ChecksumState;
  private depth = 0;
  private readonly runTxn: (fn: () => unknown) => unknown;
  private readonly stmt: ReturnType<ServiceStore['prepare']>;
  private workspaceValue: { id: string; name: string };

  constructor(options: StoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.path = join(options.dataDir, 'service.db');
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Erasure must leave no personal data in the file: zero deleted content and freed pages.
    this.db.pragma('secure_delete = ON');
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    if (this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'bulk_load'").get()?.value === 'running') {
      this.db.close();
      throw new Error(`the service database ${this.path} was left half-filled by an interrupted seed; delete it and start again`);
    }
    for (const [, create] of BULK_INDEXES) this.db.exec(create);
    this.stmt = this.prepare();
    this.runTxn = this.db.transaction((fn: () => unknown) => {
      const result = fn();
      this.flushMeta();
      return result;
    });

    this.seqValue = Number(this.getMeta('seq') ?? 0);
    this.purgedThrough = Number(this.getMeta('purged_through_seq') ?? 0);
    const sums = this.getMeta('checksum');
    this.sums = sums ? parseChecksumState(sums) : emptyChecksumState();
    let id = this.getMeta('workspace_id');
    let name = this.getMeta('workspace_name');
    if (id === undefined || name === undefined) {
      id = randomUUID();
      name = 'Lumo Home';
      this.setMeta('workspace_id', id);
      this.setMeta('workspace_name', name);
      this.setMeta('created_at', this.nowIso());
    }
    this.workspaceValue = { id, name };
  }

  private prepare() {
    const db = this.db;
    return {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      get: db.prepare<[string, string], EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE kind = ? AND id = ?`),
      insert: db.prepare<[number, string, string, number, string | null, string | null, string]>(
        'INSERT INTO entities (seq, kind, id, version, contact_id, unique_key, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      update: db.prepare<[number, number, string | null, string | null, string, number]>(
        `UPDATE entities SET seq = ?, version = ?, contact_id = ?, unique_key = ?, data = ?,
           deleted = 0, reason = NULL, merged_into = NULL, deleted_at = NULL WHERE seq = ?`,
      ),
      tombstone: db.prepare<[number, number, string, string | null, string, number]>(
        `UPDATE entities SET seq = ?, version = ?, unique_key = NULL, data = NULL,
           deleted = 1, reason = ?, merged_into = ?, deleted_at = ? WHERE seq = ?`,
      ),
      byUnique: db.prepare<[string], EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE unique_key = ?`),
      children: db.prepare<[string], { kind: ChildKind; id: string }>('SELECT kind, id FROM entities WHERE contact_id = ? AND deleted = 0 ORDER BY seq'),
      mergedInto: db.prepare<[string], { id: string }>("SELECT id FROM entities WHERE merged_into = ? AND kind = 'contact'"),
      after: db.prepare<[number, number], EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE seq > ? ORDER BY seq LIMIT ?`),
      live: db.prepare<[], { kind: EntityKind; id: string; version: number }>('SELECT kind, id, version FROM entities WHERE deleted = 0'),
      tombstones: db.prepare<[], { kind: EntityKind; n: number }>('SELECT kind, count(*) AS n FROM entities INDEXED BY entities_tombstones WHERE deleted = 1 GROUP BY kind'),
      purgeMax: db.prepare<[string], { m: number | null; n: number }>('SELECT max(seq) AS m, count(*) AS n FROM entities WHERE deleted = 1 AND deleted_at < ?'),
      purge: db.prepare<[string]>('DELETE FROM entities WHERE deleted = 1 AND deleted_at < ?'),
      mutation: db.prepare<[string], MutationRecord>(
        `SELECT mutation_id AS mutationId, client_id AS clientId, agent_id AS agentId, entity, entity_id AS entityId, op,
           status, version, reason, applications, received FROM mutations WHERE mutation_id = ?`,
      ),
      recordMutation: db.prepare<[string, string | null, string, string | null, string | null, string | null, string, number, string | null, number, string]>(
        `INSERT INTO mutations (mutation_id, client_id, agent_id, entity, entity_id, op, status, version, reason, applications, processed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      received: db.prepare<[string]>('UPDATE mutations SET received = received + 1 WHERE mutation_id = ?'),
      mutationStats: db.prepare<[], { status: string; n: number; received: number; max_applications: number }>(
        'SELECT status, count(*) AS n, sum(received) AS received, max(applications) AS max_applications FROM mutations GROUP BY status',
      ),
      agentByToken: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE token_hash = ?'),
      maxSlot: db.prepare<[], { m: number | null }>('SELECT max(slot) AS m FROM agents'),
      insertAgent: db.prepare<[string, number, string, string, string]>('INSERT INTO agents (token_hash, slot, id, name, email) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  // --- clock and meta ---------------------------------------------------------------------

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  get workspace(): { id: string; name: string } {
    return this.workspaceValue;
  }

  get seq(): number {
    return this.seqValue;
  }

  get purgedThroughSeq(): number {
    return this.purgedThrough;
  }

  getMeta(key: string): string | undefined {
    return this.stmt.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  // --- transactions -------------------------------------------------------------------------

  /**
   * Runs `fn` in one SQLite transaction and writes the sequence and checksum state into meta
   * before the commit. The in-memory copies are restored when the transaction rolls back.
   * Nested calls join the outer transaction.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    const seq = this.seqValue;
    const purged = this.purgedThrough;
    const sums = cloneChecksumState(this.sums);
    this.depth++;
    try {
      return this.runTxn(fn) as T;
    } catch (error) {
      this.seqValue = seq;
      this.purgedThrough = purged;
      this.sums = sums;
      throw error;
    } finally {
      this.depth--;
    }
  }

  /**
   * Fills an empty database fast: without the secondary indexes (built once at the end, by
   * sorting, instead of millions of random b-tree inserts), without a journal and without
   * fsync. Only for a database that holds nothing yet and serves nobody meanwhile (the
   * server answers 503 while seeding); an interruption leaves a mark that makes the next
   * open refuse the file.
   */
  async bulkLoad<T>(fn: () => Promise<T>): Promise<T> {
    if (this.seqValue > 0) throw new Error('bulk load only into an empty service database');
    this.setMeta('bulk_load', 'running');
    for (const [name] of BULK_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    let done = false;
    try {
      const result = await fn();
      done = true;
      return result;
    } finally {
      if (this.db.open) {
        for (const [, create] of BULK_INDEXES) this.db.exec(create);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // A failed load keeps the mark: the next open refuses the half-filled file.
        if (done) this.setMeta('bulk_load', 'done');
      }
    }
  }

  private flushMeta(): void {
    this.setMeta('seq', String(this.seqValue));
    this.setMeta('purged_through_seq', String(this.purgedThrough));
    this.setMeta('checksum', JSON.stringify(checksumJSON(this.sums)));
  }

  private requireTxn(): void {
    if (this.depth === 0) throw new Error('entity writes must run inside store.transaction()');
  }

  // --- entities -----------------------------------------------------------------------------

  get(kind: EntityKind, id: string): EntityRecord | undefined {
    const row = this.stmt.get.get(kind, id);
    return row ? toRecord(row) : undefined;
  }

  /** The live entity's data, parsed; undefined for a tombstone or an unknown id. */
  live(kind: EntityKind, id: string): { record: EntityRecord; data: Json } | undefined {
    const record = this.get(kind, id);
    if (!record || record.deleted || record.data === null) return undefined;
    return { record, data: JSON.parse(record.data) as Json };
  }

  byUniqueKey(key: string): EntityRecord | undefined {
    const row = this.stmt.byUnique.get(key);
    return row ? toRecord(row) : undefined;
  }

  /** Live conversations, events, notes and follow-ups of a contact. */
  childrenOf(contactId: string): Array<{ kind: ChildKind; id: string }> {
    return this.stmt.children.all(contactId);
  }

  /** Contacts whose tombstone says they were merged into `id`. */
  mergedInto(id: string): string[] {
    return this.stmt.mergedInto.all(id).map((r) => r.id);
  }

  /**
   * Writes the live state of an entity (create, update, or revive): version + 1, a new seq,
   * the checksum moved from the old version to the new. Returns the new version.
   */
  write(kind: EntityKind, id: string, fields: Json): number {
    this.requireTxn();
    const old = this.get(kind, id);
    const version = (old?.version ?? 0) + 1;
    const { id: _id, version: _version, ...rest } = fields;
    const json = JSON.stringify({ id, version, ...rest });
    const contactId = isChild(kind) && typeof rest.contact_id === 'string' ? rest.contact_id : null;
    const seq = ++this.seqValue;
    const unique = uniqueKeyOf(kind, rest);
    if (old) {
      this.stmt.update.run(seq, version, contactId, unique, json, old.seq);
      if (!old.deleted) this.sums[kind].remove(id, old.version);
    } else {
      this.stmt.insert.run(seq, kind, id, version, contactId, unique, json);
    }
    this.sums[kind].add(id, version);
    return version;
  }

  /**
   * Inserts an entity that does not exist yet, as generated (its own `version`). The fast
   * path of seeding and activity: no lookup before the insert (the unique index still guards).
   */
  insertNew<T extends { id: string; version: number }>(kind: EntityKind, entity: T): void {
    this.requireTxn();
    const data = entity as unknown as Json;
    const contactId = isChild(kind) && typeof data.contact_id === 'string' ? data.contact_id : null;
    this.stmt.insert.run(++this.seqValue, kind, entity.id, entity.version, contactId, uniqueKeyOf(kind, data), JSON.stringify(entity));
    this.sums[kind].add(entity.id, entity.version);
  }

  /**
   * Turns an entity into a tombstone (its data is dropped at once) with a new version and seq.
   * An entity already deleted for the same reason is left as it is. Returns the version, or
   * undefined when the id is unknown.
   */
  tombstone(kind: EntityKind, id: string, reason: TombstoneReason, mergedInto: string | null = null): number | undefined {
    this.requireTxn();
    const old = this.get(kind, id);
    if (!old) return undefined;
    if (old.deleted && old.reason === reason && old.mergedInto === mergedInto) return old.version;
    const version = old.version + 1;
    this.stmt.tombstone.run(++this.seqValue, version, reason, mergedInto, this.nowIso(), old.seq);
    if (!old.deleted) this.sums[kind].remove(id, old.version);
    return version;
  }

  /** Changes with seq > `after`, ascending, at most `limit`. */
  changesAfter(after: number, limit: number): EntityRecord[] {
    return this.stmt.after.all(after, limit).map(toRecord);
  }

  // --- checksum -----------------------------------------------------------------------------

  /** The incrementally kept checksum (O(1)). */
  checksum(): { seq: number; entities: ChecksumEntities } {
    return { seq: this.seqValue, entities: checksumJSON(this.sums) };
  }

  /** The checksum from scratch over every live row: slow, for tests that prove the incremental one. */
  recomputeChecksum(): { seq: number; entities: ChecksumEntities } {
    return { seq: this.seqValue, entities: checksumOf(this.stmt.live.iterate()) };
  }

  /** Live counts come from the checksum state (O(1)); tombstones from their partial index (few). */
  counts(): Record<EntityKind, { live: number; tombstones: number }> {
    const out = Object.fromEntries(ENTITY_KINDS.map((k) => [k, { live: this.sums[k].count, tombstones: 0 }])) as Record<EntityKind, { live: number; tombstones: number }>;
    for (const row of this.stmt.tombstones.all()) if (out[row.kind]) out[row.kind].tombstones = row.n;
    return out;
  }

  // --- tombstone purge ----------------------------------------------------------------------

  /**
   * Removes tombstones deleted more than `olderThanDays` ago (default: the retention), or all
   * of them. Remembers the highest purged seq: a cursor below it may have missed a tombstone.
   */
  purgeTombstones(options: { olderThanDays?: number; all?: boolean } = {}): { purged: number; purgedThroughSeq: number } {
    const cutoff = options.all ? '9999-12-31T23:59:59.999Z' : new Date(this.now() - (options.olderThanDays ?? this.retentionDays) * DAY_MS).toISOString();
    return this.transaction(() => {
      const { m, n } = this.stmt.purgeMax.get(cutoff) ?? { m: null, n: 0 };
      if (n === 0 || m === null) return { purged: 0, purgedThroughSeq: this.purgedThrough };
      this.stmt.purge.run(cutoff);
      this.purgedThrough = Math.max(this.purgedThrough, m);
      return { purged: n, purgedThroughSeq: this.purgedThrough };
    });
  }

  // --- processed mutations ------------------------------------------------------------------

  findMutation(mutationId: string): MutationRecord | undefined {
    return this.stmt.mutation.get(mutationId);
  }

  recordMutation(m: Omit<MutationRecord, 'received'>): void {
    this.stmt.recordMutation.run(m.mutationId, m.clientId, m.agentId, m.entity, m.entityId, m.op, m.status, m.version, m.reason, m.applications, this.nowIso());
  }

  noteDuplicate(mutationId: string): void {
    this.stmt.received.run(mutationId);
  }

  mutationStats(): { processed: number; received: number; maxApplications: number; byStatus: Record<string, number> } {
    const byStatus: Record<string, number> = {};
    let processed = 0;
    let received = 0;
    let maxApplications = 0;
    for (const row of this.stmt.mutationStats.all()) {
      byStatus[row.status] = row.n;
      processed += row.n;
      received += row.received;
      maxApplications = Math.max(maxApplications, row.max_applications);
    }
    return { processed, received, maxApplications, byStatus };
  }

  // --- agents -------------------------------------------------------------------------------

  /**
   * The agent of each token, stable across restarts: a token seen before keeps its agent, a
   * new one takes the next agent of the workspace's team. Only a hash of the token is stored.
   */
  registerAgents(tokens: readonly string[]): Map<string, Agent> {
    const out = new Map<string, Agent>();
    this.transaction(() => {
      for (const token of tokens) {
        const tokenHash = createHash('sha256').update(token).digest('hex');
        let row = this.stmt.agentByToken.get(tokenHash);
        if (!row) {
          const slot = (this.stmt.maxSlot.get()?.m ?? -1) + 1;
          const base = AGENTS[slot % AGENTS.length]!;
          const round = Math.floor(slot / AGENTS.length);
          const agent =
            round === 0
              ? base
              : { id: `agent-${slot + 1}`, name: `${base.name} ${round + 1}`, email: base.email.replace('@', `${round + 1}@`) };
          this.stmt.insertAgent.run(tokenHash, slot, agent.id, agent.name, agent.email);
          row = { token_hash: tokenHash, slot, id: agent.id, name: agent.name, email: agent.email };
        }
        out.set(token, { id: row.id, name: row.name, email: row.email });
      }
    });
    return out;
  }

  /** Moves every WAL frame into the database file and truncates the WAL. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface AgentRow {
  token_hash: string;
  slot: number;
  id: string;
  name: string;
  email: string;
}

function toRecord(row: EntityRow): EntityRecord {
  return {
    seq: row.seq,
    kind: row.kind,
    id: row.id,
    version: row.version,
    contactId: row.contact_id,
    data: row.data,
    deleted: row.deleted !== 0,
    reason: row.reason,
    mergedInto: row.merged_into,
    deletedAt: row.deleted_at,
  };
}

function parseChecksumState(json: string): ChecksumState {
  const parsed = JSON.parse(json) as Partial<ChecksumEntities>;
  const state = emptyChecksumState();
  for (const kind of ENTITY_KINDS) {
    const value = parsed[kind];
    if (value) state[kind] = KindState.fromJSON(value);
  }
  return state;
}
