/**
 * Opening a workspace database: pragmas, migrations, and the guard against a database
 * written by a newer app. Everything that owns data goes through `openDatabase`.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations/index.js';
import { nativeBindingPath } from './native-binding.js';
import { backupFolder, rotateBackups, writeBackupSync } from './backups.js';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This workspace was saved by a newer version of Nexvio Contacts (schema ${found}; this app understands up to ${supported}). ` +
        'Update the app to open it. Nothing in the file was changed.',
    );
  }
}

export interface OpenOptions {
  /** Apply migrations up to this version only (tests of single migrations). */
  targetVersion?: number;
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const binding = nativeBindingPath();
  const db = new Database(file, binding ? { nativeBinding: binding } : {});
  try {
    // Refuse a newer file before anything writes to it (even switching to WAL rewrites the header).
    assertNotTooNew(db, options.migrations ?? MIGRATIONS);
    configure(db);
    backUpBeforeMigrating(db, file, options);
    migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A second, read-only connection to a workspace another connection owns (the analytics
 * reader thread): it never migrates or writes; a file at another schema version is refused.
 */
export function openReadOnlyDatabase(file: string): Db {
  const binding = nativeBindingPath();
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    const version = schemaVersion(db);
    if (version !== LATEST_SCHEMA_VERSION) throw new Error(`The workspace is at schema ${version}, this reader at ${LATEST_SCHEMA_VERSION}.`);
    db.pragma('busy_timeout = 5000');
    // Temporary tables (a segment's contacts) live in memory; they are the only writes.
    db.pragma('temp_store = MEMORY');
    db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`);
    db.pragma('mmap_size = 1073741824');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * An upgrade rewrites tables: a copy of the file as it was is taken first (kept with the
 * backups; the three newest of these are kept), so a failed or unwanted upgrade can be
 * undone from the restore screen. A new, empty workspace needs none.
 */
function backUpBeforeMigrating(db: Db, file: string, options: OpenOptions): void {
  if (schemaVersion(db) === 0 || file === ':memory:' || file === '') return;
  if (pendingMigrations(db, options.migrations ?? MIGRATIONS, options.targetVersion).length === 0) return;
  const folder = backupFolder(file);
  const backup = writeBackupSync(db, folder, 'pre-migration');
  rotateBackups(folder, backup.path);
}

/** The page cache in KiB (64 MiB); a bulk load uses more for its duration (core/db/bulk-load.ts). */
export const DEFAULT_CACHE_KIB = 64 * 1024;

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  // Deleted content is overwritten with zeros (b-tree cells, freed and freelist pages), so an
  // erased person's bytes leave the file at the next checkpoint (core/services/erase.ts). It
  // costs nothing measurable: a 100,000-contact seed took 9.3 s with it, 9.2 s without.
  db.pragma('secure_delete = ON');
  // 64 MiB of page cache and a memory map: the list and search queries at a million rows
  // stay in memory after the first touch.
  db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`);
  db.pragma('mmap_size = 1073741824');
  // Checkpoints run when the worker is idle (core/worker/worker.ts), not on the commit of
  // whichever edit happens to cross the default 1,000-page mark; this is the safety net.
  db.pragma('wal_autocheckpoint = 8000');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotTooNew(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
}

/** Applies every pending migration in one transaction: all or nothing. */
/** The migrations a file still needs, up to `target` (all when undefined). */
function pendingMigrations(db: Db, migrations: readonly Migration[], target?: number): Migration[] {
  const current = schemaVersion(db);
  return migrations.filter((m) => m.version > current && (target === undefined || m.version <= target));
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, target?: number): void {
  assertNotTooNew(db, migrations);
  const pending = pendingMigrations(db, migrations, target);
  if (pending.length === 0) return;
  // SQLite's procedure for rebuilding a table (005 rebuilds contacts): foreign keys off, so
  // dropping the old table does not cascade to the rows pointing at it, and checked before
  // the commit. The setting cannot change inside a transaction, hence around it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pending) {
        db.exec(migration.up);
        db.pragma(`user_version = ${migration.version}`);
      }
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new Error(`A migration left ${violations.length} broken references; nothing was changed.`);
    }).immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}

export { LATEST_SCHEMA_VERSION };
