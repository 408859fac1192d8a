/**
 * Runs the integrity check (integrity-thread.ts) in a thread and waits for its answer: the
 * workspace's quick_check, or the check of a backup before it is restored. Both read whole
 * files (minutes at a million contacts), so the thread that serves the window never does.
 * Running from sources (unit tests) the thread is started through tsx.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkBackup, type BackupCheck } from '../db/backups.js';

export interface IntegrityThreadData {
  databasePath: string;
  /** `quick_check`: the findings; `backup`: checkBackup's answer (usable, schema, counts). */
  task: 'quick_check' | 'backup';
}
export type IntegrityReply = { ok: true; findings: string[]; ms: number } | { ok: false; message: string; code?: string };
export type BackupCheckReply = { ok: true; check: BackupCheck } | { ok: false; message: string; code?: string };

export interface IntegrityThread {
  url: URL;
  execArgv?: string[];
}

/** The bundled thread beside this module's bundle; null when running from sources. */
export function defaultIntegrityThread(): IntegrityThread | null {
  const url = new URL('./integrity-check.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? { url } : null;
}

/** Stopped through `signal`, it answers `ok: false`. A failure to open the file comes back as `ok: false` with SQLite's code (the caller classifies it). */
export function runIntegrityCheck(thread: IntegrityThread, databasePath: string, signal?: AbortSignal): Promise<IntegrityReply> {
  return runThread<IntegrityReply>(thread, { databasePath, task: 'quick_check' }, signal);
}

/** checkBackup in the thread when there is one (in place otherwise: a build without it). */
export async function checkBackupOffThread(thread: IntegrityThread | null, backupPath: string): Promise<BackupCheck> {
  if (!thread) return checkBackup(backupPath);
  const reply = await runThread<BackupCheckReply>(thread, { databasePath: backupPath, task: 'backup' });
  return reply.ok ? reply.check : { ok: false, problem: `This backup could not be checked (${reply.message}).`, schemaVersion: null, counts: null };
}

function runThread<R>(thread: IntegrityThread, data: IntegrityThreadData, signal?: AbortSignal): Promise<R | { ok: false; message: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(thread.url, { workerData: data, execArgv: thread.execArgv ?? [] });
    let answered = false;
    const answer = (reply: R | { ok: false; message: string }) => {
      if (!answered) resolve(reply);
      answered = true;
    };
    signal?.addEventListener('abort', () => void worker.terminate(), { once: true });
    worker.once('message', (reply: R) => {
      answer(reply);
      void worker.terminate();
    });
    worker.once('error', (error) => answer({ ok: false, message: error.message }));
    worker.once('exit', () => answer({ ok: false, message: 'The check stopped before it answered.' }));
  });
}

/**
 * The last background check of a big workspace, kept in the settings folder: reading gigabytes
 * at every start would compete with the person's work for minutes, so a sound result is
 * trusted for a day — for the same file (a restore or a move puts another file in place).
 */
export interface IntegrityRecord {
  databasePath: string;
  /** The file's inode: a restored or moved-in file is another file. */
  fileId: number;
  checkedAt: string;
  problem: string | null;
}

const RECORD_FILE = 'integrity-check.json';
export const RECHECK_AFTER_MS = 24 * 60 * 60 * 1000;

function fileId(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/** The recent sound result for this very file, or null when it must be checked (again). */
export function recentSoundCheck(settingsFolder: string, databasePath: string, now: Date): IntegrityRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(settingsFolder, RECORD_FILE), 'utf8')) as Partial<IntegrityRecord>;
    const fresh = typeof record.checkedAt === 'string' && now.getTime() - Date.parse(record.checkedAt) < RECHECK_AFTER_MS;
    if (record.databasePath === databasePath && record.fileId === fileId(databasePath) && record.problem === null && fresh) return record as IntegrityRecord;
  } catch {
    // none yet, or unreadable: check
  }
  return null;
}

export function rememberCheck(settingsFolder: string, databasePath: string, checkedAt: string, problem: string | null): void {
  const id = fileId(databasePath);
  if (id === null) return;
  const path = join(settingsFolder, RECORD_FILE);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify({ databasePath, fileId: id, checkedAt, problem } satisfies IntegrityRecord, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  } catch (error) {
    console.warn(`[session] the integrity check's result was not kept: ${(error as Error).message}`);
  }
}
