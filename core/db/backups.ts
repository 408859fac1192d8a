/**
 * Backups of a workspace database (issue 8 item 3, the core's part): an online copy taken
 * while the app runs, the rotation that keeps 7 daily and 4 weekly copies, a check of a
 * copy (or of the live file) before it is trusted, and a restore that keeps the current
 * file aside. Wiring (daily schedule, before a migration, the restore screen) comes with
 * the rest of the issue; these functions are what it calls.
 *
 * Files: `<workspace folder>/backups/workspace-<yyyymmdd>-<hhmmss>-<reason>.db`. A copy is
 * written under a `.partial` name and renamed when complete, so a crash or a full disk never
 * leaves a file that looks like a backup.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../api/errors.js';
import type { Db } from './database.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { nativeBindingPath } from './native-binding.js';

export const BACKUP_REASONS = ['daily', 'manual', 'pre-migration'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export interface BackupFile {
  path: string;
  fileName: string;
  /** When it was taken (UTC, to the second). */
  at: Date;
  reason: BackupReason;
  bytes: number;
}

/** Pages copied between two turns of the event loop (better-sqlite3's own default). */
const BACKUP_PAGES_PER_STEP = 100;
const NAME = /^workspace-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(daily|manual|pre-migration)\.db$/;
const DAY_MS = 86_400_000;
/** The oldest a backup may get (7 days + 4 weeks). */
const MAX_AGE_DAYS = 35;

export function backupFolder(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}

/** A moment in a file name, UTC to the second: `20261130-054500` (sorts as it reads). */
export function fileStamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function backupName(at: Date, reason: BackupReason): string {
  return `workspace-${fileStamp(at)}-${reason}.db`;
}

/** The backups in a folder, newest first (files that are not backups are left alone). */
export function listBackups(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  const out: BackupFile[] = [];
  for (const fileName of readdirSync(folder)) {
    const m = NAME.exec(fileName);
    if (!m) continue;
    const [, y, mo, d, h, mi, s, reason] = m;
    const path = join(folder, fileName);
    out.push({ path, fileName, at: new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!)), reason: reason as BackupReason, bytes: statSync(path).size });
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime() || b.fileName.localeCompare(a.fileName));
}

/**
 * An online copy of the open database (SQLite's backup API: readers and writers go on while
 * it is copied, and the copy is one consistent moment). A failure (a full disk, a folder
 * that cannot be written) removes what was written and says why; the workspace is untouched.
 */
export async function writeBackup(db: Db, folder: string, reason: BackupReason, now = new Date(), signal?: AbortSignal): Promise<BackupFile> {
  const target = backupTarget(folder, reason, now);
  try {
    mkdirSync(folder, { recursive: true });
    // The copy runs in steps; a throw from the progress callback stops it (the workspace is closing).
    await db.backup(target.partial, {
      progress: () => {
        if (signal?.aborted) throw new BackupStopped();
        return BACKUP_PAGES_PER_STEP;
      },
    });
    renameSync(target.partial, target.path);
  } catch (error) {
    if (error instanceof BackupStopped) {
      rmSync(target.partial, { force: true });
      throw error;
    }
    throw backupFailed(target, error, 'The backup could not be written');
  }
  return written(target);
}

/** A copy stopped on purpose (the workspace closes); its partial file is removed. */
export class BackupStopped extends Error {
  constructor() {
    super('The backup was stopped because the workspace is closing.');
  }
}

/**
 * The same copy written synchronously (`VACUUM INTO`: one consistent, compacted copy), for
 * the moment before a migration, when nothing else runs yet and opening waits anyway.
 */
export function writeBackupSync(db: Db, folder: string, reason: BackupReason, now = new Date()): BackupFile {
  const target = backupTarget(folder, reason, now);
  try {
    mkdirSync(folder, { recursive: true });
    // VACUUM INTO refuses an existing file: one left by a crash goes first.
    rmSync(target.partial, { force: true });
    db.prepare('VACUUM INTO ?').run(target.partial);
    renameSync(target.partial, target.path);
  } catch (error) {
    throw backupFailed(target, error, 'The backup before the upgrade could not be written');
  }
  return written(target);
}

