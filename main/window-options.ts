/**
 * The main window's options. Pure (type-only electron import) so the security settings are
 * asserted by a unit test, not just reviewed.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Mantine's body colours, so the window does not flash white before a dark UI paints. */
export const WINDOW_BACKGROUND = { dark: '#242424', light: '#ffffff' } as const;

export const WINDOW_SIZE = { width: 1280, height: 800, minWidth: 1024, minHeight: 640 } as const;

export interface WindowOptionsInput {
  preloadPath: string;
  darkMode: boolean;
  /** A packaged build has no DevTools at all (not only no menu item). */
  isPackaged: boolean;
  /** Where the window was last (window-state.ts, fitted to the displays now); absent: default size, centred. */
  bounds?: { x: number; y: number; width: number; height: number } | null;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Nexvio Contacts',
    ...WINDOW_SIZE,
    ...(input.bounds ?? {}),
    show: false,
    backgroundColor: input.darkMode ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: !input.isPackaged,
    },
  };
}
