/**
 * The daily backup (issue 8 item 3): a few minutes after start and then every hour, the
 * worker checks whether the newest backup is a day old and, if so, takes an online copy
 * (core/db/backups.ts) and applies the rotation. The copy runs in steps between other calls.
 * A failure (a full disk) is reported in the log and tried again at the next check.
 */
import { BackupStopped, backupAndRotate, backupFolder, dailyBackupDue, listBackups, type BackupFile } from '../db/backups.js';
import type { Workspace } from './workspace.js';
import { isBulkLoading } from '../db/bulk-load.js';

const FIRST_CHECK_MS = 3 * 60_000;
const CHECK_EVERY_MS = 60 * 60_000;

export class DailyBackups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupFile | null> | null = null;
  private stopped = false;
  private readonly abort = new AbortController();
  /** The last failure, for diagnostics; null after a success. */
  lastError: string | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(firstCheckMs = FIRST_CHECK_MS): void {
    if (this.ws.options.databasePath === ':memory:') return;
    this.schedule(firstCheckMs);
  }

  /** Stops the schedule and a copy in progress (its partial file is removed). */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves once no copy is running: the workspace may close after it. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** One check: takes the backup when one is due; null when none was (or it was stopped). */
  check(): Promise<BackupFile | null> {
    if (this.running || this.stopped) return Promise.resolve(null);
    this.running = this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<BackupFile | null> {
    try {
      const folder = backupFolder(this.ws.options.databasePath);
      // A workspace in the middle of a first sync's bulk load is half a workspace (and copying
      // gigabytes would slow the load): the next hourly check takes the copy.
      if (isBulkLoading(this.ws.db)) return null;
      if (!dailyBackupDue(listBackups(folder), this.now())) return null;
      const { backup } = await backupAndRotate(this.ws.db, folder, 'daily', this.now(), this.abort.signal);
      this.lastError = null;
      return backup;
    } catch (error) {
      if (error instanceof BackupStopped) return null;
      this.lastError = error instanceof Error ? error.message : String(error);
      console.warn(`[backup] ${this.lastError}`);
      return null;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule(CHECK_EVERY_MS));
    }, ms);
    this.timer.unref();
  }
}
