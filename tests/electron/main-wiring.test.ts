/**
 * Runs the real main/main.ts against a fake `electron` module and a fake core worker: the
 * order of start-up, the IPC wiring, the recovery phase and the clean close on quit. (No
 * Electron binary can run here; e2e-electron/ covers the real thing where one exists.)
 */
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../preload/contract.js';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
}

class FakeWebContents extends Emitter {
  readonly id: number;
  readonly mainFrame = { processId: 4, routingId: 1, url: 'app://nexvio/index.html' };
  readonly send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  constructor(id: number) {
    super();
    this.id = id;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

function fakeElectron(options: { lock: boolean; userData: string }) {
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const windows: FakeWindow[] = [];

  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents(100 + windows.length);
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    static getAllWindows(): FakeWindow[] {
      return windows;
    }
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    name: 'Nexvio Contacts',
    whenReady: () => whenReady,
    requestSingleInstanceLock: vi.fn(() => options.lock),
    enableSandbox: vi.fn(),
    getPath: vi.fn((_name: string) => options.userData),
    setPath: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
    protocol: { handle: vi.fn() },
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    nativeTheme: { shouldUseDarkColors: true },
    dialog: { showErrorBox: vi.fn() },
    session: { defaultSession },
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    ipcMain: { handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    shell: { openExternal: vi.fn(async () => {}) },
    // Reversible stand-in for the OS keychain.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) => Buffer.from(`enc:${text}`),
      decryptString: (data: Buffer) => data.toString().replace(/^enc:/, ''),
    },
  };
  return { electron, ready, windows, defaultSession };
}

function fakeWorker() {
  let forward: ((event: unknown) => void) | null = null;
  return {
    callUnchecked: vi.fn(async (): Promise<Envelope<unknown>> => ({ ok: true, value: { contacts: 3 } })),
    onEvent: vi.fn((listener: (event: unknown) => void) => {
      forward = listener;
      return () => {};
    }),
    close: vi.fn(async () => {}),
    resumeSync: vi.fn(),
    provideConnectorSecrets: vi.fn(),
    emit: (event: unknown) => forward?.(event),
  };
}

let userData: string;

async function loadMain(options: { lock?: boolean; start?: () => Promise<unknown> } = {}) {
  const fake = fakeElectron({ lock: options.lock ?? true, userData });
  const worker = fakeWorker();
  const start = vi.fn(options.start ?? (async () => worker));
  vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }));
  vi.doMock('../../core/worker/client.js', () => ({ CoreWorker: { start } }));
  await import('../../main/main.js');
  return { ...fake, worker, start };
}

function handlerFor(ipcHandle: ReturnType<typeof vi.fn>) {
  const call = ipcHandle.mock.calls[0];
  expect(call?.[0]).toBe('nexvio:call');
  return call?.[1] as (event: unknown, method: unknown, input: unknown) => Promise<Envelope<unknown>>;
}

