/**
 * The session's UpdatesPort over electron-updater. Decisions are in update-policy.ts; this
 * keeps the status, listens to the updater, schedules the automatic checks and quits to
 * install only a downloaded update. electron-updater itself is loaded only when a feed is
 * configured (createElectronUpdater), so an app without one never touches it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateStatus } from '../preload/contract.js';
import type { UpdatesPort } from '../core/session/ports.js';
import { feedConfiguration, initialUpdateStatus, nextAutoCheckDelay, reduceUpdateStatus, type FeedConfiguration, type UpdaterEvent } from './update-policy.js';

/** What this port needs of electron-updater's AppUpdater (payloads are checked, not trusted). */
export interface UpdaterEngine {
  on(event: string, listener: (payload: unknown) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

const UPDATER_EVENTS: Record<string, (payload: unknown) => UpdaterEvent> = {
  'checking-for-update': () => ({ type: 'checking' }),
  'update-available': (info) => ({ type: 'available', version: versionOf(info) }),
  'update-not-available': () => ({ type: 'not-available' }),
  'download-progress': (progress) => ({ type: 'progress', percent: numberField(progress, 'percent') }),
  'update-downloaded': (info) => ({ type: 'downloaded', version: versionOf(info) }),
  error: (error) => ({ type: 'error', error }),
};

function versionOf(info: unknown): string {
  const version = typeof info === 'object' && info !== null ? (info as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version.slice(0, 50) : 'unknown';
}

function numberField(value: unknown, key: string): number {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : 0;
}

export class UpdaterPort implements UpdatesPort {
  private current: UpdateStatus;
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  private autoCheck = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checking: Promise<UpdateStatus> | null = null;

  constructor(
    private readonly engine: UpdaterEngine,
    feed: Exclude<FeedConfiguration, { kind: 'none' }>,
    currentVersion: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = initialUpdateStatus(feed, currentVersion);
    for (const [name, toEvent] of Object.entries(UPDATER_EVENTS)) engine.on(name, (payload) => this.apply(toEvent(payload)));
  }

  status(): UpdateStatus {
    return this.current;
  }

  /** One check at a time: a second caller waits for the running one. */
  check(): Promise<UpdateStatus> {
    this.checking ??= this.engine
      .checkForUpdates()
      .then(
        () => undefined,
        (error: unknown) => {
          // electron-updater also emits `error`; apply it here only when it did not.
          if (this.current.state === 'checking' || this.current.state === 'idle') this.apply({ type: 'error', error });
        },
      )
      .then(() => {
        this.checking = null;
        this.schedule();
        return this.current;
      });
    return this.checking;
  }

  async restart(): Promise<{ restarting: boolean }> {
    if (this.current.state !== 'ready') return { restarting: false };
    console.info(`[updates] restarting to install ${this.current.availableVersion ?? 'the update'}`);
    // After the answer is on its way back to the renderer.
    setTimeout(() => this.engine.quitAndInstall(false, true), 100);
    return { restarting: true };
  }

  onStatus(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setAutoCheck(enabled: boolean): void {
    if (enabled === this.autoCheck && (this.timer || !enabled)) return;
    this.autoCheck = enabled;
    this.schedule();
  }

  /** Stops the automatic checks (on quit). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const delay = nextAutoCheckDelay({ autoCheck: this.autoCheck, lastCheckedAt: this.current.lastCheckedAt, nowMs: this.now().getTime() });
    if (delay === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, delay);
    this.timer.unref?.();
  }

  private apply(event: UpdaterEvent): void {
    const next = reduceUpdateStatus(this.current, event, { now: this.now().toISOString(), autoCheck: this.autoCheck });
    if (next === this.current) return;
    if (next.state !== this.current.state) {
      const detail = next.message ?? next.availableVersion ?? '';
      if (next.state === 'error') console.warn(`[updates] ${next.state}: ${detail}`);
      else console.info(`[updates] ${next.state}${detail ? ` ${detail}` : ''}`);
    }
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}

/**
 * The updater for this app, or null when no feed is configured (updates.status answers
 * `off`). Packaged: electron-builder's app-update.yml in the resources folder. Development:
 * NEXVIO_UPDATE_URL, a generic feed (electron-updater skips unpackaged apps unless forced).
 */
export async function createElectronUpdater(input: { isPackaged: boolean; resourcesPath: string; currentVersion: string }): Promise<UpdaterPort | null> {
  const ymlPath = input.isPackaged ? join(input.resourcesPath, 'app-update.yml') : null;
  const appUpdateYml = ymlPath && existsSync(ymlPath) ? readFileSync(ymlPath, 'utf8') : null;
  const feed = feedConfiguration({ isPackaged: input.isPackaged, env: process.env, appUpdateYml });
  if (feed.kind === 'none') return null;
  const [{ default: updaterModule }, { default: log }] = await Promise.all([import('electron-updater'), import('electron-log/main')]);
  const updater = updaterModule.autoUpdater;
  updater.logger = log;
  // Download in the background; install only when the person says so (updates.restart).
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  if (feed.kind === 'generic') {
    updater.forceDevUpdateConfig = true;
    updater.setFeedURL({ provider: 'generic', url: feed.feed });
  }
  return new UpdaterPort(
    {
      on: (event, listener) => updater.on(event as 'error', listener as (error: Error) => void),
      checkForUpdates: () => updater.checkForUpdates(),
      quitAndInstall: (isSilent, isForceRunAfter) => updater.quitAndInstall(isSilent, isForceRunAfter),
    },
    feed,
    input.currentVersion,
  );
}
