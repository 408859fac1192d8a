import { useEffect, useState } from 'react';
import type { AppEvent, SyncStatus } from '../../../../preload/contract';
import { api } from '../../api/client';
import { createResourceContext } from '../../api/resourceContext';
import { useAppEvent, useReloadOn } from '../../api/useAppEvent';
import { useResource, type Resource } from '../../api/useResource';

/** Local edits and resolved conflicts change the counts; the core publishes only when the sync state moves. */
const CHANGES_COUNTS = (event: AppEvent): boolean => event.type === 'contacts.changed' || event.type === 'notes.changed';

/**
 * The sync state: loaded once, then replaced by every `sync.status` event the core pushes
 * (a few a second while syncing). While the browser says it is offline the state reads
 * offline at once, whatever the core last said: in the browser host the report itself may
 * only reach the core when the network is back.
 */
export function useSyncStatusResource(): Resource<SyncStatus> {
  const status = useResource('sync-status', () => api.call('sync.status', {}));
  const { set, reload } = status;
  useAppEvent((event) => {
    if (event.type === 'sync.status') set(event.status);
  });
  useReloadOn(reload, CHANGES_COUNTS, 500);
  const browserOnline = useBrowserOnline();
  const data = status.data && !browserOnline && status.data.online ? { ...status.data, online: false } : status.data;
  return { ...status, data };
}

/** Follows the window's online/offline events and reports each (and the state at start) to the core. */
function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const report = (value: boolean) => {
      setOnline(value);
      // Coming back online makes the core sync at once. A host that is gone has nothing to hear.
      api.call('sync.setOnline', { online: value }).catch(() => undefined);
    };
    const goOnline = () => report(true);
    const goOffline = () => report(false);
    report(navigator.onLine);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, []);
  return online;
}

export const [SyncStatusContext, useSyncStatus] = createResourceContext<SyncStatus>('SyncStatusContext');