beforeEach(() => {
  vi.resetModules();
  userData = mkdtempSync(join(tmpdir(), 'nexvio-main-'));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  vi.doUnmock('electron');
  vi.doUnmock('../../core/worker/client.js');
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main process wiring', () => {
  it('registers the scheme and the sandbox before ready, then opens the workspace and the window', async () => {
    const { electron, ready, windows, defaultSession, start, worker } = await loadMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();

    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(defaultSession.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect(defaultSession.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(start).toHaveBeenCalledWith({ databasePath: join(userData, 'workspaces', 'default.db'), host: 'electron' });
    // No token stored yet: syncing resumes with none (the demo, if any, restarts on its own).
    expect(worker.resumeSync).toHaveBeenCalledWith(null);
    // Connector secrets (none stored yet) reach the worker from the vaults, never the database.
    expect(worker.provideConnectorSecrets).toHaveBeenCalledWith({});

    const window = windows[0];
    expect(window?.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(window?.loadURL).toHaveBeenCalledWith('app://nexvio/index.html');
    window?.emit('ready-to-show');
    expect(window?.show).toHaveBeenCalled();
  });

  it('answers IPC only from the main frame of its window, and forwards worker events', async () => {
    const { electron, ready, windows, worker } = await loadMain();
    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    const handle = handlerFor(electron.ipcMain.handle);
    const contents = windows[0]?.webContents;
    const trusted = { sender: { id: contents?.id }, senderFrame: { url: 'app://nexvio/index.html', processId: 4, routingId: 1 } };

    await expect(handle(trusted, 'workspace.seedDemo', { contacts: 3 })).resolves.toEqual({ ok: true, value: { contacts: 3 } });
    expect(worker.callUnchecked).toHaveBeenCalledWith('workspace.seedDemo', { contacts: 3 });

    const subframe = { ...trusted, senderFrame: { ...trusted.senderFrame, routingId: 9 } };
    const otherPage = { ...trusted, senderFrame: { ...trusted.senderFrame, url: 'https://example.com/' } };
    const disposed = {
      sender: { id: contents?.id },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    for (const event of [subframe, otherPage, disposed, { sender: { id: 999 }, senderFrame: trusted.senderFrame }]) {
      await expect(handle(event, 'workspace.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(worker.callUnchecked).toHaveBeenCalledTimes(1);

    // A successful connect stores the token encrypted beside the workspace, never in it.
    await handle(trusted, 'sync.connect', { serviceUrl: 'http://127.0.0.1:9', token: 'secret-token' });
    const stored = readFileSync(join(userData, 'service-token.bin'));
    expect(stored.toString()).toBe('enc:secret-token');
    await handle(trusted, 'sync.disconnect', {});
    expect(existsSync(join(userData, 'service-token.bin'))).toBe(false);

    worker.emit({ type: 'workspace.changed' });
    expect(contents?.send).toHaveBeenCalledWith('nexvio:event', { type: 'workspace.changed' });
  });

  it('closes the worker before quitting, once, and refuses calls meanwhile', async () => {
    const { electron, ready, windows, worker } = await loadMain();
    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    let finishClose!: () => void;
    worker.close.mockImplementation(() => new Promise<void>((resolve) => (finishClose = resolve)));

    const first = { preventDefault: vi.fn() };
    const second = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', first);
    electron.app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(worker.close).toHaveBeenCalledTimes(1);

    const handle = handlerFor(electron.ipcMain.handle);
    const contents = windows[0]?.webContents;
    const trusted = { sender: { id: contents?.id }, senderFrame: { url: 'app://nexvio/', processId: 4, routingId: 1 } };
    await expect(handle(trusted, 'workspace.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    expect(electron.app.quit).not.toHaveBeenCalled();
    finishClose();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    const last = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('opens the window on the recovery screen when the workspace cannot open: app.state says why, worker calls are refused', async () => {
    const tooNew = Object.assign(new Error('This workspace was saved by a newer version of Nexvio Contacts.'), { code: 'database_too_new' });
    const { electron, ready, windows } = await loadMain({ start: () => Promise.reject(tooNew) });
    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    expect(electron.app.exit).not.toHaveBeenCalled();
    const handle = handlerFor(electron.ipcMain.handle);
    const trusted = { sender: { id: windows[0]?.webContents.id }, senderFrame: { url: 'app://nexvio/index.html', processId: 4, routingId: 1 } };
    await expect(handle(trusted, 'app.state', {})).resolves.toMatchObject({ ok: true, value: { phase: 'recovery', host: 'electron', problem: { code: 'too_new' } } });
    await expect(handle(trusted, 'workspace.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('newer version') } });
  });

  it('quits at once as a second instance, and focuses the first window when one starts', async () => {
    const second = await loadMain({ lock: false });
    expect(second.electron.app.quit).toHaveBeenCalled();
    expect(second.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();

    vi.resetModules();
    const first = await loadMain();
    first.ready();
    await vi.waitFor(() => expect(first.windows).toHaveLength(1));
    first.electron.app.emit('second-instance');
    expect(first.windows[0]?.focus).toHaveBeenCalled();
    expect(first.windows).toHaveLength(1);
  });

  it('hardens every web contents: no new windows, no navigation away, no webviews', async () => {
    const { electron, ready, windows } = await loadMain();
    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    const contents = new FakeWebContents(7);
    electron.app.emit('web-contents-created', {}, contents);

    expect(contents.windowOpenHandler?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);

    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    const inApp = { url: 'app://nexvio/contacts', preventDefault: vi.fn() };
    contents.emit('will-frame-navigate', away);
    contents.emit('will-frame-navigate', inApp);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(inApp.preventDefault).not.toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});
