import { notifications } from '@mantine/notifications';
import { useCallback, useMemo } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useSyncStatus } from './useSyncStatus';

/** The demo workspace's size: the bundled service generates this many contacts. */
export const DEMO_CONTACTS = 2000;

export interface SyncActions {
  syncNow(): Promise<boolean>;
  setIntervalSeconds(seconds: number): Promise<boolean>;
  disconnect(forgetToken: boolean): Promise<boolean>;
  startDemo(): Promise<boolean>;
}

/** The sync commands; each shows the new state at once and says so when it fails. */
export function useSyncActions(): SyncActions {
  const { set } = useSyncStatus();
  const run = useCallback(
    async (failure: string, call: () => Promise<SyncStatus>): Promise<boolean> => {
      try {
        set(await call());
        return true;
      } catch (error) {
        notifications.show({ color: 'red', title: failure, message: error instanceof Error ? error.message : String(error) });
        return false;
      }
    },
    [set],
  );
  return useMemo(
    () => ({
      syncNow: () => run('The sync could not start', () => api.call('sync.now', {})),
      setIntervalSeconds: (seconds: number) => run('The sync interval could not be changed', () => api.call('sync.setInterval', { seconds })),
      disconnect: (forgetToken: boolean) => run('Could not disconnect', () => api.call('sync.disconnect', { forgetToken })),
      startDemo: () => run('The demo workspace could not start', () => api.call('sync.startDemo', { contacts: DEMO_CONTACTS })),
    }),
    [run],
  );
}

/** "127.0.0.1:8787" for "http://127.0.0.1:8787": the part of the address people recognise. */
export function serviceHost(url: string | null): string {
  if (!url) return '—';
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
