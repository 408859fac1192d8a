/**
 * The app part of the contract (issue 8): what the HOST answers itself rather than the
 * database worker — the workspace session (open, or the recovery screen when the database
 * cannot be used), backups and restore, preferences kept beside the workspace, updates,
 * the data folder, and revealing folders in the file manager.
 *
 * Routing: a call whose method is in SESSION_METHODS is answered by the session
 * (core/session/), which both hosts (Electron's main process, the browser host) run; every
 * other method goes to the database worker. `backups.create` is a worker method: an online
 * copy needs the open connection.
 *
 * The recovery screen: when the workspace cannot be opened (damaged, unreadable, from a
 * newer version, failed its integrity check) the session starts in phase `recovery` with
 * the problem; only SESSION_METHODS answer then (every other call: `unavailable`), so the
 * renderer shows the restore screen instead of a blank window.
 */
import { z } from 'zod';

const IsoTime = z.string();
const BackupFileName = z
  .string()
  .min(1)
  .max(200)
  // Only a name the app itself writes: no folder parts, no way out of the backups folder.
  .regex(/^workspace-\d{8}-\d{6}-(?:daily|manual|pre-migration)\.db$/, 'Choose one of the listed backups');

export const APP_PROBLEM_CODES = ['corrupt', 'unreadable', 'too_new', 'integrity', 'locked', 'failed'] as const;
export const AppProblem = z.object({
  code: z.enum(APP_PROBLEM_CODES),
  /** For people: "The workspace database is damaged". */
  title: z.string(),
  /** What happened and what to do; never a stack trace. */
  message: z.string(),
  databasePath: z.string(),
});
export type AppProblem = z.infer<typeof AppProblem>;

export const AppState = z.object({
  phase: z.enum(['open', 'recovery']),
  /** Why the workspace is not open (phase `recovery`), else null. */
  problem: AppProblem.nullable(),
  host: z.enum(['electron', 'browser']),
  /** The app's version (package.json), e.g. 0.1.0. */
  version: z.string(),
  /** process.platform of the machine the core runs on. */
  platform: z.string(),
  /** The folder holding the workspace database (and its backups/ folder). */
  dataFolder: z.string(),
  databasePath: z.string(),
  backupsFolder: z.string(),
  /** Where the log files are, or null when this host keeps no log file. */
  logsFolder: z.string().nullable(),
});
export type AppState = z.infer<typeof AppState>;

