/**
 * Backups (core/db/backups.ts): an online copy restores to exactly what was there, the
 * rotation keeps 7 daily and 4 weekly copies (and the last pre-migration ones), a damaged or
 * newer copy is refused before anything moves, a failed write leaves no file that looks like
 * a backup, and a restore keeps the replaced file aside.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { backupAndRotate, backupFolder, backupsToRemove, checkBackup, dailyBackupDue, integrityProblems, listBackups, restoreBackup, writeBackup, type BackupFile } from '../core/db/backups.js';
import { openDatabase } from '../core/db/database.js';
import { LATEST_SCHEMA_VERSION } from '../core/db/migrations/index.js';
import { openWorkspace } from '../core/services/workspace.js';
import { createContact } from '../core/services/contacts.js';
import { seedWorkspace } from '../core/services/seed.js';
import { tempDir } from './helpers.js';
import { DailyBackups } from '../core/services/daily-backups.js';
import { beginBulkLoad, finishBulkLoad } from '../core/db/bulk-load.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function workspaceIn(dir: string) {
  const ws = openWorkspace({ databasePath: join(dir, 'workspace.db'), host: 'cli', slowQueryMs: 0 });
  cleanups.push(() => ws.db.open && ws.db.close());
  return ws;
}
/**
 * A real full disk: a 256 KB tmpfs mounted at `path`. Needs Linux and the right to mount
 * (root in a container, as here and in CI); elsewhere the tests below are skipped with why.
 */
function fullDiskProblem(): string | null {
  if (process.platform !== 'linux') return 'a full disk is simulated with a Linux tmpfs';
  const probe = tempDir();
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', probe.path], { encoding: 'utf8' });
    if (mounted.status !== 0) return `no permission to mount a small tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()})`;
    spawnSync('umount', [probe.path]);
    return null;
  } finally {
    probe.cleanup();
  }
}
const fullDiskSkip = fullDiskProblem();
if (fullDiskSkip) console.log(`backups: full-disk tests SKIPPED: ${fullDiskSkip}`);

