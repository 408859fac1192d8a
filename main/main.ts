/**
 * The Electron main process (bundled to dist/main.js). Glue only: the order of start-up
 * and shut-down. Every decision lives in a small module beside this one; see README.md.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { CoreWorker } from '../core/worker/client.js';
import { forwardEvents, registerCallHandler } from './ipc.js';
import { closeWithin } from './lifecycle.js';
import { installMenu } from './menu.js';
import { bundlePaths, takeDevOverrides, workspaceDatabasePath } from './paths.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import { hardenAllWebContents, hardenSession } from './security.js';
import { describeStartupError } from './startup-error.js';
import { createMainWindow } from './window.js';
import { SafeStorageTokenVault } from './token-vault.js';
import { keepTokensIn } from '../core/worker/token-keeper.js';
import { connectorVaults, keepConnectorSecretsIn, loadConnectorSecrets } from '../core/worker/connector-secret-keeper.js';
import { IPC_EVENT_CHANNEL } from '../preload/channels.js';
import { DEFAULT_PREFERENCES, type SessionEvent } from '../preload/contract.js';
import type { DeepLinkQueue } from './deep-link.js';
import { listenForDeepLinks } from './deep-links.js';
import { menuActions, startDesktop, type DesktopHost } from './desktop.js';
import { startLogging } from './logging.js';
import { createElectronUpdater } from './updater.js';

const WORKER_CLOSE_TIMEOUT_MS = 5000;

const paths = bundlePaths(dirname(fileURLToPath(import.meta.url)));
const overrides = takeDevOverrides(process.env, app.isPackaged);
// Before the single-instance lock, which is keyed on the user-data folder.
if (overrides.userDataDir) app.setPath('userData', overrides.userDataDir);
// Logs first, so everything after is in the file; a test's throwaway profile keeps its own.
const logsFolder = overrides.userDataDir ? join(overrides.userDataDir, 'logs') : appLogsFolder();
startLogging(logsFolder);

function appLogsFolder(): string {
  try {
    return app.getPath('logs');
  } catch {
    // Older Electron needs setAppLogsPath first; its default is the same place.
    app.setAppLogsPath();
    return app.getPath('logs');
  }
}

let mainWindow: BrowserWindow | null = null;
let worker: CoreWorker | null = null;
/** 'closing' refuses new calls while the calls in flight finish. */
let workerState: 'starting' | 'open' | 'closing' | 'closed' = 'starting';
let deepLinks: DeepLinkQueue | null = null;

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ preloadPath: paths.preload, isPackaged: app.isPackaged, userDataDir: app.getPath('userData') });
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function openWorkspace(): Promise<CoreWorker | null> {
  const databasePath = workspaceDatabasePath(app.getPath('userData'));
  try {
    // better-sqlite3 creates the file but not its folder.
    mkdirSync(dirname(databasePath), { recursive: true });
    return await CoreWorker.start({ databasePath, host: 'electron' });
  } catch (error) {
    const text = describeStartupError(error, databasePath);
    console.error(`[main] ${text.title}: ${text.message}`);
    dialog.showErrorBox(text.title, text.message);
    return null;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, paths.rendererRoot);
  const desktop = await desktopHost();
  installMenu(menuActions(desktop));

  worker = await openWorkspace();
  if (!worker) {
    // Nothing is open yet: exit without the before-quit dance.
    workerState = 'closed';
    app.exit(1);
    return;
  }
  workerState = 'open';
  const vault = new SafeStorageTokenVault(app.getPath('userData'));
  const secretVaults = connectorVaults((fileName) => new SafeStorageTokenVault(app.getPath('userData'), fileName));
  const target = keepConnectorSecretsIn(secretVaults, keepTokensIn(vault, worker));
  forwardEvents(worker, () => mainWindow);
  registerCallHandler({ window: () => mainWindow, target: () => (workerState === 'open' ? target : null) });
  worker.provideConnectorSecrets(loadConnectorSecrets(secretVaults));
  worker.resumeSync(vault.load());
  showMainWindow();
  // Preferences are the defaults until the session (core/session) is wired in; then
  // `preferences: () => session.preferences()`, `onPreferences: (l) => session.onPreferences(l)`
  // and `events: session`, and the session's ports get `updates: desktop.updates, logsFolder`.
  if (deepLinks) startDesktop({ ...desktop, events: worker, preferences: () => DEFAULT_PREFERENCES, onPreferences: () => () => {} }, deepLinks);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
}

/**
 * What the desktop manners (desktop.ts) and the menu need of this host: the window, the
 * updater (null without a feed) and the logs folder. Session events (app.navigate,
 * app.openContact, app.notice) go straight to the window, as the session's would.
 */
async function desktopHost(): Promise<Omit<DesktopHost, 'events' | 'preferences' | 'onPreferences'>> {
  const updates = await createElectronUpdater({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, currentVersion: app.getVersion() }).catch(
    (error: unknown) => {
      console.error('[updates] the updater could not start:', error);
      return null;
    },
  );
  return {
    window: () => mainWindow,
    showWindow: () => {
      if (workerState === 'open') showMainWindow();
    },
    emit: (event: SessionEvent) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, event);
    },
    updates,
    logsFolder,
  };
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the workspace; it focuses its window (second-instance below).
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  hardenAllWebContents();
  // Before ready: macOS may deliver a link (open-url) while the app is still starting.
  deepLinks = listenForDeepLinks({ register: !overrides.userDataDir });

  app.on('second-instance', () => {
    if (workerState === 'open') showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Hold the quit until the worker has closed the database cleanly (WAL checkpoint).
  app.on('before-quit', (event) => {
    const closing = worker;
    if (!closing || workerState === 'closed') return;
    event.preventDefault();
    if (workerState === 'closing') return;
    workerState = 'closing';
    void closeWithin(() => closing.close(), WORKER_CLOSE_TIMEOUT_MS).then((outcome) => {
      if (outcome !== 'closed') console.warn(`[main] the database worker did not close cleanly (${outcome})`);
      workerState = 'closed';
      app.quit();
    });
  });

  start().catch((error: unknown) => {
    console.error('[main] start-up failed:', error);
    dialog.showErrorBox('Nexvio Contacts could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
