/** Electron glue: the main window. Its options come from window-options.ts. */
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';
import { buildWindowOptions } from './window-options.js';

export function createMainWindow(options: { preloadPath: string; isPackaged: boolean }): BrowserWindow {
  const window = new BrowserWindow(
    buildWindowOptions({ preloadPath: options.preloadPath, darkMode: nativeTheme.shouldUseDarkColors, isPackaged: options.isPackaged }),
  );
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[window] the renderer stopped (${details.reason}, exit code ${details.exitCode})`);
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('[window] could not load the app:', error));
  return window;
}
