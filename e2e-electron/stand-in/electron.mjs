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

/** The displays main sees (screen): a laptop, primary, first. drive.mjs may replace them. */
export const displays = [{ id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } }];

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
  /** @param {string} [path] */
  setAppLogsPath(path) {
    paths['logs'] = path ?? `${paths['userData']}/logs`;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  /** @param {string} scheme @param {string} [path] @param {string[]} [args] */
  setAsDefaultProtocolClient(scheme, path, args) {
    log.push(`protocolClient ${scheme}${path ? ` ${path} ${JSON.stringify(args)}` : ''}`);
    return true;
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
  loading = true;
  isLoading() {
    return this.loading;
  }
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
    setTimeout(() => {
      this.webContents.loading = false;
      this.webContents.emit('did-finish-load');
    }, 10);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  /** As the OS would place it: the options' bounds, or the default size at the origin. */
  getNormalBounds() {
    const { x = 0, y = 0, width = 0, height = 0 } = /** @type {{ x?: number, y?: number, width?: number, height?: number }} */ (this.options);
    return { x, y, width, height };
  }
  isMaximized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  isFocused() {
    return false;
  }
  maximize() {}
  /** @param {boolean} _flag */
  setFullScreen(_flag) {}
  show() {
    this.emit('show');
  }
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
export const ipcMain = {
  handle: (/** @type {string} */ channel, /** @type {Handler} */ handler) => handlers.set(channel, handler),
  // electron-log listens for its renderer channel; nothing here sends on it.
  on: (/** @type {string} */ channel, /** @type {Handler} */ handler) => handlers.set(`on:${channel}`, handler),
};
/** The application menu main installed (its template, clickable). */
export const menu = /** @type {{ template: unknown }} */ ({ template: null });
export const Menu = {
  buildFromTemplate: (/** @type {unknown} */ template) => template,
  setApplicationMenu: (/** @type {unknown} */ built) => {
    menu.template = built;
    log.push('menu');
  },
};
export const shell = {
  openExternal: async (/** @type {string} */ url) => log.push(`openExternal ${url}`),
  openPath: async (/** @type {string} */ path) => {
    log.push(`openPath ${path}`);
    return '';
  },
};
export const screen = {
  getPrimaryDisplay: () => displays[0],
  getAllDisplays: () => displays,
};
/** Native notifications: recorded as "notification <title>: <body>"; drive.mjs can click them. */
export const notifications = /** @type {Notification[]} */ ([]);
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  /** @param {{ title: string, body: string }} options */
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    notifications.push(this);
    log.push(`notification ${this.options.title}: ${this.options.body}`);
  }
  close() {}
}
// A reversible stand-in for the OS keychain behind safeStorage (main/token-vault.ts).
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (/** @type {string} */ text) => Buffer.from(`stand-in:${text}`),
  decryptString: (/** @type {Buffer} */ data) => data.toString().replace(/^stand-in:/, ''),
};
