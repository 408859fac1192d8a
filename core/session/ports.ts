import type { UpdateStatus } from '../../preload/contract.js';
export interface UpdatesPort {
  status(): UpdateStatus;
  /** Checks the feed now; resolves after the check with the new status. */
  check(): Promise<UpdateStatus>;
  /** Quits and installs a downloaded update; { restarting: false } when none is ready. */
  restart(): Promise<{ restarting: boolean }>;
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  /** From preferences.updates.autoCheck: on start and daily checks on or off. */
  setAutoCheck(enabled: boolean): void;
}
export interface SessionHostPorts {
  host: 'electron' | 'browser';
  version: string;
  /** Where log files are, or null when this host keeps none. */
  logsFolder: string | null;
  /** Shows a folder in the OS file manager; resolves false when this host cannot. */
  reveal(path: string): Promise<boolean>;
  /** A native folder picker, or null when this host has none (browser host). */
  chooseFolder: ((title: string) => Promise<string | null>) | null;
  /** null: no updater in this host/build, updates.status answers state `off`. */
  updates: UpdatesPort | null;
}
