/**
 * The workspace session (core/session/) with the real database worker and the integrity
 * thread: open or recovery with the right problem (the bad file left byte for byte), worker
 * calls refused in recovery, restore from recovery and while open, preferences, and moving
 * the data folder (and a refused move that leaves everything).
 *
 * A full disk during a backup is not simulated here: tests/backups.test.ts covers a folder
 * that cannot be written, which takes the same path (the partial copy removed, the
 * workspace untouched, a message that says so).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Session, type SessionOptions } from '../core/session/session.js';
import type { SessionHostPorts } from '../core/session/ports.js';
import type { AppEvent, BackupList, Envelope, MethodName, Preferences, RestoreResult, AppState, WorkspaceInfo } from '../preload/contract.js';
import { tempDir } from './helpers.js';

const WORKER = new URL('./support/ts-worker.mjs', import.meta.url);
const INTEGRITY = { url: new URL('./support/ts-integrity-thread.mjs', import.meta.url) };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = tempDir('nexvio-session-');
  cleanups.push(dir.cleanup);
  return dir.path;
}

const PORTS: SessionHostPorts = { host: 'browser', version: '9.9.9', logsFolder: null, reveal: () => Promise.resolve(false), chooseFolder: null, updates: null };

async function startSession(dir: string, extra: Partial<SessionOptions> = {}): Promise<Session> {
  const session = await Session.start({
    ports: PORTS,
    settingsFolder: dir,
    defaultDataFolder: dir,
    databaseFileName: 'workspace.db',
    worker: { workerUrl: WORKER },
    integrityThread: INTEGRITY,
    ...extra,
  });
  cleanups.push(() => session.close());
  return session;
}

async function call<T>(session: Session, method: MethodName, input: unknown = {}): Promise<T> {
  const envelope = (await session.callUnchecked(method, input)) as Envelope<T>;
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code, path: envelope.error.path });
  return envelope.value;
}

async function addContacts(session: Session, names: string[]): Promise<void> {
  for (const name of names) await call(session, 'contacts.create', { fields: { firstName: name } });
}

const contactCount = async (session: Session) => (await call<WorkspaceInfo>(session, 'workspace.info')).contactCount;
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A workspace with `names` as contacts, closed cleanly (the WAL folded back). */
async function workspaceWith(dir: string, names: string[], backup = false): Promise<void> {
  const session = await startSession(dir);
  await addContacts(session, names);
  if (backup) await call(session, 'backups.create');
  await session.close();
}

/** Overwrites bytes in the middle of the file: pages SQLite reads only when it checks or scans. */
function damagePages(path: string): void {
  const fd = openSync(path, 'r+');
  const size = readFileSync(path).length;
  writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, Math.floor(size / 3));
  closeSync(fd);
}

