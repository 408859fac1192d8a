/**
 * When to sync: every `interval` (default 60 s), on demand, when the network comes back
 * (the renderer reports `online`), and a couple of seconds after a local change (edits in a
 * row go together); one sync at a time; after a failure, exponential backoff
 * with full jitter from 1 s to 5 min, never shorter than the service's Retry-After, and
 * never giving up. The outbox waits in the database meanwhile.
 */
import type { SyncStatus } from '../../preload/contract.js';
import type { Workspace } from '../services/workspace.js';
import { SyncEngine, type SyncConfig, type SyncProgress, type SyncReport } from './engine.js';
import { SyncHttpError } from './http.js';

export const DEFAULT_INTERVAL_MS = 60_000;
/** How soon a local change is sent: a burst of edits waits for its last one, up to this. */
export const PUSH_SOON_MS = 3000;
/** After a held change's hold ends, when it is pushed (clocks of timers and of ISO times differ a little). */
const HOLD_SLACK_MS = 500;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface SchedulerOptions {
  random?: () => number;
  now?: () => number;
  fetchImpl?: typeof fetch;
}

/** The delay before retry `failures` (1 = first failure), with full jitter, at least `retryAfterMs`. */
export function backoffDelay(failures: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(20, Math.max(0, failures - 1)));
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

export class SyncScheduler {
  private engine: SyncEngine | null = null;
  private config: SyncConfig | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private phase: SyncStatus['phase'] = 'disconnected';
  private lastError: string | null = null;
  private nextAttemptAt: number | null = null;
  private progress: SyncProgress | null = null;
  private lastReport: SyncReport | null = null;
  private online = true;
  private stopped = false;
  /** A local change came during a sync whose push had passed: send it soon after. */
  private changedDuringRun = false;
  /** When the last held change (see Outbox) may be pushed; the scheduler comes back for it. */
  private heldUntil = 0;
  private readonly unsubscribe: () => void;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly ws: Workspace,
    private readonly onStatus: (status: SyncStatus) => void,
    private readonly options: SchedulerOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.unsubscribe = ws.outbox.onEnqueued((holdMs) => this.localChange(holdMs));
  }

  /** A change queued here: the pending count shows it at once, and it is sent soon (after its hold, when it has one). */
  private localChange(holdMs = 0): void {
    if (this.stopped) return;
    this.publish();
    if (!this.engine || !this.online) return;
    const soon = Math.max(PUSH_SOON_MS, holdMs + HOLD_SLACK_MS);
    if (this.running) this.changedDuringRun = true;
    // After a failure the backoff stands: it will try again when it said it would.
    else if (this.phase === 'idle' && (this.nextAttemptAt === null || this.nextAttemptAt > this.now() + soon)) this.schedule(soon);
    // A held change made during a run goes out after the run's PUSH_SOON_MS, or later still.
    if (holdMs > 0) this.heldUntil = Math.max(this.heldUntil, this.now() + holdMs + HOLD_SLACK_MS);
  }

  get intervalMs(): number {
    return (this.ws.getSetting<number>('sync_interval_seconds') ?? DEFAULT_INTERVAL_MS / 1000) * 1000;
  }

  setIntervalSeconds(seconds: number): void {
    this.ws.setSetting('sync_interval_seconds', seconds);
    if (this.phase === 'idle') this.schedule(this.intervalMs);
    this.publish();
  }

  /** Starts syncing with these credentials (null disconnects). */
  configure(config: SyncConfig | null): void {
    this.config = config;
    this.engine = config ? new SyncEngine(this.ws, { ...config, ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}) }, (p) => this.onProgress(p)) : null;
    this.failures = 0;
    this.lastError = null;
    this.clearTimer();
    if (config) {
      this.ws.setSetting('service_url', config.serviceUrl);
      this.phase = 'idle';
      this.syncNow();
    } else {
      this.phase = 'disconnected';
      this.publish();
    }
  }

  /** Runs a sync now, or right after the one in progress. */
  syncNow(): void {
    if (!this.engine || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.syncNow();
      }
    });
  }

  setOnline(online: boolean): void {
    const cameBack = online && !this.online;
    this.online = online;
    if (cameBack) {
      this.failures = 0;
      this.syncNow();
    } else this.publish();
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Waits for a running sync to finish (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.clearTimer();
  }

  status(): SyncStatus {
    const count = (sql: string) => this.ws.stmt<[], { n: number }>(sql).get()?.n ?? 0;
    return {
      phase: this.phase,
      serviceUrl: this.config?.serviceUrl ?? this.ws.getSetting<string>('service_url') ?? null,
      online: this.online,
      lastSyncAt: this.ws.stmt<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get('last_sync_at')?.value || null,
      lastError: this.lastError,
      nextAttemptAt: this.nextAttemptAt ? new Date(this.nextAttemptAt).toISOString() : null,
      intervalSeconds: this.intervalMs / 1000,
      pendingChanges: count("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
      rejectedChanges: count("SELECT count(*) AS n FROM outbox WHERE state = 'rejected'"),
      openConflicts: count('SELECT count(*) AS n FROM conflicts WHERE resolved_at IS NULL'),
      quarantined: count('SELECT count(*) AS n FROM quarantine'),
      converged: this.lastReport ? this.lastReport.converged : null,
      divergence: this.lastReport?.divergence ?? null,
      progress: this.progress
        ? {
            phase: this.progress.phase,
            pushed: this.progress.pushed,
            pulled: this.progress.pulled,
            expected: this.progress.expected,
            startedAt: this.progress.startedAt,
            fullSync: this.progress.fullSync,
          }
        : null,
    };
  }

  private async run(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    this.phase = 'syncing';
    this.nextAttemptAt = null;
    this.changedDuringRun = false;
    this.publish();
    try {
      this.lastReport = await engine.syncOnce();
      this.failures = 0;
      this.lastError = this.lastReport.divergence;
      this.phase = 'idle';
      this.progress = null;
      const next = this.changedDuringRun ? PUSH_SOON_MS : this.intervalMs;
      const held = this.heldUntil - this.now();
      this.schedule(held > 0 ? Math.min(next, held) : next);
    } catch (error) {
      if (engine !== this.engine) return; // reconfigured meanwhile
      this.failures++;
      this.progress = null;
      const http = error instanceof SyncHttpError ? error : null;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.phase = http?.kind === 'unauthorized' ? 'unauthorized' : http?.kind === 'unavailable' && http.status === null ? 'offline' : 'error';
      // A refused token or a rejected request will not heal by hammering: wait a whole interval.
      const delay =
        http && (http.kind === 'unauthorized' || http.kind === 'rejected' || http.kind === 'protocol')
          ? this.intervalMs
          : backoffDelay(this.failures, http?.retryAfterMs ?? null, this.random);
      this.schedule(delay);
    }
    this.publish();
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.stopped || !this.engine) return;
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => this.syncNow(), delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private lastProgressPublish = 0;
  private onProgress(progress: SyncProgress): void {
    const newPhase = progress.phase !== this.progress?.phase;
    this.progress = progress;
    // A first sync reports hundreds of pages: a few updates a second are enough for a progress
    // bar. A new phase always shows (indexing follows the last page within milliseconds).
    const now = this.now();
    if (newPhase || now - this.lastProgressPublish > 250) {
      this.lastProgressPublish = now;
      this.publish();
    }
  }

  private publish(): void {
    this.onStatus(this.status());
  }
}
