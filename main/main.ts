/**
 * The Electron main process (bundled to dist/main.js). Glue only: the order of start-up
 * and shut-down. Every decision lives in a small module beside this one; see README.md.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import type { CoreWorker } from '../core/worker/client.js';
import { Session } from '../core/session/session.js';
import { defaultIntegrityThread } from '../core/session/integrity.js';
import packageJson from '../package.json' with { type: 'json' };
import { forwardEvents, registerCallHandler } from './ipc.js';
import { closeWithin } from './lifecycle.js';
import { installMenu } from './menu.js';
import { bundlePaths, takeDevOverrides, workspaceDatabasePath } from './paths.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import { hardenAllWebContents, hardenSession } from './security.js';
import { createMainWindow } from './window.js';
import { SafeStorageTokenVault } from './token-vault.js';
import { keepTokensIn } from '../core/worker/token-keeper.js';
import { connectorVaults, keepConnectorSecretsIn, loadConnectorSecrets } from '../core/worker/connector-secret-keeper.js';

const WORKER_CLOSE_TIMEOUT_MS = 5000;

const paths = bundlePaths(dirname(fileURLToPath(import.meta.url)));
const overrides = takeDevOverrides(process.env, app.isPackaged);
// Before the single-instance lock, which is keyed on the user-data folder.
if (overrides.userDataDir) app.setPath('userData', overrides.userDataDir);

let mainWindow: BrowserWindow | null = null;
/** The workspace session (core/session/): the worker, or the recovery screen's methods. */
let workspace: Session | null = null;
/** 'closing' refuses new calls while the calls in flight finish. */
let workerState: 'starting' | 'open' | 'closing' | 'closed' = 'starting';

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ preloadPath: paths.preload, isPackaged: app.isPackaged });
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Opens the workspace, or the recovery phase when it cannot be opened: the window opens either way. */
function startSession(): Promise<Session> {
  const userData = app.getPath('userData');
  const vault = new SafeStorageTokenVault(userData);
  const secretVaults = connectorVaults((fileName) => new SafeStorageTokenVault(userData, fileName));
  return Session.start({
    ports: {
      host: 'electron',
      version: packageJson.version,
      logsFolder: app.getPath('logs') || null,
      reveal: async (path) => (await shell.openPath(path)) === '',
      chooseFolder: async (title) => {
        const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const chosen = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      },
      updates: null,
    },
    settingsFolder: userData,
    defaultDataFolder: dirname(workspaceDatabasePath(userData)),
    databaseFileName: 'default.db',
    integrityThread: defaultIntegrityThread(),
    onWorkerOpened: (worker: CoreWorker) => {
      worker.provideConnectorSecrets(loadConnectorSecrets(secretVaults));
      worker.resumeSync(vault.load());
      return keepConnectorSecretsIn(secretVaults, keepTokensIn(vault, worker));
    },
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, paths.rendererRoot);
  installMenu();

  const opened = await startSession();
  workspace = opened;
  workerState = 'open';
  const problem = opened.state().problem;
  if (problem) console.error(`[main] ${problem.title}: ${problem.message} (${problem.databasePath})`);
  forwardEvents(opened, () => mainWindow);
  registerCallHandler({ window: () => mainWindow, target: () => (workerState === 'open' ? opened : null) });
  showMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the workspace; it focuses its window (second-instance below).
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  hardenAllWebContents();

  app.on('second-instance', () => {
    if (workerState === 'open') showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Hold the quit until the worker has closed the database cleanly (WAL checkpoint).
  app.on('before-quit', (event) => {
    const closing = workspace;
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