interface BackupTarget {
  path: string;
  fileName: string;
  partial: string;
  at: Date;
  reason: BackupReason;
}

function backupTarget(folder: string, reason: BackupReason, now: Date): BackupTarget {
  const fileName = backupName(now, reason);
  const path = join(folder, fileName);
  return { path, fileName, partial: `${path}.partial`, at: new Date(Math.floor(now.getTime() / 1000) * 1000), reason };
}

function written(target: BackupTarget): BackupFile {
  return { path: target.path, fileName: target.fileName, at: target.at, reason: target.reason, bytes: statSync(target.path).size };
}

/** Removes what a failed copy wrote and says why, in words: the workspace itself is untouched. */
function backupFailed(target: BackupTarget, error: unknown, what: string): CoreError {
  try {
    rmSync(target.partial, { force: true });
  } catch {
    // nothing was written there (the folder itself could not be made)
  }
  const message = error instanceof Error ? error.message : String(error);
  const why = (error as NodeJS.ErrnoException).code === 'ENOSPC' || /full/i.test(message) ? 'the disk is full' : message;
  return new CoreError('unavailable', `${what} (${why}). Your workspace was not changed.`);
}

/** Removes what the rotation does not keep; returns the names removed. */
export function rotateBackups(folder: string, keepPath?: string, now = new Date()): string[] {
  const removed = backupsToRemove(listBackups(folder), now).filter((b) => b.path !== keepPath);
  for (const b of removed) rmSync(b.path, { force: true });
  return removed.map((b) => b.fileName);
}

/** Whether a daily backup is due: none yet, or the newest daily or manual one is 24 hours old. */
export function dailyBackupDue(backups: readonly BackupFile[], now = new Date()): boolean {
  const newest = backups.filter((b) => b.reason !== 'pre-migration').reduce<Date | null>((a, b) => (a && a > b.at ? a : b.at), null);
  return newest === null || now.getTime() - newest.getTime() >= DAY_MS;
}

/**
 * Which backups the rotation removes: it keeps the newest backup of each of the last 7 days
 * that have one and the newest of each of the 4 weeks before those, plus the 3 newest
 * taken before a migration (the way back from an upgrade) while they are under 35 days old.
 * No copy outlives 35 days: well inside the service's 90 days of erasure tombstones, so an
 * erased person does not stay in a backup that could bring them back (docs/privacy.md).
 * Pure: the caller deletes.
 */
export function backupsToRemove(backups: readonly BackupFile[], now = new Date(), keep = { daily: 7, weekly: 4, preMigration: 3 }): BackupFile[] {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const kept = new Set<BackupFile>();
  const young = (b: BackupFile) => now.getTime() - b.at.getTime() < MAX_AGE_DAYS * DAY_MS;
  newestFirst.filter((b) => b.reason === 'pre-migration' && young(b)).slice(0, keep.preMigration).forEach((b) => kept.add(b));
  const regular = newestFirst.filter((b) => b.reason !== 'pre-migration');
  const days = new Set<string>();
  let lastDaily: Date | null = null;
  for (const b of regular) {
    const day = b.at.toISOString().slice(0, 10);
    if (days.has(day) || days.size >= keep.daily) continue;
    days.add(day);
    kept.add(b);
    lastDaily = b.at;
  }
  // Weeks (Monday-based, UTC) older than the oldest daily one kept.
  const weeks = new Set<number>();
  for (const b of regular) {
    if (kept.has(b) || (lastDaily && b.at >= lastDaily) || weeks.size >= keep.weekly || !young(b)) continue;
    const week = Math.floor((b.at.getTime() - Date.UTC(1970, 0, 5)) / (7 * DAY_MS));
    if (weeks.has(week)) continue;
    weeks.add(week);
    kept.add(b);
  }
  return newestFirst.filter((b) => !kept.has(b));
}

