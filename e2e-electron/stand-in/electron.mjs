/**
 * A stand-in for the `electron` module, just enough to run the bundled dist/main.js under
 * plain Node (where no Electron binary exists). It records what main asks of Electron and
 * keeps the handlers main registers, so drive.mjs can play the part of Chromium.
 */
import { EventEmitter } from 'node:events';

/** @typedef {(...args: never[]) => unknown} Handler */

/** What happened, in order: "loadURL …", "dialog …", "exit 1", "quit:done". */
export const log = /** @type {string[]} */ ([]);
/** The handlers main registered: "protocol:app", "webRequest", and IPC channels by name. */
export const handlers = /** @type {Map<string, Handler>} */ (new Map());

/** @type {() => void} */
let markReady = () => {};
const ready = new Promise((resolve) => (markReady = () => resolve(undefined)));
/** Lets drive.mjs fire `ready` once main has registered what must come before it. */
export function emitReady() {
  markReady();
}

/** @type {Record<string, string>} */
const paths = { userData: '' };

class App extends EventEmitter {
  isPackaged = false;
  name = 'Nexvio Contacts';
  whenReady() {
    return ready;
  }
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {
    log.push('enableSandbox');
  }
  /** @param {string} name */
  getPath(name) {
    return paths[name] ?? '';
  }
  /** @param {string} name @param {string} value */
  setPath(name, value) {
    paths[name] = value;
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) log.push('quit:done');
  }
  /** @param {number} code */
  exit(code) {
    log.push(`exit ${code}`);
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  id = 1;
  mainFrame = { processId: 1, routingId: 1 };
  sent = /** @type {unknown[][]} */ ([]);
  /** @param {string} channel @param {unknown} payload */
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler() {}
}

const windows = /** @type {BrowserWindow[]} */ ([]);
export class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  /** @param {{ webPreferences?: { preload?: string } }} options */
  constructor(options) {
    super();
    this.options = options;
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  /** @param {string} url */
  async loadURL(url) {
    log.push(`loadURL ${url}`);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  static getAllWindows() {
    return windows;
  }
}

/** @param {string} name @returns {(handler: Handler) => void} */
const keep = (name) => (handler) => handlers.set(name, handler);

export const nativeTheme = { shouldUseDarkColors: false };
export const dialog = { showErrorBox: (/** @type {string} */ title, /** @type {string} */ message) => log.push(`dialog ${title}: ${message}`) };
export const session = {
  defaultSession: {
    setPermissionRequestHandler: keep('permissionRequest'),
    setPermissionCheckHandler: keep('permissionCheck'),
    setDevicePermissionHandler: keep('devicePermission'),
    webRequest: { onBeforeRequest: keep('webRequest') },
    protocol: { handle: (/** @type {string} */ scheme, /** @type {Handler} */ handler) => handlers.set(`protocol:${scheme}`, handler) },
  },
};
export const protocol = { registerSchemesAsPrivileged: (/** @type {unknown} */ schemes) => log.push(`schemes ${JSON.stringify(schemes)}`) };
export const ipcMain = { handle: (/** @type {string} */ channel, /** @type {Handler} */ handler) => handlers.set(channel, handler) };
export const Menu = { buildFromTemplate: (/** @type {unknown} */ template) => template, setApplicationMenu: () => log.push('menu') };
export const shell = { openExternal: async (/** @type {string} */ url) => log.push(`openExternal ${url}`) };
// A reversible stand-in for the OS keychain behind safeStorage (main/token-vault.ts).
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (/** @type {string} */ text) => Buffer.from(`stand-in:${text}`),
  decryptString: (/** @type {Buffer} */ data) => data.toString().replace(/^stand-in:/, ''),
};
