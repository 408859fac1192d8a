/**
 * The workspace session (issue 8): what the host (Electron's main process, the browser host)
 * runs between the renderer and the database worker. It owns the worker's life — opening the
 * workspace, or the recovery phase when it cannot be opened — and answers SESSION_METHODS
 * itself (app state, backups and restore, preferences, updates, reveal, the data folder);
 * every other call goes to the worker. Host specifics come in through SessionHostPorts.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  SESSION_METHODS,
  type AppEvent,
  type AppProblem,
  type AppState,
  type BackupCheckResult,
  type BackupList,
  type Envelope,
  type MethodName,
  type ParsedInput,
  type Preferences,
  type RestoreResult,
  type SessionEvent,
  type SessionMethodName,
  type UpdateStatus,
} from '../../preload/contract.js';
import { CoreError, toErrorBody } from '../api/errors.js';
import { backupFolder, fileStamp, listBackups, restoreCheckedBackup } from '../db/backups.js';
import { CoreWorker, type CoreWorkerOptions } from '../worker/client.js';
import type { CallTarget } from '../worker/token-keeper.js';
import {
  copyWorkspace,
  discardCopy,
  planMove,
  readRememberedDataFolder,
  rememberDataFolder,
  removeOldFiles,
  workspaceCounts,
  workspaceFiles,
  type WorkspaceCounts,
} from './data-folder.js';
import { checkBackupOffThread, recentSoundCheck, rememberCheck, runIntegrityCheck, type IntegrityThread } from './integrity.js';
import type { SessionHostPorts } from './ports.js';
import { PreferencesStore } from './preferences.js';
import { classifyOpenFailure, integrityProblem, missingFolderProblem } from './problems.js';

/**
 * Up to this size the integrity check runs before the workspace opens (a damaged file goes
 * straight to the recovery screen); above it, right after, in its own thread. quick_check
 * reads every page: 10 ms for 2,000 contacts (10 MB), 0.13–0.25 s for 20,000 (100 MB) from
 * the page cache, 149 s for the 5 GB of a million read cold (docs/backups.md).
 */
export const BLOCKING_CHECK_MAX_BYTES = 64 * 1024 * 1024;

export interface SessionOptions {
  ports: SessionHostPorts;
  /** Where preferences.json and the remembered data folder live (Electron: userData; browser host: --data-dir). */
  settingsFolder: string;
  /** The data folder when none has been chosen (created when missing). */
  defaultDataFolder: string;
  /** The workspace file's name inside the data folder. */
  databaseFileName: string;
  /** How to start the worker (its script, flags); the session adds the database path and host. */
  worker?: Omit<CoreWorkerOptions, 'databasePath' | 'host'>;
  /**
   * Called for every worker the session opens (at start, after a restore or a move): the
   * host hands it its secrets and wraps it (token and connector-secret keepers). Returns
   * what calls go to.
   */
  onWorkerOpened?: (worker: CoreWorker) => CallTarget;
  /** The integrity check's thread; null: no check (a build without it). */
  integrityThread: IntegrityThread | null;
  blockingCheckMaxBytes?: number;
  now?: () => Date;
}

interface IntegrityStatus {
  checkedAt: string;
  problem: string | null;
}

type SessionListener = (event: AppEvent) => void;

export class Session {
  private worker: CoreWorker | null = null;
  private target: CallTarget | null = null;
  private problem: AppProblem | null = null;
  /** Why the previous open failed (for the audit entry of what was done about it). */
  private lastProblemCode: AppProblem['code'] | null = null;
  private dataFolder: string;
  /** Set while the worker is closed on purpose (a restore, a move): calls wait for nothing, they are refused. */
  private busy: string | null = null;
  /** The restore, move or fresh start in progress (close waits for it). */
  private running: Promise<void> | null = null;
  private integrity: IntegrityStatus | null = null;
  private integrityRun: { done: Promise<void>; abort: AbortController } | null = null;
  private closed = false;
  private readonly listeners = new Set<SessionListener>();
  private readonly prefs: PreferencesStore;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => Date;