/** Takes a backup and applies the rotation; returns the new backup and what was removed. */
export async function backupAndRotate(db: Db, folder: string, reason: BackupReason, now = new Date(), signal?: AbortSignal): Promise<{ backup: BackupFile; removed: string[] }> {
  const backup = await writeBackup(db, folder, reason, now, signal);
  return { backup, removed: rotateBackups(folder, backup.path, now) };
}

/** `PRAGMA quick_check` of an open database: [] when sound, else SQLite's findings (at most 20). */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
  const found = rows.map((r) => r.quick_check);
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

export interface BackupCheck {
  ok: boolean;
  /** Why it cannot be restored, in words for the restore screen. */
  problem: string | null;
  schemaVersion: number | null;
  counts: { contacts: number; conversations: number; notes: number } | null;
}

/** Opens a backup read-only and says whether it can be restored, with its counts for the restore screen. */
export function checkBackup(path: string): BackupCheck {
  const binding = nativeBindingPath();
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      return { ok: false, problem: `This backup was made by a newer version of the app (schema ${version}); update the app to restore it.`, schemaVersion: version, counts: null };
    }
    const problems = integrityProblems(db);
    if (problems.length > 0) return { ok: false, problem: `This backup is damaged: ${problems[0]}`, schemaVersion: version, counts: null };
    const count = (table: string) => db!.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { ok: true, problem: null, schemaVersion: version, counts: { contacts: count('contacts'), conversations: count('conversations'), notes: count('notes') } };
  } catch (error) {
    return { ok: false, problem: `This file cannot be read as a workspace backup (${(error as Error).message}).`, schemaVersion: null, counts: null };
  } finally {
    db?.close();
  }
}

/**
 * Puts a backup in place of the workspace file. The workspace must be closed. The current
 * file (and its -wal/-shm) is kept aside as `<name>.replaced-<stamp>` rather than deleted,
 * so a restore can itself be undone. A backup that fails its check is refused before
 * anything moves.
 */
export function restoreBackup(databasePath: string, backupPath: string, now = new Date()): { keptAside: string | null } {
  const check = checkBackup(backupPath);
  if (!check.ok) throw new CoreError('bad_request', check.problem ?? 'This backup cannot be restored.', ['backup']);
  copyFileSync(backupPath, restoreStaging(databasePath));
  return swapInRestored(databasePath, now);
}

/**
 * The same for a backup the caller has just checked (off the thread that serves the window:
 * the session), copied without blocking it — a backup of a million contacts is gigabytes.
 */
export async function restoreCheckedBackup(databasePath: string, backupPath: string, now = new Date()): Promise<{ keptAside: string | null }> {
  try {
    await copyFile(backupPath, restoreStaging(databasePath));
  } catch (error) {
    // Nothing has moved yet: the half-written copy goes, the workspace stays as it was.
    try {
      rmSync(restoreStaging(databasePath), { force: true });
    } catch {
      // not a file we wrote (something else is in the way): left alone
    }
    const why = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
    throw new CoreError('unavailable', `The backup could not be copied into place (${why}). Your workspace was not changed.`);
  }
  return swapInRestored(databasePath, now);
}

function restoreStaging(databasePath: string): string {
  return `${databasePath}.restoring`;
}

/** The staged copy takes the workspace's place; the current file (and its -wal/-shm) is kept aside. */
function swapInRestored(databasePath: string, now: Date): { keptAside: string | null } {
  const stamp = fileStamp(now);
  let keptAside: string | null = null;
  if (existsSync(databasePath)) {
    keptAside = `${databasePath}.replaced-${stamp}`;
    renameSync(databasePath, keptAside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, keptAside + suffix);
  }
  renameSync(restoreStaging(databasePath), databasePath);
  return { keptAside: keptAside ? basename(keptAside) : null };
}
