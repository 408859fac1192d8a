/**
 * One sync cycle against a service that follows ../shared/spec/chatbot-sync-api.md:
 * push the outbox, pull until caught up, prove convergence with the checksum.
 * See docs/sync-protocol.md for the rules this follows and why.
 *
 * Crash safety: every pushed batch's results commit in one transaction; every pulled page
 * commits with its cursor; local edits commit with their outbox rows. A crash at any
 * instant loses nothing: unacknowledged mutations are sent again (the service answers
 * `duplicate`) and an uncommitted page is pulled again.
 */
import { randomUUID } from 'node:crypto';
import { COLUMNS, EntityWriter, type PreparedEntity } from '../db/apply.js';
import { beginBulkLoad, deferDeletion, finishBulkLoad, isBulkLoading, leaveLoadJournal } from '../db/bulk-load.js';
import { CONTACT_CHILD_TABLES, ENTITY_TABLES } from '../db/tables.js';
import { ENTITY_KINDS, ENTITY_SCHEMAS, type EntityKind } from '../spec/entities.js';
import { eraseInTransaction } from '../services/erase.js';
import { scrubErasedBytes, scrubPending } from '../services/scrub.js';
import { isSuppressed, suppressionListIsEmpty, type SuppressionKind } from '../services/suppression.js';
import { nowIso } from '../services/clock.js';
import type { Workspace } from '../services/workspace.js';
import { ChecksumAccumulator, type Checksums } from './checksum.js';
import { defaultPullWorkerUrl, InlinePageSource, ThreadPageSource, type PageSource, type PreparedPage } from './page-source.js';
import { SyncHttpClient, SyncHttpError, type ChecksumResponse, type PushResult, type SpecMutation, type WorkspaceResponse } from './http.js';
import { OVERLAID_KINDS, overlayPending, type OverlaidKind } from './pending.js';
import { recordMergeFromService, relinkToHeldMerges } from '../services/merge.js';
import { applyRetentionToPulled, type PulledEntities } from '../services/retention.js';

export const MAX_PUSH_BATCH = 500;
const CONTACT_EMAIL_AT = COLUMNS.contact.indexOf('email');
const CONTACT_PHONE_AT = COLUMNS.contact.indexOf('phone');

const CLEAR_QUARANTINED = `DELETE FROM quarantine WHERE entity_id = ? AND (entity = ? OR entity NOT IN (${ENTITY_KINDS.map((k) => `'${k}'`).join(', ')}))`;
const DEFAULT_PULL_LIMIT = 1000;
/** A first sync asks for the spec's largest pages: fewer round trips and commits. */
const BULK_PULL_LIMIT = 5000;
const VERIFY_ATTEMPTS = 3;

export interface SyncConfig {
  serviceUrl: string;
  token: string;
  pullLimit?: number;
  timeoutMs?: number;
  /** Replaces fetch (tests inject faults with it); a first sync then pulls in this thread. */
  fetchImpl?: typeof fetch;
  /** The pull thread's script for first syncs; null pulls in this thread. Default: pull-worker.js beside the bundle. */
  pullWorkerUrl?: URL | null;
  /** Each step of the end of a first sync (index and search builds) as it starts: the CLI prints them. */
  onLoadStep?: (step: string) => void;
}

export interface SyncProgress {
  phase: 'connecting' | 'pushing' | 'pulling' | 'indexing' | 'verifying';
  pushed: number;
  pulled: number;
  /** Live entities on the service at the start of a first sync: the denominator of the progress bar. */
  expected: number | null;
  startedAt: string;
  fullSync: boolean;
}

export interface SyncReport {
  workspace: { id: string; name: string };
  pushed: { applied: number; duplicate: number; conflict: number; rejected: number };
  /** `suppressed`: records of erased people (on the suppression list) that were not stored. */
  pulled: { pages: number; changes: number; applied: number; skipped: number; deleted: number; erased: number; quarantined: number; suppressed: number };
  fullResync: boolean;
  converged: boolean;
  /** Why convergence could not be shown, in words; null when it was. */
  divergence: string | null;
  local: Checksums;
  server: ChecksumResponse | null;
  durationMs: number;
}