  private constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? (() => new Date());
    this.prefs = new PreferencesStore(options.settingsFolder, this.now);
    this.dataFolder = readRememberedDataFolder(options.settingsFolder) ?? options.defaultDataFolder;
    const updates = options.ports.updates;
    if (updates) {
      updates.setAutoCheck(this.prefs.get().updates.autoCheck);
      this.unsubscribe.push(this.prefs.onChange((p) => updates.setAutoCheck(p.updates.autoCheck)));
      this.unsubscribe.push(updates.onStatus((status) => this.emit({ type: 'updates.status', status })));
    }
  }

  /** Opens the workspace, or settles in the recovery phase with the problem; never throws for a bad file. */
  static async start(options: SessionOptions): Promise<Session> {
    const session = new Session(options);
    await session.open();
    return session;
  }

  get databasePath(): string {
    return join(this.dataFolder, this.options.databaseFileName);
  }

  state(): AppState {
    const ports = this.options.ports;
    return {
      phase: this.worker ? 'open' : 'recovery',
      problem: this.worker ? null : this.problem,
      host: ports.host,
      version: ports.version,
      platform: process.platform,
      dataFolder: this.dataFolder,
      databasePath: this.databasePath,
      backupsFolder: backupFolder(this.databasePath),
      logsFolder: ports.logsFolder,
    };
  }

  preferences(): Preferences {
    return this.prefs.get();
  }

  onPreferences(listener: (preferences: Preferences) => void): () => void {
    return this.prefs.onChange(listener);
  }

  /** The worker's events and the session's own. */
  onEvent(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** For events the host originates (a deep link, a menu item, a refused link). */
  emit(event: SessionEvent | AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Resolves when the integrity check started at open has answered (tests, diagnostics). */
  async integrityChecked(): Promise<void> {
    await this.integrityRun?.done;
  }

  /** `input` must have been validated against the contract (core/api/validate.ts). Never throws. */
  async callUnchecked(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    try {
      if ((SESSION_METHODS as string[]).includes(method)) return { ok: true, value: await this.answer(method as SessionMethodName, input) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
    if (this.closed) return unavailable('The app is closing.');
    if (this.busy) return unavailable(this.busy);
    if (!this.target) return unavailable(this.problem?.message ?? 'The workspace is not open.');
    return this.target.callUnchecked(method, input);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
    const closing = this.closeWorker();
    // A restore or a move finishes its file work first (it opens nothing once closed).
    await this.running;
    await closing;
  }

  private async answer(method: SessionMethodName, input: unknown): Promise<unknown> {
    switch (method) {
      case 'app.state':
        return this.state();
      case 'app.reveal':
        return this.reveal((input as ParsedInput<'app.reveal'>).what);
      case 'app.chooseFolder': {
        const choose = this.options.ports.chooseFolder;
        if (!choose) throw new CoreError('unavailable', 'This window cannot show a folder picker: type the folder’s full path instead.');
        return { path: await choose((input as ParsedInput<'app.chooseFolder'>).title ?? 'Choose a folder') };
      }
      case 'backups.list':
        return this.listBackups();
      case 'backups.check':
        return this.checkBackup((input as ParsedInput<'backups.check'>).fileName);
      case 'backups.restore':
        return this.restore((input as ParsedInput<'backups.restore'>).fileName);
      case 'app.startEmpty':
        return this.startEmpty();
      case 'preferences.get':
        return this.prefs.get();
      case 'preferences.update':
        return this.prefs.update(input as ParsedInput<'preferences.update'>);
      case 'updates.status':
        return this.options.ports.updates?.status() ?? this.updatesOff();
      case 'updates.check':
        return this.options.ports.updates ? await this.options.ports.updates.check() : this.updatesOff();
      case 'updates.restart':
        return this.options.ports.updates ? await this.options.ports.updates.restart() : { restarting: false };
      case 'dataFolder.move':
        return this.moveDataFolder((input as ParsedInput<'dataFolder.move'>).to);
    }
  }

  private updatesOff(): UpdateStatus {
    return { state: 'off', feed: null, currentVersion: this.options.ports.version, availableVersion: null, percent: null, lastCheckedAt: null, message: null };
  }

  private async reveal(what: ParsedInput<'app.reveal'>['what']): Promise<{ path: string; opened: boolean }> {
    const folders = {
      logs: this.options.ports.logsFolder,
      backups: backupFolder(this.databasePath),
      dataFolder: this.dataFolder,
      exports: join(this.dataFolder, 'exports'),
    };
    const path = folders[what];
    if (!path) throw new CoreError('not_found', 'This app keeps no log files here: its messages go to the terminal that started it.', ['what']);
    // A folder the app has not written yet (no backup, no export) does not exist: show its parent.
    const shown = existsSync(path) ? path : this.dataFolder;
    return { path, opened: await this.options.ports.reveal(shown) };
  }

  private listBackups(): BackupList {
    const folder = backupFolder(this.databasePath);
    const backups = listBackups(folder).map((b) => ({ fileName: b.fileName, reason: b.reason, takenAt: b.at.toISOString(), sizeBytes: b.bytes }));
    return { folder, backups, integrity: this.integrity };
  }

  private backupPath(fileName: string): string {
    const path = join(backupFolder(this.databasePath), fileName);
    if (!existsSync(path)) throw new CoreError('not_found', 'That backup is no longer in the backups folder.', ['fileName']);
    return path;
  }

  private async checkBackup(fileName: string): Promise<BackupCheckResult> {
    const check = await checkBackupOffThread(this.options.integrityThread, this.backupPath(fileName));
    return { fileName, usable: check.ok, problem: check.problem, schemaVersion: check.schemaVersion, counts: check.counts };
  }

  /** Closes the workspace, puts the backup in place (the current file kept aside), opens it again. */
  private async restore(fileName: string): Promise<RestoreResult> {
    const path = this.backupPath(fileName);
    return this.exclusive('A backup is being restored; try again in a moment.', async () => {
      // Refuse a bad copy while the workspace is still open: nothing closes, nothing moves.
      const check = await checkBackupOffThread(this.options.integrityThread, path);
      if (!check.ok) throw new CoreError('bad_request', check.problem ?? 'This backup cannot be restored.', ['fileName']);
      await this.closeWorker();
      let keptAside: string | null;
      try {
        keptAside = (await restoreCheckedBackup(this.databasePath, path, this.now())).keptAside;
      } catch (error) {
        await this.open();
        throw error;
      }
      const keptAsidePath = keptAside ? join(this.dataFolder, keptAside) : null;
      await this.open();
      if (this.worker) {
        const recorded = await this.worker.recordAudit({ action: 'backup.restored', details: { fileName, keptAside: keptAsidePath } });
        if (!recorded.ok) console.warn(`[session] the restore was not written to the audit log: ${recorded.error.message}`);
      }
      return { restoredFrom: fileName, keptAsidePath, state: this.state() };
    });
  }

  /** Recovery only: the unusable file (with its -wal/-shm) is kept aside and a new, empty workspace opens. */
  private async startEmpty(): Promise<{ keptAsidePath: string; state: AppState }> {
    if (this.worker) throw new CoreError('bad_request', 'The workspace is open: there is nothing to set aside.');
    const databasePath = this.databasePath;
    if (!existsSync(databasePath)) throw new CoreError('not_found', `There is no workspace file at ${databasePath} to set aside.`);
    return this.exclusive('A new workspace is being made; try again in a moment.', async () => {
      const keptAsidePath = `${databasePath}.set-aside-${fileStamp(this.now())}`;
      renameSync(databasePath, keptAsidePath);
      for (const suffix of ['-wal', '-shm']) if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, keptAsidePath + suffix);
      await this.open();
      // (read again: open() has just set it)
      const worker = this.worker as CoreWorker | null;
      if (worker) {
        const recorded = await worker.recordAudit({ action: 'workspace.started_empty', details: { keptAside: keptAsidePath, problem: this.lastProblemCode } });
        if (!recorded.ok) console.warn(`[session] the new workspace was not written to the audit log: ${recorded.error.message}`);
      }
      return { keptAsidePath, state: this.state() };
    });
  }

  /** Moves the workspace and its backups to another folder; a failure leaves everything where it was. */
  private async moveDataFolder(to: string): Promise<AppState> {
    if (!this.worker) throw new CoreError('bad_request', 'Open the workspace first (restore a backup) before moving it.', ['to']);
    const from = this.dataFolder;
    return this.exclusive('The workspace is being moved; try again in a moment.', async () => {
      const plan = planMove(from, to, this.options.databaseFileName);
      // The worker's close folds the WAL back, so the database file is complete on its own.
      await this.closeWorker();
      try {
        plan.files = workspaceFiles(plan);
        const before = workspaceCounts(join(from, plan.databaseFileName));
        await copyWorkspace(plan, (p) => this.emit({ type: 'progress', job: 'data-folder', done: p.done, total: p.total + 1 }));
        await this.verifyCopy(join(plan.to, plan.databaseFileName), before);
        this.emit({ type: 'progress', job: 'data-folder', done: plan.files.length + 1, total: plan.files.length + 1 });
        rememberDataFolder(this.options.settingsFolder, plan.to);
        this.dataFolder = plan.to;
        await this.open();
        if (!this.worker) throw new Error(this.problem?.message ?? 'the copy did not open');
      } catch (error) {
        await this.closeWorker();
        discardCopy(plan);
        rememberDataFolder(this.options.settingsFolder, from === this.options.defaultDataFolder ? null : from);
        this.dataFolder = from;
        await this.open();
        const why = error instanceof Error ? error.message : String(error);
        throw new CoreError('unavailable', `The workspace could not be moved (${why.replace(/\.$/, '')}). It is still in ${from}, as it was.`, ['to']);
      }
      await removeOldFiles(plan);
      return this.state();
    });
  }

  /** The copy must pass quick_check and hold what the original held. */
  private async verifyCopy(copy: string, expected: WorkspaceCounts): Promise<void> {
    const thread = this.options.integrityThread;
    if (thread) {
      const reply = await runIntegrityCheck(thread, copy);
      if (!reply.ok) throw new Error(`the copy could not be read: ${reply.message}`);
      if (reply.findings.length > 0) throw new Error(`the copy is damaged: ${reply.findings[0]}`);
    }
    const found = workspaceCounts(copy);
    if (found.contacts !== expected.contacts || found.conversations !== expected.conversations || found.notes !== expected.notes) {
      throw new Error('the copy does not hold the same contacts, conversations and notes');
    }
  }

  /**
   * Runs work that closes and reopens the worker, one at a time: meanwhile worker calls are
   * refused with `reason`, and close() waits for it. Ends with an `app.state` event.
   */
  private async exclusive<T>(reason: string, work: () => Promise<T>): Promise<T> {
    if (this.busy) throw new CoreError('conflict', this.busy);
    if (this.closed) throw new CoreError('unavailable', 'The app is closing.');
    this.busy = reason;
    const running = work();
    this.running = running.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await running;
    } finally {
      this.busy = null;
      this.running = null;
      this.emit({ type: 'app.state', state: this.state() });
    }
  }

  /** Opens the workspace at the current data folder, or records why it could not. */
  private async open(): Promise<void> {
    const databasePath = this.databasePath;
    this.lastProblemCode = this.problem?.code ?? null;
    this.problem = null;
    this.integrity = null;
    if (this.dataFolder === this.options.defaultDataFolder) mkdirSync(this.dataFolder, { recursive: true });
    else if (!existsSync(this.dataFolder)) {
      // A chosen folder that is gone (a drive not connected) gets no new empty workspace.
      this.problem = missingFolderProblem(this.dataFolder, databasePath);
      return;
    }
    const size = fileSize(databasePath);
    const thread = this.options.integrityThread;
    const checkFirst = thread !== null && size !== null && size <= (this.options.blockingCheckMaxBytes ?? BLOCKING_CHECK_MAX_BYTES);
    if (checkFirst) {
      const hadWal = existsSync(`${databasePath}-wal`);
      const reply = await runIntegrityCheck(thread, databasePath);
      // A read-only reader of a WAL file leaves an empty -wal/-shm behind: nothing else has it open yet.
      if (!hadWal && fileSize(`${databasePath}-wal`) === 0) for (const suffix of ['-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
      // A file that cannot even be opened read-only is left to the real open, which names the reason.
      if (reply.ok && reply.findings.length > 0) {
        this.problem = integrityProblem(reply.findings, databasePath);
        return;
      }
      if (reply.ok) this.integrity = { checkedAt: this.now().toISOString(), problem: null };
    }
    let worker: CoreWorker;
    try {
      worker = await CoreWorker.start({ ...this.options.worker, databasePath, host: this.options.ports.host });
    } catch (error) {
      this.problem = classifyOpenFailure(error, databasePath);
      return;
    }
    if (this.closed) {
      // The app quit while a restore or a move was opening the workspace: no worker outlives it.
      await worker.close();
      return;
    }
    this.worker = worker;
    worker.onEvent((event) => this.emit(event));
    this.target = this.options.onWorkerOpened ? this.options.onWorkerOpened(worker) : worker;
    if (thread && size !== null && !checkFirst) {
      const recent = recentSoundCheck(this.options.settingsFolder, databasePath, this.now());
      if (recent) {
        this.integrity = { checkedAt: recent.checkedAt, problem: null };
        return;
      }
      const abort = new AbortController();
      this.integrityRun = { done: this.checkInBackground(thread, databasePath, abort.signal), abort };
    }
  }

  /**
   * The check of a big workspace, after it opened (at most once a day for the same file):
   * damage is told (a notice, the Backups section), not blocking.
   */
  private async checkInBackground(thread: IntegrityThread, databasePath: string, signal: AbortSignal): Promise<void> {
    const reply = await runIntegrityCheck(thread, databasePath, signal);
    if (signal.aborted) return;
    if (!reply.ok) {
      console.warn(`[session] the integrity check could not run: ${reply.message}`);
      return;
    }
    const problem = reply.findings.length > 0 ? integrityProblem(reply.findings, databasePath) : null;
    this.integrity = { checkedAt: this.now().toISOString(), problem: problem?.message ?? null };
    rememberCheck(this.options.settingsFolder, databasePath, this.integrity.checkedAt, this.integrity.problem);
    if (problem) this.emit({ type: 'app.notice', level: 'error', title: problem.title, message: `${problem.message} Open Settings → Backups.` });
  }

  private async closeWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.target = null;
    // A restore or a move does not wait a minute for the check of a big file: it is stopped.
    const check = this.integrityRun;
    this.integrityRun = null;
    check?.abort.abort();
    const closing = worker?.close();
    await check?.done;
    await closing;
  }
}

function unavailable(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'unavailable', message } };
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
