/**
 * The daily backup (issue 8 item 3): a few minutes after start and then every hour, the
 * worker checks whether the newest backup is a day old and, if so, takes an online copy
 * (core/db/backups.ts) and applies the rotation. The copy runs in steps between other calls.
 * A failure (a full disk) is reported in the log and tried again at the next check.
 */
import { backupAndRotate, backupFolder, dailyBackupDue, listBackups, type BackupFile } from '../db/backups.js';
import type { Workspace } from './workspace.js';

const FIRST_CHECK_MS = 3 * 60_000;
const CHECK_EVERY_MS = 60 * 60_000;

export class DailyBackups {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
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

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One check: takes the backup when one is due; null when none was. */
  async check(): Promise<BackupFile | null> {
    if (this.running) return null;
    this.running = true;
    try {
      const folder = backupFolder(this.ws.options.databasePath);
      if (!dailyBackupDue(listBackups(folder), this.now())) return null;
      const { backup } = await backupAndRotate(this.ws.db, folder, 'daily', this.now());
      this.lastError = null;
      return backup;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      console.warn(`[backup] ${this.lastError}`);
      return null;
    } finally {
      this.running = false;
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
