/**
 * The sync state in words, icon and colour, in one place: the header pill, the popover, the
 * Sync page and the first-sync screen all read it from here, so they never disagree.
 */
import {
  IconCloudCheck,
  IconCloudExclamation,
  IconCloudOff,
  IconCloudQuestion,
  IconKeyOff,
  IconPlugConnectedX,
  IconRefresh,
  IconWifiOff,
  type Icon,
} from '@tabler/icons-react';
import type { SyncStatus } from '../../../../preload/contract';
import { formatCount, formatCountdown, formatNumber, formatRelative } from '../../lib/format';

export type SyncState = 'disconnected' | 'waiting' | 'synced' | 'unverified' | 'syncing' | 'offline' | 'error' | 'unauthorized';

export interface SyncPresentation {
  state: SyncState;
  /** A Mantine colour. */
  color: string;
  icon: Icon;
  /** One line for the header: "Synced · 2 min. ago". */
  label: string;
  /** A heading: "Up to date". */
  headline: string;
  /** What it means and what happens next. */
  sentence: string;
}

export function syncState(status: SyncStatus): SyncState {
  if (status.phase === 'disconnected') return 'disconnected';
  if (status.phase === 'unauthorized') return 'unauthorized';
  if (!status.online || status.phase === 'offline') return 'offline';
  if (status.phase === 'syncing') return 'syncing';
  if (status.phase === 'error') return 'error';
  if (!status.lastSyncAt) return 'waiting';
  return status.converged === false ? 'unverified' : 'synced';
}

/** Whether a service is configured (any state but "Not connected"). */
export function isConnected(status: SyncStatus | undefined): status is SyncStatus {
  return Boolean(status && status.phase !== 'disconnected');
}

/** The step of a running sync, in words. */
export function progressPhrase(progress: NonNullable<SyncStatus['progress']>): string {
  switch (progress.phase) {
    case 'connecting':
      return 'Connecting to the service…';
    case 'pushing':
      return 'Sending your changes…';
    case 'pulling':
      return progress.fullSync ? 'Downloading contacts and conversations…' : 'Receiving changes…';
    case 'indexing':
      return 'Building search and sort orders…';
    case 'verifying':
      return 'Checking that everything arrived…';
  }
}

/** "12,400 of 53,000" during a first sync, "1,200 received" without a total, else nothing. */
export function progressCount(progress: SyncStatus['progress']): string | null {
  if (!progress || progress.pulled === 0) return null;
  if (progress.expected) return `${formatNumber(Math.min(progress.pulled, progress.expected))} of ${formatNumber(progress.expected)}`;
  return `${formatNumber(progress.pulled)} received`;
}

/** When the next attempt is, for a state that is waiting to retry: "retrying in 40 sec.". */
export function retryPhrase(status: SyncStatus, now: number): string | null {
  if (!status.nextAttemptAt || (status.phase !== 'offline' && status.phase !== 'error')) return null;
  const countdown = formatCountdown(status.nextAttemptAt, now);
  return countdown === 'now' ? 'retrying now' : `retrying ${countdown}`;
}

export function describeSync(status: SyncStatus, now: number): SyncPresentation {
  const state = syncState(status);
  const ago = formatRelative(status.lastSyncAt, now, 'short');
  const pending = status.pendingChanges;
  switch (state) {
    case 'disconnected':
      return {
        state,
        color: 'gray',
        icon: IconPlugConnectedX,
        label: 'Not connected',
        headline: 'Not connected',
        sentence: 'Contacts are kept on this device only. Connect to your Nexvio.ai workspace to sync them with the chatbot.',
      };
    case 'unauthorized':
      return {
        state,
        color: 'red',
        icon: IconKeyOff,
        label: 'Token refused — reconnect',
        headline: 'The access token was refused',
        sentence: 'The service no longer accepts this token. Reconnect with a valid one; your changes stay on this device meanwhile.',
      };
    case 'offline': {
      const retry = retryPhrase(status, now);
      return {
        state,
        color: 'orange',
        icon: status.online ? IconCloudOff : IconWifiOff,
        label: ['Offline', pending > 0 ? `${formatCount(pending, 'change', 'changes')} waiting` : null, retry].filter(Boolean).join(' · '),
        headline: 'Offline',
        sentence: status.online
          ? 'The service cannot be reached. Keep working: changes are saved on this device and sent as soon as it answers again.'
          : 'This device is offline. Keep working: changes are saved here and sent when the connection is back.',
      };
    }
    case 'syncing': {
      const count = status.progress?.fullSync ? progressCount(status.progress) : null;
      return {
        state,
        color: 'nexvio',
        icon: IconRefresh,
        label: count ? `Syncing… ${count}` : 'Syncing…',
        headline: 'Syncing',
        sentence: status.progress ? progressPhrase(status.progress) : 'Starting…',
      };
    }
    case 'error':
      return {
        state,
        color: 'red',
        icon: IconCloudExclamation,
        label: `Sync error: ${status.lastError ?? 'unknown problem'}`,
        headline: 'Sync failed',
        sentence: status.lastError ?? 'The last sync failed for an unknown reason.',
      };
    case 'waiting':
      return {
        state,
        color: 'gray',
        icon: IconRefresh,
        label: 'Waiting to sync',
        headline: 'Waiting for the first sync',
        sentence: 'The first sync starts in a moment.',
      };
    case 'unverified':
      return {
        state,
        color: 'yellow',
        icon: IconCloudQuestion,
        label: `Synced, not verified · ${ago}`,
        headline: 'Synced, but not verified',
        sentence: status.divergence ?? status.lastError ?? 'This copy could not be compared with the service. The next sync checks again.',
      };
    case 'synced': {
      const decisions = [
        status.openConflicts > 0 ? formatCount(status.openConflicts, 'conflict', 'conflicts') : null,
        status.rejectedChanges > 0 ? formatCount(status.rejectedChanges, 'rejected change', 'rejected changes') : null,
      ].filter(Boolean);
      const one = status.openConflicts + status.rejectedChanges === 1;
      const waiting = decisions.length > 0 ? ` ${decisions.join(' and ')} ${one ? 'waits' : 'wait'} for your decision on the Sync page.` : '';
      return {
        state,
        color: 'teal',
        icon: IconCloudCheck,
        label: `Synced · ${ago}`,
        headline: 'Up to date',
        sentence:
          (pending > 0
            ? `This device has everything the service had ${formatRelative(status.lastSyncAt, now)}; ${formatCount(pending, 'change', 'changes')} made since then ${pending === 1 ? 'goes' : 'go'} with the next sync.`
            : 'This device and the service hold the same contacts, conversations and notes.') + waiting,
      };
    }
  }
}