function mountTinyDisk(path: string): void {
  mkdirSync(path, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', path], { encoding: 'utf8' });
  expect(mounted.status, mounted.stderr).toBe(0);
  cleanups.push(() => void spawnSync('umount', [path]));
}

/** Fills a workspace well past 256 KB. */
function fillPastTinyDisk(db: Database.Database): void {
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
           INSERT INTO contacts (id, created_at, updated_at, first_name)
           SELECT 'filler-' || i, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', hex(randomblob(150)) FROM n`);
}

function folder() {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  return dir.path;
}
const contacts = (db: Database.Database) => db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;

describe('backups', () => {
  it('an online backup restores to the moment it was taken; the replaced file is kept aside', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    seedWorkspace(ws, { contacts: 150, seed: 3 });
    const { backup } = await backupAndRotate(ws.db, backupFolder(ws.options.databasePath), 'daily', new Date('2026-11-30T03:00:00Z'));
    expect(backup.fileName).toBe('workspace-20261130-030000-daily.db');
    expect(checkBackup(backup.path)).toMatchObject({ ok: true, counts: { contacts: 150 } });

    createContact(ws, { firstName: 'After', lastName: 'Backup' });
    expect(contacts(ws.db)).toBe(151);
    ws.close();

    const restored = restoreBackup(ws.options.databasePath, backup.path, new Date('2026-11-30T04:00:00Z'));
    expect(restored.keptAside).toBe('workspace.db.replaced-20261130-040000');
    const reopened = workspaceIn(dir);
    expect(contacts(reopened.db)).toBe(150);
    expect(integrityProblems(reopened.db)).toEqual([]);
    // The file it replaced is still there, whole.
    const aside = new Database(join(dir, restored.keptAside!), { readonly: true });
    expect(contacts(aside)).toBe(151);
    aside.close();
  });

  it('keeps the newest of the last 7 days, then one a week for 4 weeks, and the last 3 before a migration', () => {
    const at = (iso: string, reason: BackupFile['reason'] = 'daily'): BackupFile => ({ path: `/b/${iso}-${reason}`, fileName: `${iso}-${reason}`, at: new Date(iso), reason, bytes: 1 });
    const backups: BackupFile[] = [];
    // Two a day for 60 days, back from 30 Nov 2026.
    for (let d = 0; d < 60; d++) {
      const day = new Date(Date.UTC(2026, 10, 30 - d));
      backups.push(at(new Date(day.getTime() + 9 * 3600_000).toISOString()), at(new Date(day.getTime() + 18 * 3600_000).toISOString()));
    }
    for (const iso of ['2026-11-20T10:00:00.000Z', '2026-11-10T10:00:00.000Z', '2026-11-01T10:00:00.000Z', '2026-10-30T10:00:00.000Z', '2026-10-01T10:00:00.000Z']) backups.push(at(iso, 'pre-migration'));
    const now = new Date('2026-11-30T20:00:00Z');
    const removed = new Set(backupsToRemove(backups, now));
    const kept = backups.filter((b) => !removed.has(b)).sort((a, b) => b.at.getTime() - a.at.getTime());
    const daily = kept.filter((b) => b.reason === 'daily').map((b) => b.at.toISOString().slice(0, 13));
    // 7 days (the evening copy of each), then 4 older weeks, one each.
    expect(daily.slice(0, 7)).toEqual(['2026-11-30T18', '2026-11-29T18', '2026-11-28T18', '2026-11-27T18', '2026-11-26T18', '2026-11-25T18', '2026-11-24T18']);
    expect(daily).toHaveLength(11);
    const weeks = kept.filter((b) => b.reason === 'daily').slice(7).map((b) => Math.floor((b.at.getTime() - Date.UTC(1970, 0, 5)) / (7 * 86_400_000)));
    expect(new Set(weeks).size).toBe(4);
    expect(kept.filter((b) => b.reason === 'pre-migration').map((b) => b.at.toISOString().slice(0, 10))).toEqual(['2026-11-20', '2026-11-10', '2026-11-01']);
    // Nothing older than 35 days survives (an erased person must not outlive the service's 90 days of tombstones in a copy).
    expect(kept.every((b) => now.getTime() - b.at.getTime() < 35 * 86_400_000)).toBe(true);
    expect(backupsToRemove([at('2026-09-01T10:00:00.000Z', 'pre-migration')], now)).toHaveLength(1);
    expect(backupsToRemove([], now)).toEqual([]);
  });

  it('refuses a damaged copy, a file that is not a database and one from a newer app, before anything moves', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    seedWorkspace(ws, { contacts: 400, seed: 4 });
    const backup = await writeBackup(ws.db, backupFolder(ws.options.databasePath), 'manual');
    ws.close();

    // Damage: overwrite pages in the middle of the copy.
    const bytes = readFileSync(backup.path);
    const damaged = join(dir, 'damaged.db');
    bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 64 * 1024);
    writeFileSync(damaged, bytes);
    const check = checkBackup(damaged);
    expect(check.ok).toBe(false);
    expect(check.problem).toMatch(/damaged|cannot be read/);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words');
    expect(checkBackup(text)).toMatchObject({ ok: false, problem: expect.stringMatching(/cannot be read as a workspace backup/) });

    const newer = join(dir, 'newer.db');
    writeFileSync(newer, readFileSync(backup.path));
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    expect(checkBackup(newer)).toMatchObject({ ok: false, problem: expect.stringMatching(/newer version/) });

    // Restoring any of them leaves the workspace file where it was.
    const before = readFileSync(ws.options.databasePath);
    for (const bad of [damaged, text, newer]) expect(() => restoreBackup(ws.options.databasePath, bad)).toThrow();
    expect(readFileSync(ws.options.databasePath).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('replaced') || f.includes('restoring'))).toEqual([]);
  });

  it('a backup that cannot be written says why and leaves no partial file behind', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    createContact(ws, { firstName: 'Kept' });
    const readOnly = join(dir, 'locked');
    await writeBackup(ws.db, readOnly, 'manual'); // creates the folder
    chmodSync(readOnly, 0o500);
    cleanups.push(() => chmodSync(readOnly, 0o700));
    // Root may write anywhere: only check the refusal where permissions apply.
    if (process.getuid?.() !== 0) {
      await expect(writeBackup(ws.db, readOnly, 'manual', new Date('2026-11-30T05:00:00Z'))).rejects.toThrow(/could not be written.*not changed/);
      expect(readdirSync(readOnly).filter((f) => f.endsWith('.partial'))).toEqual([]);
    }
    // A folder that is a file: always refused.
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    await expect(writeBackup(ws.db, notAFolder, 'manual')).rejects.toThrow(/could not be written.*Your workspace was not changed/);
    expect(existsSync(`${notAFolder}.partial`)).toBe(false);
    expect(contacts(ws.db)).toBe(1);
    expect(listBackups(readOnly)).toHaveLength(1);
  });

  it('an upgrade takes a copy of the file as it was first; a new workspace and an up-to-date one take none', () => {
    const dir = folder();
    const path = join(dir, 'workspace.db');
    const old = openDatabase(path, { targetVersion: LATEST_SCHEMA_VERSION - 1 });
    old.prepare("INSERT INTO contacts (id, created_at, updated_at, first_name) VALUES ('c1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'Before')").run();
    old.close();
    expect(listBackups(backupFolder(path))).toEqual([]);

    const upgraded = openDatabase(path);
    upgraded.close();
    const [copy, ...more] = listBackups(backupFolder(path));
    expect(more).toEqual([]);
    expect(copy).toMatchObject({ reason: 'pre-migration' });
    expect(checkBackup(copy!.path)).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION - 1, counts: { contacts: 1 } });

    openDatabase(path).close();
    expect(listBackups(backupFolder(path))).toHaveLength(1);
  });

  it('a daily backup is due when none was taken, or the newest is a day old (a pre-migration copy does not count)', () => {
    const b = (iso: string, reason: BackupFile['reason']): BackupFile => ({ path: iso, fileName: iso, at: new Date(iso), reason, bytes: 1 });
    const now = new Date('2026-11-30T12:00:00Z');
    expect(dailyBackupDue([], now)).toBe(true);
    expect(dailyBackupDue([b('2026-11-30T02:00:00Z', 'pre-migration')], now)).toBe(true);
    expect(dailyBackupDue([b('2026-11-29T13:00:00Z', 'daily')], now)).toBe(false);
    expect(dailyBackupDue([b('2026-11-29T12:00:00Z', 'daily')], now)).toBe(true);
    expect(dailyBackupDue([b('2026-11-29T20:00:00Z', 'manual'), b('2026-11-20T20:00:00Z', 'daily')], now)).toBe(false);
  });

  it('the worker\'s daily check takes a backup when one is due, not twice a day, and rotates', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    createContact(ws, { firstName: 'Daily' });
    let now = new Date('2026-11-01T08:00:00Z');
    const daily = new DailyBackups(ws, () => now);
    expect(await daily.check()).toMatchObject({ reason: 'daily', fileName: 'workspace-20261101-080000-daily.db' });
    now = new Date('2026-11-01T20:00:00Z');
    expect(await daily.check()).toBeNull();
    for (let d = 2; d <= 40; d++) {
      now = new Date(Date.UTC(2026, 10, d, 9));
      expect(await daily.check()).not.toBeNull();
    }
    const kept = listBackups(backupFolder(ws.options.databasePath));
    // 7 days and 4 weeks, whatever ran before.
    expect(kept).toHaveLength(11);
    expect(kept[0]!.fileName).toBe('workspace-20261210-090000-daily.db');
    expect(daily.lastError).toBeNull();
  });

  it('the daily check waits while a first sync is loading the workspace in bulk', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    const daily = new DailyBackups(ws, () => new Date('2026-11-01T08:00:00Z'));
    expect(beginBulkLoad(ws.db)).toBe(true);
    expect(await daily.check()).toBeNull();
    expect(listBackups(backupFolder(ws.options.databasePath))).toEqual([]);
    finishBulkLoad(ws.db);
    createContact(ws, { firstName: 'Loaded' });
    expect(await daily.check()).toMatchObject({ reason: 'daily' });
  });
  it.skipIf(fullDiskSkip !== null)('a backup onto a full disk says the disk is full, leaves nothing behind, and the workspace goes on', async () => {
    const dir = folder();
    const ws = workspaceIn(dir);
    fillPastTinyDisk(ws.db);
    const tiny = join(dir, 'tiny');
    mountTinyDisk(tiny);
    await expect(writeBackup(ws.db, tiny, 'manual')).rejects.toThrow(/could not be written \(the disk is full\)\. Your workspace was not changed\./);
    expect(readdirSync(tiny)).toEqual([]);
    expect(integrityProblems(ws.db)).toEqual([]);
    createContact(ws, { firstName: 'After the full disk' });
    expect(contacts(ws.db)).toBe(3001);
  });

  it.skipIf(fullDiskSkip !== null)('an upgrade whose copy finds the disk full does not migrate: the file stays at its version, whole', () => {
    const dir = folder();
    const path = join(dir, 'workspace.db');
    const old = openDatabase(path, { targetVersion: LATEST_SCHEMA_VERSION - 1 });
    fillPastTinyDisk(old);
    old.close();
    mountTinyDisk(backupFolder(path));
    expect(() => openDatabase(path)).toThrow(/the disk is full/);
    const after = new Database(path, { readonly: true });
    cleanups.push(() => after.close());
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION - 1);
    expect(after.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(3000);
    expect(readdirSync(backupFolder(path))).toEqual([]);
  });
});