/** Keys of the sync_state table. */
const KEY = {
  cursor: 'cursor',
  clientId: 'client_id',
  workspace: 'workspace',
  resync: 'full_resync_in_progress',
  lastSyncAt: 'last_sync_at',
  lastError: 'last_error',
  /** The cursor before the first page that had an entity quarantined, and how often a sync went back to it. */
  quarantineFrom: 'quarantine_from',
} as const;
/** How often a sync goes back to re-read quarantined entities before it leaves them to a person. */
const MAX_QUARANTINE_REWINDS = 3;

interface OutboxRow {
  seq: number;
  mutation_id: string;
  entity: string;
  op: string;
  entity_id: string;
  base_version: number | null;
  payload: string;
  at: string;
}

export class SyncEngine {
  private readonly http: SyncHttpClient;
  private readonly checksums: ChecksumAccumulator;
  private readonly writer: EntityWriter;
  private running = false;
  /** The largest heap the pull thread of a first sync reported (it counts toward the sync's memory). */
  pullThreadHeapBytes = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly config: SyncConfig,
    private readonly onProgress: (progress: SyncProgress) => void = () => undefined,
  ) {
    this.http = new SyncHttpClient({
      baseUrl: config.serviceUrl,
      token: config.token,
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.fetchImpl ? { fetchImpl: config.fetchImpl } : {}),
    });
    this.checksums = new ChecksumAccumulator(ws.db);
    this.writer = new EntityWriter(ws.db, ws.search, this.checksums);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** One full cycle. Throws SyncHttpError when the service cannot be reached or refuses. */
  async syncOnce(): Promise<SyncReport> {
    if (this.running) throw new Error('A sync is already running');
    this.running = true;
    const started = performance.now();
    try {
      const report = await this.cycle();
      report.durationMs = Math.round(performance.now() - started);
      this.setState(KEY.lastSyncAt, nowIso());
      this.setState(KEY.lastError, '');
      return report;
    } catch (error) {
      this.setState(KEY.lastError, error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      this.running = false;
    }
  }

  private async cycle(): Promise<SyncReport> {
    this.checksums.reload();
    const progress: SyncProgress = {
      phase: 'connecting',
      pushed: 0,
      pulled: 0,
      expected: null,
      startedAt: nowIso(),
      fullSync: this.state(KEY.cursor) === null,
    };
    this.onProgress({ ...progress });
    const workspace = await this.http.workspace();
    this.adoptWorkspace(workspace);

    progress.phase = 'pushing';
    const pushed = await this.push(progress);

    progress.phase = 'pulling';
    if (progress.fullSync) {
      // The checksum's counts tell how much a first sync will bring: the progress bar's total.
      const server = await this.http.checksum();
      progress.expected = Object.values(server.entities).reduce((sum, e) => sum + e.count, 0);
    }
    const pulled = { pages: 0, changes: 0, applied: 0, skipped: 0, deleted: 0, erased: 0, quarantined: 0, suppressed: 0 };
    let fullResync = this.state(KEY.resync) === '1';
    try {
      await this.pullUntilCaughtUp(pulled, progress);
    } catch (error) {
      if (!(error instanceof SyncHttpError && error.kind === 'cursor_expired')) throw error;
      this.startFullResync();
      fullResync = true;
      progress.fullSync = true;
      await this.pullUntilCaughtUp(pulled, progress);
    }

    progress.phase = 'verifying';
    this.onProgress({ ...progress });
    const verification = await this.verify(pulled, progress);
    // Erased tombstones were applied: wipe their bytes from the file too (core/services/scrub.ts).
    if (pulled.erased > 0 && scrubPending(this.ws.db)) scrubErasedBytes(this.ws.db);
    return {
      workspace: { id: workspace.id, name: workspace.name },
      pushed,
      pulled,
      fullResync,
      converged: verification.divergence === null,
      divergence: verification.divergence,
      local: this.checksums.snapshot(),
      server: verification.server,
      durationMs: 0,
    };
  }

  // ------------------------------------------------------------------ push

  private async push(progress: SyncProgress): Promise<SyncReport['pushed']> {
    const counts = { applied: 0, duplicate: 0, conflict: 0, rejected: 0 };
    const clientId = this.clientId();
    for (;;) {
      const rows = this.ws
        .stmt<[{ now: string; limit: number }], OutboxRow>(
          // A change made after a held one of the same entity (an edit of a merged contact) waits for it: order matters.
          `SELECT seq, mutation_id, entity, op, entity_id, base_version, payload, at FROM outbox o WHERE state = 'pending' AND (hold_until IS NULL OR hold_until <= @now)
           AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.entity = o.entity AND h.entity_id = o.entity_id AND h.seq < o.seq AND h.state = 'pending' AND h.hold_until > @now)
           ORDER BY seq LIMIT @limit`,
        )
        .all({ now: new Date().toISOString(), limit: MAX_PUSH_BATCH });
      if (rows.length === 0) {
        // What was kept to undo a deletion goes once the deletion has left.
        this.ws.stmt('DELETE FROM deleted_contacts WHERE mutation_id NOT IN (SELECT mutation_id FROM outbox)').run();
        this.ws.stmt('DELETE FROM deleted_notes WHERE mutation_id NOT IN (SELECT mutation_id FROM outbox)').run();
        this.ws.stmt("UPDATE merges SET snapshot = NULL WHERE snapshot IS NOT NULL AND mutation_id NOT IN (SELECT mutation_id FROM outbox WHERE state = 'pending')").run();
        return counts;
      }
      const mutations = rows.map(toSpecMutation);
      const results = await this.http.push(clientId, mutations);
      const touched = this.txn(() => this.applyPushResults(rows, mutations, results, counts));
      progress.pushed += rows.length;
      this.onProgress({ ...progress });
      if (touched.size > 0) this.ws.contactsChanged([...touched]);
    }
  }

  private applyPushResults(rows: OutboxRow[], mutations: SpecMutation[], results: PushResult[], counts: SyncReport['pushed']): Set<string> {
    const touched = new Set<string>();
    const remove = this.ws.stmt('DELETE FROM outbox WHERE seq = ?');
    // By mutation id: a seq freed by a removal is given to the next change queued.
    const stillQueued = this.ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM outbox WHERE mutation_id = ?');
    this.writer.begin();
    rows.forEach((row, index) => {
      const result = results[index] as PushResult;
      const mutation = mutations[index] as SpecMutation;
      if (result.mutation_id !== row.mutation_id) {
        throw new SyncHttpError('unavailable', 'The service answered the push out of order; it will be sent again.', 200);
      }
      // Taken out of the outbox while the push was on its way (the person was erased
      // meanwhile): its answer must not bring anything back, not even a conflict's values.
      if (!stillQueued.get(row.mutation_id)) return;
      switch (result.status) {
        case 'applied':
        case 'duplicate':
          counts[result.status]++;
          remove.run(row.seq);
          break;
        case 'rejected':
          counts.rejected++;
          this.ws
            .stmt("UPDATE outbox SET state = 'rejected', rejected_reason = ?, attempts = attempts + 1 WHERE seq = ?")
            .run(result.reason ?? 'The service rejected this change without a reason.', row.seq);
          if (row.entity === 'contact') touched.add(row.entity_id);
          break;
        case 'conflict':
          counts.conflict++;
          // Out of the outbox first: laying pending changes over the service's state must not re-apply this one.
          remove.run(row.seq);
          this.recordConflict(row, mutation, result);
          if (row.entity === 'contact') touched.add(row.entity_id);
          break;
      }
    });
    this.writer.finish();
    return touched;
  }

  /** Keeps both values of every field the service would not take, and shows the service's state. */
  private recordConflict(row: OutboxRow, mutation: SpecMutation, result: PushResult): void {
    const entityKind = row.entity as EntityKind;
    const server = result.entity ?? {};
    const fields = (mutation['fields'] ?? {}) as Record<string, unknown>;
    const insert = this.ws.stmt(
      'INSERT INTO conflicts (entity, entity_id, field, local_value, server_value, mutation_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const at = nowIso();
    const serverId = typeof server['id'] === 'string' ? server['id'] : row.entity_id;
    if (row.op === 'create') {
      // A contact with this email exists already: both people are kept, a person decides.
      insert.run(row.entity, row.entity_id, 'email', JSON.stringify(fields['email'] ?? null), JSON.stringify(serverId), row.mutation_id, at);
    } else {
      for (const [field, value] of Object.entries(fields)) {
        if (JSON.stringify(server[field] ?? null) !== JSON.stringify(value ?? null)) {
          insert.run(row.entity, row.entity_id, field, JSON.stringify(value ?? null), JSON.stringify(server[field] ?? null), row.mutation_id, at);
        }
      }
    }
    if (serverId === row.entity_id && (ENTITY_KINDS as readonly string[]).includes(entityKind)) {
      const parsed = ENTITY_SCHEMAS[entityKind].safeParse(server);
      if (parsed.success) {
        this.writer.upsert(entityKind, parsed.data as never);
        if (OVERLAID_KINDS.has(entityKind)) overlayPending(this.ws, entityKind as OverlaidKind, row.entity_id);
      }
    }
  }

  // ------------------------------------------------------------------ pull

  private async pullUntilCaughtUp(counts: SyncReport['pulled'], progress: SyncProgress): Promise<void> {
    // An empty copy loads in bulk: indexes and search rows are built once at the end.
    this.writer.bulk = this.state(KEY.cursor) === null || isBulkLoading(this.ws.db) ? beginBulkLoad(this.ws.db) : false;
    const limit = this.config.pullLimit ?? (this.writer.bulk ? BULK_PULL_LIMIT : DEFAULT_PULL_LIMIT);
    const source = this.pageSource();
    try {
      // Pages arrive while earlier ones are written (core/sync/page-source.ts); only a
      // committed page moves the stored cursor.
      for await (const page of source.pages(this.state(KEY.cursor), limit)) this.commitPage(page, counts, progress);
    } catch (error) {
      // A load cut short goes on at the next sync; meanwhile the database is back on its WAL
      // and writes (pushed results, local edits) take the ordinary way.
      if (this.writer.bulk) leaveLoadJournal(this.ws.db);
      this.writer.bulk = false;
      throw error;
    } finally {
      this.pullThreadHeapBytes = Math.max(this.pullThreadHeapBytes, source.threadHeapUsedBytes);
      await source.close();
    }
    if (this.writer.bulk) {
      try {
        progress.phase = 'indexing';
        this.onProgress({ ...progress });
        this.finishBulk();
      } finally {
        leaveLoadJournal(this.ws.db);
      }
      this.ws.contactsChanged(null);
    }
    if (this.state(KEY.resync) === '1') this.finishFullResync(counts);
  }

  /** A first sync prepares pages in a thread of its own when the bundle has one (core/sync/page-source.ts). */
  private pageSource(): PageSource {
    const url = this.config.pullWorkerUrl === undefined ? defaultPullWorkerUrl() : this.config.pullWorkerUrl;
    if (this.writer.bulk && url && !this.config.fetchImpl) {
      return new ThreadPageSource(url, { serviceUrl: this.config.serviceUrl, token: this.config.token, timeoutMs: this.config.timeoutMs ?? null });
    }
    return new InlinePageSource(this.http);
  }

  /** Writes one page and its cursor in one transaction. */
  private commitPage(page: PreparedPage, counts: SyncReport['pulled'], progress: SyncProgress): void {
    const touched = this.txn(() => this.applyPage(page, counts));
    counts.pages++;
    counts.changes += page.changeCount;
    progress.pulled += page.changeCount;
    this.onProgress({ ...progress });
    if (!this.writer.bulk && (touched.size > 0 || page.invalid.length > 0)) this.ws.contactsChanged(touched.size > 200 ? null : [...touched]);
  }

  private applyPage(page: PreparedPage, counts: SyncReport['pulled']): Set<string> {
    const { valid, invalid, nextCursor } = page;
    const resync = this.state(KEY.resync) === '1';
    const seen = this.ws.stmt('INSERT OR IGNORE INTO sync_resync_seen (kind, id) VALUES (?, ?)');
    const touchedContacts = new Set<string>();
    const overlay: { kind: OverlaidKind; id: string }[] = [];
    const children: { kind: EntityKind; id: string; contactId: string }[] = [];
    const retained: PulledEntities = { contacts: [], conversations: [], events: [] };
    // Checked once a page: during a first sync both are empty and a million lookups are saved.
    const anyPending = this.ws.stmt<[], { n: number }>("SELECT count(*) AS n FROM (SELECT 1 FROM outbox WHERE state = 'pending' LIMIT 1)").get()?.n === 1;
    const anyQuarantined = this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM quarantine LIMIT 1)').get()?.n === 1;
    const suppressing = !suppressionListIsEmpty(this.ws);
    this.writer.begin();
    for (const change of valid) {
      if (change.op === 'upsert') {
        const { kind, id } = change.entity;
        if (resync) seen.run(kind, id);
        if (suppressing && this.suppressPulled(change.entity)) {
          counts.suppressed++;
          continue;
        }
        if (this.writer.upsertPrepared(change.entity)) {
          counts.applied++;
          if (anyPending && !this.writer.bulk && OVERLAID_KINDS.has(kind)) overlay.push({ kind: kind as OverlaidKind, id });
          if (anyPending && !this.writer.bulk && change.entity.contactId) children.push({ kind, id, contactId: change.entity.contactId });
          touchedContacts.add(kind === 'contact' ? id : change.entity.contactId ?? id);
          if (!this.writer.bulk && (kind === 'contact' || kind === 'conversation' || kind === 'event')) retained[`${kind}s`].push(id);
        } else counts.skipped++;
        // A valid copy heals what was quarantined of it, including a copy damaged into a kind
        // no spec has (the `malformed` fault's "invoice"), which no later change would clear.
        if (anyQuarantined) this.ws.stmt(CLEAR_QUARANTINED).run(id, kind);
      } else if (this.writer.bulk) {
        // Deleting needs the id indexes a bulk load has dropped: done when it finishes.
        deferDeletion(this.ws.db, change.kind, change.id, change.kind === 'contact' && change.reason === 'erased');
        if (change.kind === 'contact' && change.reason === 'erased') counts.erased++;
        else counts.deleted++;
      } else if (change.kind === 'contact' && change.reason === 'erased') {
        eraseInTransaction(this.ws, change.id, { origin: 'service', writer: this.writer });
        counts.erased++;
        touchedContacts.add(change.id);
      } else {
        if (change.kind === 'contact' && change.reason === 'merged' && change.mergedInto) recordMergeFromService(this.ws, change.id, change.mergedInto);
        const { removed } = this.writer.delete(change.kind, change.id);
        if (removed) counts.deleted++;
        else counts.skipped++;
        if (change.kind === 'contact') touchedContacts.add(change.id);
      }
    }
    const quarantine = this.ws.stmt(
      `INSERT INTO quarantine (entity, entity_id, version, payload, reason, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(entity, entity_id) WHERE entity_id IS NOT NULL DO UPDATE SET version = excluded.version, payload = excluded.payload, reason = excluded.reason, received_at = excluded.received_at`,
    );
    for (const bad of invalid) {
      quarantine.run(bad.kind, bad.id, bad.version, bad.payload, bad.reason, nowIso());
      counts.quarantined++;
    }
    // Where to read from again if these do not heal by themselves (see `rewindToQuarantined`).
    if (invalid.length > 0 && this.state(KEY.quarantineFrom) === null) {
      this.setState(KEY.quarantineFrom, JSON.stringify({ cursor: page.fromCursor, rewinds: 0 }));
    }
    this.writer.finish();
    // What retention removed stays removed when the service sends it again.
    applyRetentionToPulled(this.ws, retained);
    for (const { kind, id } of overlay) overlayPending(this.ws, kind, id);
    for (const contactId of relinkToHeldMerges(this.ws, children)) touchedContacts.add(contactId);
    this.setState(KEY.cursor, nextCursor);
    return touchedContacts;
  }

  /**
   * Ends a bulk load: indexes (a child that came twice keeps its newest copy, and leaves the
   * checksum), the deletions received meanwhile, the person's pending edits laid over what
   * was loaded, then counts, search and statistics (core/db/bulk-load.ts).
   */
  private finishBulk(): void {
    // From here on writes take the ordinary way (the deferred ones need it).
    this.writer.bulk = false;
    try {
      finishBulkLoad(this.ws.db, {
        ...(this.config.onLoadStep ? { onStep: this.config.onLoadStep } : {}),
        onDuplicateRemoved: (kind, id, version) => {
          this.checksums.remove(kind, id, version);
          this.checksums.save();
        },
        applyDeletion: ({ kind, id, erased }) => {
          this.writer.begin();
          if (erased) eraseInTransaction(this.ws, id, { origin: 'service', writer: this.writer });
          else this.writer.delete(kind, id);
          this.writer.finish();
        },
        applyUpsert: (entity) => {
          this.writer.begin();
          this.writer.upsertPrepared(entity);
          this.writer.finish();
        },
        onContactsReset: (ids) => {
          // The next pull reads everything again and restores these contacts whole.
          this.deleteState(KEY.cursor);
          this.ws.audit.append(this.ws.agent, { action: 'sync.contacts_reset', details: { count: ids.length } });
        },
        afterDeletions: () => {
          const pending = this.ws
            .stmt<[], { entity: string; entity_id: string }>(
              `SELECT DISTINCT entity, entity_id FROM outbox WHERE state = 'pending' AND entity IN (${[...OVERLAID_KINDS].map((k) => `'${k}'`).join(', ')})`,
            )
            .all();
          this.ws.transaction(() => {
            for (const p of pending) overlayPending(this.ws, p.entity as OverlaidKind, p.entity_id);
          });
        },
      });
    } catch (error) {
      this.checksums.reload();
      throw error;
    }
  }

  // ------------------------------------------------------------------ suppression

  /**
   * A pulled record of a person on the suppression list (their contact, or a child of a
   * contact suppressed before) is not stored, nor anything of it; a copy here from before
   * goes. What the service holds of it is still counted in the checksums, through
   * `sync_pending_deletes`, and the record is listed by its opaque id among the sync issues.
   */
  private suppressPulled(entity: PreparedEntity): boolean {
    let matched: SuppressionKind | null = null;
    if (entity.kind === 'contact') {
      matched = isSuppressed(this.ws, { email: entity.row[CONTACT_EMAIL_AT] as string | null, phone: entity.row[CONTACT_PHONE_AT] as string | null }).matched;
    } else if (entity.contactId) {
      matched =
        this.ws.stmt<[string], { matched: SuppressionKind }>("SELECT matched FROM suppressed_records WHERE kind = 'contact' AND id = ?").get(entity.contactId)?.matched ?? null;
    }
    if (!matched) return false;
    if (entity.kind === 'contact' && !this.writer.bulk) {
      for (const [kind, table] of CONTACT_CHILD_TABLES) {
        for (const child of this.ws.db.prepare<[string], { id: string; version: number }>(`SELECT id, version FROM ${table} WHERE contact_id = ?`).all(entity.id)) {
          this.countWithoutStoring(kind, child.id, child.version);
        }
      }
    }
    this.countWithoutStoring(entity.kind, entity.id, entity.version);
    const at = nowIso();
    this.ws
      .stmt('INSERT INTO suppressed_records (kind, id, matched, first_at, last_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET last_at = excluded.last_at')
      .run(entity.kind, entity.id, matched, at, at);
    return true;
  }

  /** Drops any local copy and keeps the entity in the checksums at this version, as a deletion not yet confirmed. */
  private countWithoutStoring(kind: EntityKind, id: string, version: number): void {
    if (!this.writer.bulk) this.writer.delete(kind, id);
    const pending = this.ws.stmt<[string, string], { version: number }>('SELECT version FROM sync_pending_deletes WHERE kind = ? AND id = ?').get(kind, id);
    if (pending && pending.version >= version) return;
    if (pending) this.checksums.remove(kind, id, pending.version);
    this.checksums.add(kind, id, version);
    this.ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)').run(kind, id, version);
  }

  // ------------------------------------------------------------------ full resync (410)

  /** Starts again from the beginning; the outbox and local-only entities are kept. */
  private startFullResync(): void {
    this.ws.transaction(() => {
      this.ws.db.exec('DELETE FROM sync_resync_seen');
      this.setState(KEY.resync, '1');
      this.deleteState(KEY.cursor);
      this.ws.audit.append(this.ws.agent, { action: 'sync.full_resync', details: { reason: 'cursor_expired' } });
    });
  }

  /** Removes what the service no longer has: synced entities the full pull did not bring. */
  private finishFullResync(counts: SyncReport['pulled']): void {
    const touched = this.txn(() => {
      const gone = new Set<string>();
      this.writer.begin();
      for (const kind of ENTITY_KINDS) {
        const table = ENTITY_TABLES[kind];
        const stale = this.ws.db
          .prepare(`SELECT id FROM ${table} t WHERE version > 0 AND NOT EXISTS (SELECT 1 FROM sync_resync_seen s WHERE s.kind = ? AND s.id = t.id)`)
          .pluck()
          .all(kind) as string[];
        for (const id of stale) {
          this.writer.delete(kind, id);
          counts.deleted++;
          if (kind === 'contact') gone.add(id);
        }
        const stalePending = this.ws.db
          .prepare('SELECT id FROM sync_pending_deletes p WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM sync_resync_seen s WHERE s.kind = p.kind AND s.id = p.id)')
          .pluck()
          .all(kind) as string[];
        for (const id of stalePending) this.writer.delete(kind, id);
      }
      this.writer.finish();
      this.ws.db.exec('DELETE FROM sync_resync_seen');
      this.deleteState(KEY.resync);
      return gone;
    });
    if (touched.size > 0) this.ws.contactsChanged(null);
  }

  // ------------------------------------------------------------------ verify

  /**
   * Compares the checksum with the service's. The service's figure is "as of its seq": a
   * pull right after it that brings nothing shows no change happened in between, so the two
   * describe the same state. Under live traffic a few tries may be needed.
   */
  private async verify(counts: SyncReport['pulled'], progress: SyncProgress): Promise<{ divergence: string | null; server: ChecksumResponse | null }> {
    let server: ChecksumResponse | null = null;
    for (let attempt = 0; attempt < VERIFY_ATTEMPTS; attempt++) {
      server = await this.http.checksum();
      const before = counts.changes;
      await this.pullUntilCaughtUp(counts, progress);
      if (counts.changes !== before) continue;
      const divergence = this.compare(server);
      if (divergence !== null && this.rewindToQuarantined()) continue;
      if (divergence === null && this.quarantinedCount() === 0) this.deleteState(KEY.quarantineFrom);
      return { divergence, server };
    }
    return { divergence: 'The service kept changing while this copy was being checked; it will be checked again on the next sync.', server };
  }

  /**
   * An entity that failed validation (often a page damaged in transit, asked for again and
   * still bad) leaves this copy short of the service's checksum. The pull goes back to the
   * page before the first such entity and reads on from there: what is valid now is
   * applied and leaves quarantine. At most MAX_QUARANTINE_REWINDS times for the same place;
   * after that the entities stay quarantined, shown to a person with their reasons.
   */
  private rewindToQuarantined(): boolean {
    const stored = this.state(KEY.quarantineFrom);
    if (stored === null) return false;
    const quarantined = this.quarantinedCount();
    const from = JSON.parse(stored) as { cursor: string | null; rewinds: number };
    if (quarantined === 0) {
      this.deleteState(KEY.quarantineFrom);
      return false;
    }
    if (from.rewinds >= MAX_QUARANTINE_REWINDS) return false;
    this.ws.transaction(() => {
      if (from.cursor === null) this.deleteState(KEY.cursor);
      else this.setState(KEY.cursor, from.cursor);
      this.setState(KEY.quarantineFrom, JSON.stringify({ cursor: from.cursor, rewinds: from.rewinds + 1 }));
    });
    return true;
  }

  private quarantinedCount(): number {
    return this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM quarantine').get()?.n ?? 0;
  }

  private compare(server: ChecksumResponse): string | null {
    const local = this.checksums.snapshot();
    const differences: string[] = [];
    for (const kind of ENTITY_KINDS) {
      const theirs = server.entities[kind];
      if (!theirs) continue; // a service that does not list a type makes no claim about it
      const ours = local[kind];
      if (ours.count !== theirs.count || ours.hash !== theirs.hash) differences.push(`${kind}: ${ours.count} here, ${theirs.count} on the service`);
    }
    if (differences.length === 0) return null;
    const quarantined = this.quarantinedCount();
    return `This copy differs from the service (${differences.join('; ')})${quarantined ? `; ${quarantined} ${quarantined === 1 ? 'change from the service is' : 'changes from the service are'} quarantined` : ''}.`;
  }

  // ------------------------------------------------------------------ state

  /** A transaction that also forgets the in-memory checksum state when it rolls back. */
  private txn<T>(fn: () => T): T {
    try {
      return this.ws.transaction(fn);
    } catch (error) {
      this.checksums.reload();
      throw error;
    }
  }

  private adoptWorkspace(workspace: WorkspaceResponse): void {
    const stored = this.state(KEY.workspace);
    const previous = stored ? (JSON.parse(stored) as { id: string }) : null;
    if (!previous && (this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM contacts WHERE version > 0').get()?.n ?? 0) > 0) {
      throw new SyncHttpError(
        'rejected',
        'This local workspace holds demo data that did not come from a service. Connect from a new, empty workspace so the two do not mix.',
        200,
      );
    }
    if (previous && previous.id !== workspace.id) {
      throw new SyncHttpError(
        'rejected',
        `This copy belongs to workspace "${previous.id}" but the token opens "${workspace.id}". Use a token of the same workspace, or a new local workspace.`,
        200,
      );
    }
    this.ws.transaction(() => {
      this.setState(KEY.workspace, JSON.stringify({ id: workspace.id, name: workspace.name, tombstone_retention_days: workspace.tombstone_retention_days }));
      this.ws.setSetting('workspace_name', workspace.name);
      this.ws.setAgent({ id: workspace.agent.id, name: workspace.agent.name });
    });
  }

  private clientId(): string {
    let id = this.state(KEY.clientId);
    if (!id) {
      id = randomUUID();
      this.setState(KEY.clientId, id);
    }
    return id;
  }

  private state(key: string): string | null {
    return this.ws.stmt<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(key)?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.ws.stmt('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private deleteState(key: string): void {
    this.ws.stmt('DELETE FROM sync_state WHERE key = ?').run(key);
  }
}

export function toSpecMutation(row: OutboxRow): SpecMutation {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  return { ...payload, mutation_id: row.mutation_id, entity: row.entity, op: row.op, id: row.entity_id, base_version: row.base_version, at: row.at };
}
