import { useEffect, useRef } from 'react';
import type { Conflict, SyncIssue } from '../../../../preload/contract';
import { api } from '../../api/client';
import { CONTACTS_OR_WORKSPACE, useReloadOn } from '../../api/useAppEvent';
import { useResource, type Resource } from '../../api/useResource';
import { useSyncStatus } from './useSyncStatus';

/** Reloads when counts in the sync status move (a sync found or settled something). */
function useReloadOnCounts(reload: () => void, counts: string | undefined): void {
  const seen = useRef(counts);
  useEffect(() => {
    if (counts === undefined || counts === seen.current) return;
    seen.current = counts;
    reload();
  }, [counts, reload]);
}

/** Open conflicts (and resolved ones on request), newest first; contact names follow renames. */
export function useConflicts(includeResolved: boolean): Resource<Conflict[]> {
  const conflicts = useResource(`conflicts:${includeResolved}`, () => api.call('conflicts.list', { includeResolved, limit: 500 }));
  const open = useSyncStatus().data?.openConflicts;
  useReloadOnCounts(conflicts.reload, open === undefined ? undefined : String(open));
  useReloadOn(conflicts.reload, CONTACTS_OR_WORKSPACE, 600);
  return conflicts;
}

/** Changes the service refused and changes from the service set aside as invalid. */
export function useSyncIssues(): Resource<SyncIssue[]> {
  const issues = useResource('sync-issues', () => api.call('sync.issues', { limit: 200 }));
  const status = useSyncStatus().data;
  useReloadOnCounts(issues.reload, status ? `${status.rejectedChanges}:${status.quarantined}` : undefined);
  return issues;
}
