/**
 * Electron glue: native notifications. What to show and when is decided in notify-rules.ts;
 * this shows it with Electron's Notification and turns a click into "focus the window and
 * go to the view".
 */
import { Notification } from 'electron';
import type { AppEvent, Preferences } from '../preload/contract.js';
import { INITIAL_NOTIFY_MEMORY, decideSyncNotices, type NativeNotice } from './notify-rules.js';

export interface Notifier {
  show(notice: NativeNotice): void;
}

export function createNotifier(onClick: (notice: NativeNotice) => void): Notifier {
  // Kept so a shown notification is not garbage-collected with its click handler; one per kind.
  const shown = new Map<NativeNotice['kind'], Notification>();
  return {
    show(notice) {
      if (!Notification.isSupported()) {
        console.info(`[notify] notifications are not supported here; not shown: ${notice.kind}`);
        return;
      }
      shown.get(notice.kind)?.close();
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', () => onClick(notice));
      notification.on('close', () => {
        if (shown.get(notice.kind) === notification) shown.delete(notice.kind);
      });
      shown.set(notice.kind, notification);
      notification.show();
    },
  };
}

/** Follows the worker's sync.status events and shows what notify-rules decides. */
export function notifyOnSyncStatus(deps: {
  events: { onEvent(listener: (event: AppEvent) => void): () => void };
  preferences(): Preferences['notifications'];
  windowFocused(): boolean;
  notifier: Notifier;
}): () => void {
  let memory = INITIAL_NOTIFY_MEMORY;
  return deps.events.onEvent((event) => {
    if (event.type !== 'sync.status') return;
    const decided = decideSyncNotices(memory, event.status, { preferences: deps.preferences(), windowFocused: deps.windowFocused() });
    memory = decided.memory;
    for (const notice of decided.notices) deps.notifier.show(notice);
  });
}