describe('the workspace session', () => {
  it('opens the workspace: app.state says open, worker calls go through, session calls answer', async () => {
    const dir = folder();
    const session = await startSession(dir);
    const state = await call<AppState>(session, 'app.state');
    expect(state).toMatchObject({ phase: 'open', problem: null, host: 'browser', version: '9.9.9', dataFolder: dir, databasePath: join(dir, 'workspace.db'), backupsFolder: join(dir, 'backups'), logsFolder: null });
    await addContacts(session, ['Ada']);
    expect(await contactCount(session)).toBe(1);
    expect(await call(session, 'updates.status')).toMatchObject({ state: 'off', feed: null, currentVersion: '9.9.9' });
    expect(await call(session, 'app.reveal', { what: 'backups' })).toEqual({ path: join(dir, 'backups'), opened: false });
    await expect(call(session, 'app.chooseFolder', {})).rejects.toMatchObject({ code: 'unavailable' });
    await expect(call(session, 'app.reveal', { what: 'logs' })).rejects.toMatchObject({ code: 'not_found' });
    // A new workspace has nothing to check yet.
    expect((await call<BackupList>(session, 'backups.list')).integrity).toBeNull();
  });

  it('a file that is not a database: recovery `corrupt`, the file byte for byte as it was, worker calls refused with the problem', async () => {
    const dir = folder();
    const path = join(dir, 'workspace.db');
    writeFileSync(path, 'name,email\nAda,ada@example.com\n'.repeat(400));
    const before = hash(path);
    const session = await startSession(dir);
    const state = await call<AppState>(session, 'app.state');
    expect(state.phase).toBe('recovery');
    expect(state.problem).toMatchObject({ code: 'corrupt', title: 'The workspace database is damaged', databasePath: path });
    expect(state.problem?.message).toMatch(/left exactly as it is/);
    const refused = await session.callUnchecked('workspace.info', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable', message: state.problem?.message } });
    await session.close();
    expect(hash(path)).toBe(before);
  });

  it('a damaged database (bytes overwritten in a copy): recovery, and the file left untouched', async () => {
    const dir = folder();
    await workspaceWith(dir, Array.from({ length: 300 }, (_, i) => `Person ${i} ${'x'.repeat(200)}`));
    const path = join(dir, 'workspace.db');
    damagePages(path);
    const before = hash(path);
    const session = await startSession(dir);
    const state = await call<AppState>(session, 'app.state');
    expect(state.phase).toBe('recovery');
    expect(["corrupt", "integrity"], JSON.stringify(state.problem)).toContain(state.problem?.code);
    await session.close();
    expect(hash(path)).toBe(before);
    expect(existsSync(`${path}-wal`), JSON.stringify(state.problem)).toBe(false);
  });

  it('a workspace from a newer app: recovery `too_new`, unchanged', async () => {
    const dir = folder();
    const path = join(dir, 'workspace.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x)');
    raw.pragma('user_version = 999');
    raw.close();
    const before = hash(path);
    const session = await startSession(dir);
    expect((await call<AppState>(session, 'app.state')).problem).toMatchObject({ code: 'too_new' });
    expect(await session.callUnchecked('contacts.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await session.close();
    expect(hash(path)).toBe(before);
  });

  it('a remembered data folder that is gone (a drive not connected): recovery `unreadable`, no empty workspace made there', async () => {
    const settings = folder();
    const gone = join(folder(), 'unplugged drive');
    writeFileSync(join(settings, 'data-folder.json'), JSON.stringify({ dataFolder: gone }));
    const session = await startSession(settings);
    const state = await call<AppState>(session, 'app.state');
    expect(state).toMatchObject({ phase: 'recovery', dataFolder: gone, problem: { code: 'unreadable' } });
    expect(existsSync(gone)).toBe(false);
  });

  it('restores a backup from recovery: the workspace opens with the backup’s contacts, the damaged file kept aside, the restore audited', async () => {
    const dir = folder();
    await workspaceWith(dir, ['Ada', 'Grace', 'Edsger'], true);
    const path = join(dir, 'workspace.db');
    writeFileSync(path, 'this is no longer a database');
    const session = await startSession(dir);
    expect((await call<AppState>(session, 'app.state')).phase).toBe('recovery');

    const list = await call<BackupList>(session, 'backups.list');
    expect(list.folder).toBe(join(dir, 'backups'));
    expect(list.backups).toHaveLength(1);
    const fileName = list.backups[0]!.fileName;
    expect(await call(session, 'backups.check', { fileName })).toMatchObject({ fileName, usable: true, problem: null, counts: { contacts: 3, conversations: 0, notes: 0 } });

    const events: AppEvent[] = [];
    session.onEvent((event) => events.push(event));
    const restored = await call<RestoreResult>(session, 'backups.restore', { fileName });
    expect(restored.restoredFrom).toBe(fileName);
    expect(restored.state.phase).toBe('open');
    expect(restored.keptAsidePath).toMatch(/workspace\.db\.replaced-\d{8}-\d{6}$/);
    expect(readFileSync(restored.keptAsidePath!, 'utf8')).toBe('this is no longer a database');
    expect(events.some((event) => event.type === 'app.state' && event.state.phase === 'open')).toBe(true);

    expect(await contactCount(session)).toBe(3);
    const audit = await call<{ entries: { action: string; details: Record<string, unknown> }[] }>(session, 'audit.page', { query: { actions: ['backup.restored'] }, limit: 10 });
    expect(audit.entries.find((e) => e.action === 'backup.restored')?.details).toEqual({ fileName, keptAside: restored.keptAsidePath });
  });

  it('with no backup to restore: sets the unusable file aside (kept as it was) and starts an empty workspace, audited', async () => {
    const dir = folder();
    const path = join(dir, 'workspace.db');
    writeFileSync(path, 'not a workspace');
    const session = await startSession(dir);
    expect((await call<AppState>(session, 'app.state')).phase).toBe('recovery');
    const started = await call<{ keptAsidePath: string; state: AppState }>(session, 'app.startEmpty');
    expect(started.state.phase).toBe('open');
    expect(started.keptAsidePath).toMatch(/workspace\.db\.set-aside-\d{8}-\d{6}$/);
    expect(readFileSync(started.keptAsidePath, 'utf8')).toBe('not a workspace');
    expect(await contactCount(session)).toBe(0);
    const audit = await call<{ entries: { action: string; details: Record<string, unknown> }[] }>(session, 'audit.page', { query: { actions: ['workspace.started_empty'] }, limit: 10 });
    expect(audit.entries[0]?.details).toEqual({ keptAside: started.keptAsidePath, problem: 'corrupt' });
    // Only from recovery: an open workspace is never set aside.
    await expect(call(session, 'app.startEmpty')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('restores a backup while open: the worker is closed and opened again on the backup', async () => {
    const dir = folder();
    const session = await startSession(dir);
    await addContacts(session, ['Ada', 'Grace']);
    const { fileName } = await call<{ fileName: string }>(session, 'backups.create');
    await addContacts(session, ['Later']);
    expect(await contactCount(session)).toBe(3);
    const restored = await call<RestoreResult>(session, 'backups.restore', { fileName });
    expect(restored.state.phase).toBe('open');
    expect(await contactCount(session)).toBe(2);
    // The replaced file holds the contact added after the backup.
    const kept = new Database(restored.keptAsidePath!, { readonly: true });
    expect(kept.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(3);
    kept.close();
  });

  it('a restore whose copy cannot be put in place leaves the workspace as it was, open again', async () => {
    const dir = folder();
    const session = await startSession(dir);
    await addContacts(session, ['Ada']);
    const { fileName } = await call<{ fileName: string }>(session, 'backups.create');
    await addContacts(session, ['Grace']);
    // Something in the way of the staged copy (as a full disk would stop it).
    mkdirSync(join(dir, 'workspace.db.restoring'));
    await expect(call(session, 'backups.restore', { fileName })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/not changed/) });
    expect((await call<AppState>(session, 'app.state')).phase).toBe('open');
    expect(await contactCount(session)).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('replaced'))).toEqual([]);
  });

  it('closing during a restore waits for the file work and leaves no worker running; calls meanwhile are refused', async () => {
    const dir = folder();
    const session = await startSession(dir);
    await addContacts(session, ['Ada']);
    const { fileName } = await call<{ fileName: string }>(session, 'backups.create');
    const restoring = session.callUnchecked('backups.restore', { fileName });
    await expect.poll(async () => (await session.callUnchecked('workspace.info', {})).ok).toBe(false);
    expect(await session.callUnchecked('backups.restore', { fileName })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await session.close();
    await restoring;
    expect(await session.callUnchecked('workspace.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // The database was closed cleanly: no WAL left beside it.
    expect(existsSync(join(dir, 'workspace.db-wal'))).toBe(false);
  });

  it('refuses a damaged backup before anything closes or moves', async () => {
    const dir = folder();
    const session = await startSession(dir);
    await addContacts(session, ['Ada']);
    mkdirSync(join(dir, 'backups'), { recursive: true });
    const fileName = 'workspace-20260101-120000-manual.db';
    writeFileSync(join(dir, 'backups', fileName), 'garbage');
    expect(await call(session, 'backups.check', { fileName })).toMatchObject({ usable: false, counts: null });
    await expect(call(session, 'backups.restore', { fileName })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await contactCount(session)).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes('replaced'))).toEqual([]);
    await expect(call(session, 'backups.check', { fileName: 'workspace-20260101-120001-manual.db' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps preferences in preferences.json, and sets a bad file aside for the defaults', async () => {
    const dir = folder();
    const session = await startSession(dir);
    expect(await call<Preferences>(session, 'preferences.get')).toEqual({ notifications: { syncFailures: true, conflicts: true }, updates: { autoCheck: true } });
    const seen: Preferences[] = [];
    session.onPreferences((p) => seen.push(p));
    const updated = await call<Preferences>(session, 'preferences.update', { notifications: { conflicts: false } });
    expect(updated).toEqual({ notifications: { syncFailures: true, conflicts: false }, updates: { autoCheck: true } });
    expect(seen).toEqual([updated]);
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toEqual(updated);
    await session.close();

    const again = await startSession(dir);
    expect(again.preferences().notifications.conflicts).toBe(false);
    await again.close();

    writeFileSync(join(dir, 'preferences.json'), '{"notifications": "loud"}');
    const third = await startSession(dir);
    expect(third.preferences()).toEqual({ notifications: { syncFailures: true, conflicts: true }, updates: { autoCheck: true } });
    expect(readdirSync(dir).filter((f) => f.startsWith('preferences.json.bad-'))).toHaveLength(1);
  });

  it('tells the updater about autoCheck from the preferences', async () => {
    const dir = folder();
    const autoCheck: boolean[] = [];
    const status = { state: 'idle', feed: 'https://updates.example.com', currentVersion: '9.9.9', availableVersion: null, percent: null, lastCheckedAt: null, message: null } as const;
    const session = await startSession(dir, {
      ports: {
        ...PORTS,
        updates: { status: () => status, check: () => Promise.resolve(status), restart: () => Promise.resolve({ restarting: false }), onStatus: () => () => undefined, setAutoCheck: (on) => autoCheck.push(on) },
      },
    });
    await call(session, 'preferences.update', { updates: { autoCheck: false } });
    expect(autoCheck).toEqual([true, false]);
    expect(await call(session, 'updates.status')).toEqual(status);
  });

  it('moves the data folder: copied, checked, opened there and remembered; the old files removed', async () => {
    const settings = folder();
    const target = join(folder(), 'moved here');
    const session = await startSession(settings);
    await addContacts(session, ['Ada', 'Grace']);
    await call(session, 'backups.create');
    const events: AppEvent[] = [];
    session.onEvent((event) => events.push(event));

    const state = await call<AppState>(session, 'dataFolder.move', { to: target });
    expect(state).toMatchObject({ phase: 'open', dataFolder: target, databasePath: join(target, 'workspace.db') });
    expect(await contactCount(session)).toBe(2);
    expect((await call<BackupList>(session, 'backups.list')).backups).toHaveLength(1);
    expect(existsSync(join(settings, 'workspace.db'))).toBe(false);
    expect(existsSync(join(settings, 'backups'))).toBe(false);
    expect(JSON.parse(readFileSync(join(settings, 'data-folder.json'), 'utf8'))).toEqual({ dataFolder: target });
    const progress = events.filter((e): e is Extract<AppEvent, { type: 'progress' }> => e.type === 'progress' && e.job === 'data-folder');
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
    await session.close();

    // The next start opens the moved workspace.
    const next = await startSession(settings);
    expect((await call<AppState>(next, 'app.state')).dataFolder).toBe(target);
    expect(await contactCount(next)).toBe(2);
  });

  it('refuses to move into a folder holding another workspace, or inside the current one: nothing moves', async () => {
    const settings = folder();
    const other = folder();
    writeFileSync(join(other, 'workspace.db'), 'someone else’s workspace');
    const session = await startSession(settings);
    await addContacts(session, ['Ada']);
    await expect(call(session, 'dataFolder.move', { to: other })).rejects.toMatchObject({ code: 'bad_request', path: ['to'] });
    await expect(call(session, 'dataFolder.move', { to: join(settings, 'inside') })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(call(session, 'dataFolder.move', { to: settings })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await call<AppState>(session, 'app.state')).dataFolder).toBe(settings);
    expect(await contactCount(session)).toBe(1);
    expect(existsSync(join(settings, 'data-folder.json'))).toBe(false);
  });

  it('a move whose target cannot be written leaves everything where it was', async () => {
    const settings = folder();
    const blocked = join(folder(), 'file-not-folder');
    writeFileSync(blocked, 'a file where the folder should be');
    const session = await startSession(settings);
    await addContacts(session, ['Ada']);
    await expect(call(session, 'dataFolder.move', { to: join(blocked, 'sub') })).rejects.toMatchObject({ code: 'bad_request', path: ['to'] });
    expect(await contactCount(session)).toBe(1);
    expect((await call<AppState>(session, 'app.state')).phase).toBe('open');
  });

  it('checks a big workspace after it opened, in the background, at most once a day', async () => {
    const dir = folder();
    await workspaceWith(dir, Array.from({ length: 300 }, (_, i) => `Person ${i} ${'y'.repeat(200)}`));
    const session = await startSession(dir, { blockingCheckMaxBytes: 0 });
    expect((await call<AppState>(session, 'app.state')).phase).toBe('open');
    expect((await call<BackupList>(session, 'backups.list')).integrity).toBeNull();
    await session.integrityChecked();
    const checked = (await call<BackupList>(session, 'backups.list')).integrity;
    expect(checked).toMatchObject({ problem: null });
    await session.close();

    // Within a day, the same file is not read again at the next start: the result is kept.
    const again = await startSession(dir, { blockingCheckMaxBytes: 0 });
    expect((await call<BackupList>(again, 'backups.list')).integrity).toEqual(checked);
    await again.close();
    // A day later it is.
    const later = await startSession(dir, { blockingCheckMaxBytes: 0, now: () => new Date(Date.now() + 25 * 3600_000) });
    expect((await call<BackupList>(later, 'backups.list')).integrity).toBeNull();
    await later.integrityChecked();
    expect((await call<BackupList>(later, 'backups.list')).integrity?.checkedAt).not.toBe(checked?.checkedAt);
  });

  it('damage found by the background check is told (a notice, the Backups section), the workspace stays open', async () => {
    const dir = folder();
    await workspaceWith(dir, Array.from({ length: 300 }, (_, i) => `Person ${i} ${'z'.repeat(200)}`));
    // One leaf page of the contacts table, which opening the workspace does not read.
    const path = join(dir, 'workspace.db');
    const raw = new Database(path, { readonly: true });
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const leaf = raw.prepare("SELECT pageno FROM dbstat WHERE name = 'contacts' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1").pluck().get() as number;
    raw.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (leaf - 1) * pageSize);
    closeSync(fd);
    const session = await startSession(dir, { blockingCheckMaxBytes: 0 });
    const events: AppEvent[] = [];
    session.onEvent((event) => events.push(event));
    // Damage deep in a table does not stop the file from opening: only the check finds it.
    expect((await call<AppState>(session, 'app.state')).phase).toBe('open');
    await session.integrityChecked();
    expect((await call<BackupList>(session, 'backups.list')).integrity?.problem).toMatch(/SQLite found damage/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'app.notice', level: 'error', title: 'The workspace failed its integrity check' }));
  });
});
