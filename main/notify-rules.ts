/**
 * When the app speaks up through the OS's notifications. Pure; main/notifications.ts shows
 * what this decides with Electron's Notification.
 *
 * - A sync failure notifies once per failure spell (the scheduler retries with backoff and
 *   publishes a status for each retry; people want to hear once), and again only after a
 *   successful sync ended the spell.
 * - Conflicts notify when their count rises, with the number; the ones already open when
 *   the app starts are not news.
 * - Nothing while the window is focused: the app's own sync badge and pages already show it,
 *   and a toast over the window someone is looking at is noise. The spell still counts as
 *   told, so switching away later does not bring up an old failure.
 * - Each switchable in Settings (preferences.notifications).
 */
import type { Preferences, SyncStatus, UpdateStatus } from '../preload/contract.js';

export interface NativeNotice {
  /** Replaces an earlier notice of the same kind where the OS supports it. */
  kind: 'sync-failure' | 'conflicts' | 'update-ready';
  title: string;
  body: string;
  /** Where a click takes the person (the window is focused first). */
  navigate: 'sync' | 'settings';
}

export interface NotifyMemory {
  /** A failure has been seen (and told, or deliberately not) since the last good sync. */
  inFailureSpell: boolean;
  /** The open conflicts last seen; null until the first status after start. */
  conflictsSeen: number | null;
}

export const INITIAL_NOTIFY_MEMORY: NotifyMemory = { inFailureSpell: false, conflictsSeen: null };

const MAX_BODY = 180;

/** A status that means the last attempt failed (the person's own offline machine is not a failure). */
export function isSyncFailure(status: SyncStatus): boolean {
  if (status.phase === 'error' || status.phase === 'unauthorized') return true;
  return status.phase === 'offline' && status.online && status.lastError !== null;
}

function failureBody(status: SyncStatus): string {
  if (status.phase === 'unauthorized') return 'The service refused the access token. Open Sync to connect again; your changes are kept and will be sent.';
  const reason = (status.lastError ?? 'The service could not be reached.').trim();
  const short = reason.length > MAX_BODY ? `${reason.slice(0, MAX_BODY - 1)}…` : reason;
  const pending = status.pendingChanges > 0 ? ` ${status.pendingChanges} local ${status.pendingChanges === 1 ? 'change waits' : 'changes wait'} and will be sent.` : '';
  return `${short} Nexvio Contacts keeps trying.${pending}`;
}

export function decideSyncNotices(
  memory: NotifyMemory,
  status: SyncStatus,
  context: { preferences: Preferences['notifications']; windowFocused: boolean },
): { memory: NotifyMemory; notices: NativeNotice[] } {
  const notices: NativeNotice[] = [];
  const speak = !context.windowFocused;

  let inFailureSpell = memory.inFailureSpell;
  if (isSyncFailure(status)) {
    if (!inFailureSpell && speak && context.preferences.syncFailures) {
      notices.push({ kind: 'sync-failure', title: 'Sync failed', body: failureBody(status), navigate: 'sync' });
    }
    inFailureSpell = true;
  } else if (status.phase === 'idle' || status.phase === 'disconnected') {
    // A good sync (or the person disconnected): the next failure is news again.
    inFailureSpell = false;
  }

  const open = status.openConflicts;
  if (memory.conflictsSeen !== null && open > memory.conflictsSeen && speak && context.preferences.conflicts) {
    const added = open - memory.conflictsSeen;
    notices.push({
      kind: 'conflicts',
      title: added === 1 ? 'A new sync conflict' : `${added} new sync conflicts`,
      body: `${open === 1 ? 'One change waits' : `${open} changes wait`} for your decision: the same field was changed here and in the chatbot service.`,
      navigate: 'sync',
    });
  }
  return { memory: { inFailureSpell, conflictsSeen: open }, notices };
}

/** Once per downloaded version (see update-policy's becameReady): restart to install. */
export function updateReadyNotice(status: UpdateStatus): NativeNotice {
  return {
    kind: 'update-ready',
    title: 'Update ready — restart to install',
    body: `${status.availableVersion ? `Nexvio Contacts ${status.availableVersion}` : 'A new version'} has been downloaded. It is installed when you restart the app from Settings.`,
    navigate: 'settings',
  };
}
