/**
 * Electron glue: the desktop manners wired together once the workspace is open — the
 * menu's actions, native notifications (sync failures, conflicts, a downloaded update),
 * deep links delivered to the window, and the updater following the preferences.
 */
import { mkdirSync } from 'node:fs';
import { shell, type BrowserWindow } from 'electron';
import type { UpdatesPort } from '../core/session/ports.js';
import type { AppEvent, Preferences, SessionEvent } from '../preload/contract.js';
import { DEEP_LINK_NOTICE_TITLE, type DeepLink, type DeepLinkQueue } from './deep-link.js';
import type { MenuActions } from './menu-template.js';
import { createNotifier, notifyOnSyncStatus } from './notifications.js';
import { updateReadyNotice } from './notify-rules.js';
import { becameReady } from './update-policy.js';

export interface DesktopHost {
  /** The main window, if one is open. */
  window(): BrowserWindow | null;
  /** Opens the main window, or restores and focuses it. */
  showWindow(): void;
  /** A session event to the renderer (app.navigate, app.openContact, app.notice). */
  emit(event: SessionEvent): void;
  preferences(): Preferences;
  onPreferences(listener: (preferences: Preferences) => void): () => void;
  /** The worker's events (sync.status). */
  events: { onEvent(listener: (event: AppEvent) => void): () => void };
  updates: UpdatesPort | null;
  logsFolder: string;
}

/** The renderer subscribes to events from its first effects; give it a moment after load. */
const RENDERER_SETTLE_MS = 1000;

/**
 * Shows the window and sends it an event once its page can take it: at once when the page
 * is up, else after it loaded and had a moment to subscribe (a window just re-created on
 * macOS, or the first start).
 */
function sendToPage(host: Pick<DesktopHost, 'showWindow' | 'window' | 'emit'>, event: SessionEvent): void {
  host.showWindow();
  const window = host.window();
  if (!window) return;
  if (window.webContents.isLoading()) window.webContents.once('did-finish-load', () => void setTimeout(() => host.emit(event), RENDERER_SETTLE_MS));
  else host.emit(event);
}

export function menuActions(host: Pick<DesktopHost, 'showWindow' | 'window' | 'emit' | 'updates' | 'logsFolder'>): MenuActions {
  const openSettings = (): void => sendToPage(host, { type: 'app.navigate', view: 'settings' });
  return {
    openSettings,
    checkForUpdates: () => {
      openSettings();
      // Settings shows the result (updates.status events); errors are in the status too.
      void host.updates?.check();
    },
    revealLogs: () => {
      // Nothing may have been logged yet; the folder should still open.
      mkdirSync(host.logsFolder, { recursive: true });
      void shell.openPath(host.logsFolder).then((problem) => {
        if (problem) console.warn(`[menu] could not open the logs folder: ${problem}`);
      });
    },
  };
}

export function startDesktop(host: DesktopHost, deepLinks: DeepLinkQueue): () => void {
  const notifier = createNotifier((notice) => sendToPage(host, { type: 'app.navigate', view: notice.navigate }));
  const stops: (() => void)[] = [];

  stops.push(
    notifyOnSyncStatus({
      events: host.events,
      preferences: () => host.preferences().notifications,
      windowFocused: () => host.window()?.isFocused() ?? false,
      notifier,
    }),
  );

  const updates = host.updates;
  if (updates) {
    let previous = updates.status();
    stops.push(
      updates.onStatus((status) => {
        if (becameReady(previous, status)) notifier.show(updateReadyNotice(status));
        previous = status;
      }),
    );
    updates.setAutoCheck(host.preferences().updates.autoCheck);
    stops.push(host.onPreferences((preferences) => updates.setAutoCheck(preferences.updates.autoCheck)));
  }

  deepLinks.open((link: DeepLink) => {
    if (link.ok) console.info(`[deep-link] opening contact ${link.id}`);
    else console.warn(`[deep-link] refused: ${link.reason}`);
    sendToPage(
      host,
      link.ok ? { type: 'app.openContact', id: link.id } : { type: 'app.notice', level: 'error', title: DEEP_LINK_NOTICE_TITLE, message: link.reason },
    );
  });

  return () => {
    for (const stop of stops) stop();
  };
}
