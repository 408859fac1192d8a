/**
 * The integrity check's thread (bundled as dist/integrity-check.js): `PRAGMA quick_check`
 * of the workspace (or the check of a backup) on a read-only connection of its own, so
 * neither the thread that serves the UI nor the database worker waits for it (it reads the
 * whole file: minutes at a million contacts, see docs/backups.md). WAL lets it read while
 * the worker writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkBackup, integrityProblems } from '../db/backups.js';
import { nativeBindingPath } from '../db/native-binding.js';
import type { BackupCheckReply, IntegrityReply, IntegrityThreadData } from './integrity.js';

const port = parentPort;
if (!port) throw new Error('integrity-check.js runs as a worker thread');
const { databasePath, task } = workerData as IntegrityThreadData;
if (task === 'backup') port.postMessage({ ok: true, check: checkBackup(databasePath) } satisfies BackupCheckReply);
else port.postMessage(quickCheck());

function quickCheck(): IntegrityReply {
  const started = Date.now();
  try {
    const binding = nativeBindingPath();
    const db = new Database(databasePath, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
    try {
      db.pragma('busy_timeout = 5000');
      return { ok: true, findings: checkFindings(db), ms: Date.now() - started };
    } finally {
      db.close();
    }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
    return { ok: false, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) };
  }
}

/** quick_check reports most damage as rows, but stops with SQLITE_CORRUPT on some: that is a finding too. */
function checkFindings(db: Database.Database): string[] {
  try {
    return integrityProblems(db);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
    // Not a database at all is not "damage found by the check": the open names it (corrupt).
    if (code.startsWith('SQLITE_CORRUPT')) return [(error as Error).message];
    throw error;
  }
}