export const BackupEntry = z.object({
  fileName: BackupFileName,
  reason: z.enum(['daily', 'manual', 'pre-migration']),
  takenAt: IsoTime,
  sizeBytes: z.number().int(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

export const BackupCheckResult = z.object({
  fileName: BackupFileName,
  /** False when the copy is damaged, not a workspace, or from a newer version. */
  usable: z.boolean(),
  /** Why not usable, for people; null when usable. */
  problem: z.string().nullable(),
  schemaVersion: z.number().int().nullable(),
  counts: z.object({ contacts: z.number().int(), conversations: z.number().int(), notes: z.number().int() }).nullable(),
});
export type BackupCheckResult = z.infer<typeof BackupCheckResult>;

export const BackupList = z.object({
  folder: z.string(),
  /** Newest first. */
  backups: z.array(BackupEntry),
  /**
   * The integrity check of the open workspace (quick_check at start; a big file is checked
   * right after it opened, in the background): null until it has answered. A damaged file
   * is also told by an `app.notice`; this lets the Backups section say it too.
   */
  integrity: z.object({ checkedAt: IsoTime, problem: z.string().nullable() }).nullable(),
});
export type BackupList = z.infer<typeof BackupList>;

export const RestoreResult = z.object({
  restoredFrom: BackupFileName,
  /** Where the replaced workspace file was kept aside, or null when there was none. */
  keptAsidePath: z.string().nullable(),
  /** The session after the restore (open again, or still recovery with the new problem). */
  state: AppState,
});
export type RestoreResult = z.infer<typeof RestoreResult>;

export const Preferences = z.object({
  notifications: z.object({
    /** A native notification when a sync fails (not for each retry: once per failure spell). */
    syncFailures: z.boolean(),
    /** A native notification when new conflicts wait for a decision. */
    conflicts: z.boolean(),
  }),
  updates: z.object({
    /** Check on start and daily (only when a feed is configured). */
    autoCheck: z.boolean(),
  }),
});
export type Preferences = z.infer<typeof Preferences>;

export const DEFAULT_PREFERENCES: Preferences = {
  notifications: { syncFailures: true, conflicts: true },
  updates: { autoCheck: true },
};

export const PreferencesPatch = z
  .object({
    notifications: z.object({ syncFailures: z.boolean(), conflicts: z.boolean() }).partial().strict().optional(),
    updates: z.object({ autoCheck: z.boolean() }).partial().strict().optional(),
  })
  .strict();
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

export const UPDATE_STATES = ['off', 'idle', 'checking', 'up_to_date', 'available', 'downloading', 'ready', 'error'] as const;
export const UpdateStatus = z.object({
  /** `off`: no feed configured in this build (or the browser host): nothing is ever checked. */
  state: z.enum(UPDATE_STATES),
  /** The feed's address, or null when none is configured. */
  feed: z.string().nullable(),
  currentVersion: z.string(),
  /** The version found (available, downloading, ready). */
  availableVersion: z.string().nullable(),
  /** Download progress 0..100 while downloading. */
  percent: z.number().nullable(),
  lastCheckedAt: IsoTime.nullable(),
  /** For people: why a check failed ("The update server could not be reached…"), else null. */
  message: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const REVEAL_TARGETS = ['logs', 'backups', 'dataFolder', 'exports'] as const;
export type RevealTarget = (typeof REVEAL_TARGETS)[number];

const AbsolutePath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'Use a full folder path');

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

/** Answered by the session in the host (core/session/), never by the database worker. */
export const sessionMethods = {
  /** Open or recovery, why, and where things are. Answers in both phases. */
  'app.state': method(z.object({}).strict(), AppState),
  /** Shows a folder in the file manager (Electron); the browser host only answers the path. */
  'app.reveal': method(z.object({ what: z.enum(REVEAL_TARGETS) }).strict(), z.object({ path: z.string(), opened: z.boolean() })),
  /** A native folder picker (Electron only; the browser host answers `unavailable`). */
  'app.chooseFolder': method(z.object({ title: z.string().max(200).optional() }).strict(), z.object({ path: z.string().nullable() })),
  /** The backups in the workspace's backups folder, newest first (no file is opened). */
  'backups.list': method(z.object({}).strict(), BackupList),
  /** Opens one backup read-only: usable? schema, counts — before anyone restores it. */
  'backups.check': method(z.object({ fileName: BackupFileName }).strict(), BackupCheckResult),
  /**
   * Closes the workspace, checks the backup, puts it in place (the current file kept aside),
   * and opens it again. A damaged or newer copy is refused before anything moves.
   * Emits `app.state` when done; the renderer then reloads its data.
   */
  'backups.restore': method(z.object({ fileName: BackupFileName }).strict(), RestoreResult),
  /**
   * Recovery only, for a file no backup can replace: moves the unusable workspace file aside
   * (kept, never deleted: `<file>.set-aside-<time>`) and opens a new, empty workspace.
   */
  'app.startEmpty': method(z.object({}).strict(), z.object({ keptAsidePath: z.string(), state: AppState })),
  'preferences.get': method(z.object({}).strict(), Preferences),
  'preferences.update': method(PreferencesPatch, Preferences),
  'updates.status': method(z.object({}).strict(), UpdateStatus),
  /** Checks the feed now (also when autoCheck is off); answers after the check. */
  'updates.check': method(z.object({}).strict(), UpdateStatus),
  /** Quits and installs a downloaded update (state `ready`); the renderer asks first. */
  'updates.restart': method(z.object({}).strict(), z.object({ restarting: z.boolean() })),
  /**
   * Moves the workspace (database and backups) to another folder: closes it, copies,
   * checks the copy, opens it there and remembers the folder; the old files stay until
   * the copy opened, then are removed. Refuses a folder that holds another workspace.
   */
  'dataFolder.move': method(z.object({ to: AbsolutePath }).strict(), AppState),
} as const;

export type SessionMethodName = keyof typeof sessionMethods;
export const SESSION_METHODS = Object.keys(sessionMethods) as SessionMethodName[];

/** Worker-side methods of the app part (they need the open database). */
export const appWorkerMethods = {
  /** An online copy now (reason `manual`), rotated like the daily ones. */
  'backups.create': method(z.object({}).strict(), BackupEntry),
} as const;

/** Events the host sends to the renderer (besides the worker's). */
export type SessionEvent =
  | { type: 'app.state'; state: AppState }
  | { type: 'updates.status'; status: UpdateStatus }
  /** A deep link nexvio-contacts://contact/ID (the id already checked for shape). */
  | { type: 'app.openContact'; id: string }
  /** A menu item or a notification click asks for a view. */
  | { type: 'app.navigate'; view: 'settings' | 'sync' | 'contacts' }
  /** Something for people to read that no call answered (a refused deep link, an update error). */
  | { type: 'app.notice'; level: 'info' | 'error'; title: string; message: string };
