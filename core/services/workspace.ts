/**
 * A workspace is one SQLite file plus the services that share its prepared statements.
 * It lives in the database worker (or, in tests and the CLI, in the calling thread).
 */
import { userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { FieldDefinition } from '../../preload/contract.js';
import { openDatabase, schemaVersion, type Db } from '../db/database.js';
import { AuditLog, type Actor } from './audit.js';
import { EventBus } from './events.js';
import { Outbox } from './outbox.js';
import { SearchIndex } from './search.js';
import { scrubErasedBytes, scrubPending } from './scrub.js';

export interface WorkspaceOptions {
  databasePath: string;
  host: 'electron' | 'browser' | 'cli';
  /** Log statements slower than this (milliseconds; 0 = never). */
  slowQueryMs?: number;
}

export class Workspace {
  readonly events = new EventBus();
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly search: SearchIndex;
  private currentAgent: Actor;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly cache = new Map<string, unknown>();
  private readonly agedCache = new Map<string, { value: unknown; at: number }>();
  private readonly slowQueryMs: number;

  constructor(
    readonly db: Db,
    readonly options: WorkspaceOptions,
  ) {
    this.slowQueryMs = options.slowQueryMs ?? 200;
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.search = new SearchIndex(db);
    this.currentAgent = this.loadAgent();
  }

  /** Who edits in this app (see loadAgent). */
  get agent(): Actor {
    return this.currentAgent;
  }

  /** Once connected, edits are the service's agent's (GET /v1/workspace says who the token is). */
  setAgent(agent: Actor): void {
    this.setSetting('agent', agent);
    this.currentAgent = agent;
  }

  /** A prepared statement, compiled once per workspace. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  /** Runs a read, logging it when slow (the SQL only: parameters may be personal data). */
  query<R>(sql: string, params: unknown[] = []): R[] {
    const started = performance.now();
    const rows = this.stmt<unknown[], R>(sql).all(...params);
    const elapsed = performance.now() - started;
    if (this.slowQueryMs > 0 && elapsed > this.slowQueryMs) {
      console.warn(`[slow query] ${elapsed.toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    return rows;
  }

  /** All or nothing: a thrown error rolls back every write made inside `fn`. */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      this.audit.reload();
      throw error;
    }
  }

  /** Memoises an expensive read until the next change of contacts. */
  cached<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  /**
   * Memoises a read that may lag behind single edits by up to `maxAgeMs` (counts in filter
   * menus: recomputing them after every keystroke-sized edit of a million contacts would
   * cost more than the edit). Bulk changes (`contactsChanged(null)`) still clear it.
   */
  cachedFor<T>(key: string, maxAgeMs: number, compute: () => T): T {
    const hit = this.agedCache.get(key);
    if (hit && performance.now() - hit.at < maxAgeMs) return hit.value as T;
    const value = compute();
    this.agedCache.set(key, { value, at: performance.now() });
    return value;
  }

  contactsChanged(ids: string[] | null): void {
    this.cache.clear();
    if (ids === null) this.agedCache.clear();
    this.events.emit({ type: 'contacts.changed', ids });
  }

  fieldDefinitions(): FieldDefinition[] {
    return this.cached('fieldDefinitions', () =>
      this.db
        .prepare<[], { id: string; key: string; label: string; type: FieldDefinition['type']; options: string; archived: number }>(
          'SELECT id, key, label, type, options, archived FROM field_definitions ORDER BY archived, position, label',
        )
        .all()
        .map((row) => ({ id: row.id, key: row.key, label: row.label, type: row.type, options: JSON.parse(row.options) as string[], archived: row.archived === 1 })),
    );
  }

  getSetting<T>(key: string): T | undefined {
    const row = this.stmt<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /**
   * Work kept off the path of edits, run when the worker is idle: a bounded merge of the
   * search index's segments (migration 003 turned automatic merges off), then a checkpoint
   * that copies committed pages from the WAL into the database without waiting for readers.
   */
  maintain(): void {
    // An erasure whose bytes could not be wiped yet (a reader held the WAL) goes first.
    if (scrubPending(this.db)) {
      scrubErasedBytes(this.db);
      return;
    }
    this.db.prepare("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('merge', 200)").run();
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  close(): void {
    // Fold the WAL back so the file on disk is complete on its own.
    this.db.pragma('optimize');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  /** Who edits in this app: the connected agent once sync knows it, the OS user until then. */
  private loadAgent(): Actor {
    const stored = this.getSetting<Actor>('agent');
    if (stored) return stored;
    let name = 'Local agent';
    try {
      const user = userInfo().username;
      if (user) name = user.charAt(0).toUpperCase() + user.slice(1);
    } catch {
      // no user name on this system: keep the generic one
    }
    const agent = { id: `local-${randomUUID()}`, name };
    this.setSetting('agent', agent);
    return agent;
  }
}

export function openWorkspace(options: WorkspaceOptions): Workspace {
  return new Workspace(openDatabase(options.databasePath), options);
}
