/**
 * The data folder: where the workspace database and its backups live. The folder a person
 * chose is remembered in the host's settings folder (never inside the data folder, which may
 * move or be on a drive that is not connected). Moving copies the closed database and its
 * backups, checks the copy, and only removes the old files once the copy has opened; the
 * session does the closing and opening, these functions the files.
 */
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../api/errors.js';
import { backupFolder, listBackups } from '../db/backups.js';
import { nativeBindingPath } from '../db/native-binding.js';

export const DATA_FOLDER_FILE = 'data-folder.json';
/** Every name a workspace file has in either host: a folder holding one is another workspace. */
const WORKSPACE_FILE_NAMES = ['default.db', 'workspace.db'];

/** The folder chosen before, or null for the host's default (also when the file is unreadable). */
export function readRememberedDataFolder(settingsFolder: string): string | null {
  try {
    const stored = JSON.parse(readFileSync(join(settingsFolder, DATA_FOLDER_FILE), 'utf8')) as { dataFolder?: unknown };
    return typeof stored.dataFolder === 'string' && isAbsolute(stored.dataFolder) ? stored.dataFolder : null;
  } catch {
    return null;
  }
}

/** Remembers the folder (atomic write); null goes back to the host's default. */
export function rememberDataFolder(settingsFolder: string, dataFolder: string | null): void {
  const path = join(settingsFolder, DATA_FOLDER_FILE);
  if (dataFolder === null) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(settingsFolder, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ dataFolder }, null, 2)}\n`);
  renameSync(temp, path);
}

export interface MovePlan {
  from: string;
  to: string;
  databaseFileName: string;
  /** Whether the move made the target folder (so a failed move removes it again). */
  createdTo: boolean;
  /** The files copied, relative to the data folder (filled once the workspace is closed: workspaceFiles). */
  files: string[];
}

export interface MoveProgress {
  done: number;
  total: number;
}

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Checks the target before anything closes: not the same folder, not inside the current
 * one, not holding another workspace, writable, with room for the copy. Makes the folder
 * when it does not exist.
 */
export function planMove(from: string, toInput: string, databaseFileName: string): MovePlan {
  const to = resolve(toInput);
  if (resolve(from) === to) throw new CoreError('bad_request', 'The workspace is already in this folder.', ['to']);
  if (within(resolve(from), to)) throw new CoreError('bad_request', 'Choose a folder outside the current data folder.', ['to']);
  for (const name of WORKSPACE_FILE_NAMES) {
    if (existsSync(join(to, name))) throw new CoreError('bad_request', `This folder already holds a workspace (${name}); choose an empty folder.`, ['to']);
  }
  if (listBackups(join(to, 'backups')).length > 0) throw new CoreError('bad_request', 'This folder already holds workspace backups; choose an empty folder.', ['to']);
  const createdTo = !existsSync(to);
  try {
    mkdirSync(to, { recursive: true });
    const probe = join(to, `.nexvio-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    if (createdTo) removeQuietly(to);
    throw new CoreError('bad_request', `This folder cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another.`, ['to']);
  }
  const plan: MovePlan = { from, to, databaseFileName, createdTo, files: [] };
  // The WAL is folded into the file when the worker closes; until then it counts towards the room needed.
  const needed = [...workspaceFiles(plan), `${databaseFileName}-wal`].reduce((sum, f) => sum + sizeOf(join(from, f)), 0);
  const free = freeBytes(to);
  if (free !== null && free < needed * 1.05) {
    if (createdTo) removeQuietly(to);
    throw new CoreError('bad_request', `There is not enough free space in this folder (${gb(needed)} needed, ${gb(free)} free).`, ['to']);
  }
  return plan;
}

/** What to copy, relative to the data folder, once the workspace is closed: the database, then the backups. */
export function workspaceFiles(plan: MovePlan): string[] {
  const files = [plan.databaseFileName];
  // Only a worker that did not close cleanly leaves a WAL with pages in it: it goes along.
  if (sizeOf(join(plan.from, `${plan.databaseFileName}-wal`)) > 0) files.push(`${plan.databaseFileName}-wal`);
  for (const backup of listBackups(backupFolder(join(plan.from, plan.databaseFileName)))) files.push(join('backups', backup.fileName));
  return files;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing there to remove
  }
}

/** Copies the files (each under a `.partial` name, renamed when complete). */
export async function copyWorkspace(plan: MovePlan, progress: (p: MoveProgress) => void): Promise<void> {
  const total = plan.files.length;
  for (const [index, file] of plan.files.entries()) {
    const target = join(plan.to, file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(plan.from, file), `${target}.partial`);
    await rename(`${target}.partial`, target);
    progress({ done: index + 1, total });
  }
}

export interface WorkspaceCounts {
  contacts: number;
  conversations: number;
  notes: number;
}

/** The counts a copy must match (read-only; the workspace is closed). */
export function workspaceCounts(path: string): WorkspaceCounts {
  const binding = nativeBindingPath();
  const db = new Database(path, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { contacts: count('contacts'), conversations: count('conversations'), notes: count('notes') };
  } finally {
    db.close();
  }
}

/** Removes what a failed move copied; the old files were never touched. */
export function discardCopy(plan: MovePlan): void {
  for (const file of plan.files) {
    for (const suffix of ['', '.partial', '-wal', '-shm']) rmSync(join(plan.to, file + suffix), { force: true });
  }
  removeIfEmpty(join(plan.to, 'backups'));
  if (plan.createdTo) removeIfEmpty(plan.to);
}

/** After the copy opened: the old database (with its -wal/-shm) and the backups that were copied. */
export async function removeOldFiles(plan: MovePlan): Promise<void> {
  for (const file of plan.files) await rm(join(plan.from, file), { force: true });
  for (const suffix of ['-wal', '-shm']) await rm(join(plan.from, plan.databaseFileName + suffix), { force: true });
  removeIfEmpty(join(plan.from, 'backups'));
}

function removeIfEmpty(folder: string): void {
  try {
    if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  } catch {
    // another program put something there: leave it
  }
}

function freeBytes(folder: string): number | null {
  try {
    const stats = statfsSync(folder);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

function gb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
