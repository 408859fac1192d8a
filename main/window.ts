/**
 * Electron glue: the main window. Its options come from window-options.ts; its size and
 * place are remembered in userData/window-state.json (decisions in window-state.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';
import { WINDOW_SIZE, buildWindowOptions } from './window-options.js';
import { Debounced, WINDOW_STATE_FILE, fitWindowState, parseWindowState, serializeWindowState, type RestoredWindow } from './window-state.js';

export function createMainWindow(options: { preloadPath: string; isPackaged: boolean; userDataDir: string }): BrowserWindow {
  const statePath = join(options.userDataDir, WINDOW_STATE_FILE);
  const restored = restoreWindowState(statePath);
  const window = new BrowserWindow(
    buildWindowOptions({ preloadPath: options.preloadPath, darkMode: nativeTheme.shouldUseDarkColors, isPackaged: options.isPackaged, bounds: restored.bounds }),
  );
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    if (restored.fullscreen) window.setFullScreen(true);
    window.show();
  });
  rememberWindowState(window, statePath);
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[window] the renderer stopped (${details.reason}, exit code ${details.exitCode})`);
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('[window] could not load the app:', error));
  return window;
}

function restoreWindowState(statePath: string): RestoredWindow {
  let text: string | null = null;
  try {
    text = readFileSync(statePath, 'utf8');
  } catch {
    // None saved yet: the default size.
  }
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)];
  return fitWindowState(parseWindowState(text), displays, WINDOW_SIZE);
}

function rememberWindowState(window: BrowserWindow, statePath: string): void {
  const save = new Debounced(() => {
    if (window.isDestroyed()) return;
    const state = { bounds: window.getNormalBounds(), maximized: window.isMaximized(), fullscreen: window.isFullScreen() };
    try {
      // Write aside, then rename: a crash mid-write never leaves a half file.
      writeFileSync(`${statePath}.tmp`, serializeWindowState(state));
      renameSync(`${statePath}.tmp`, statePath);
    } catch (error) {
      console.warn('[window] could not remember the window size:', error instanceof Error ? error.message : error);
    }
  });
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) {
    window.on(event as 'resize', () => save.schedule());
  }
  window.on('close', () => save.flush());
}
