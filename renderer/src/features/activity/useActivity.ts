import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityItem, ActivityKind, AppEvent, Person } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { endOfDay, startOfDay } from '../../lib/days';
import { usePagedFeed, type PagedFeed } from '../../lib/usePagedFeed';
import { useUi } from '../../state/ui';

export interface ActivityFilters {
  kind: ActivityKind | 'all';
  agent: Person | null;
  /** Local calendar days ("2026-03-14"), both included; null for open-ended. */
  fromDay: string | null;
  toDay: string | null;
  /** A jump to a date: the feed starts at the end of this day. */
  jumpDay: string | null;
}

export const NO_ACTIVITY_FILTERS: ActivityFilters = { kind: 'all', agent: null, fromDay: null, toDay: null, jumpDay: null };

/** What the core is asked for, from the filters as the person set them. */
export function activityQuery(filters: ActivityFilters) {
  return {
    kinds: filters.kind === 'all' ? undefined : [filters.kind],
    agent: filters.agent ?? undefined,
    from: (filters.fromDay && startOfDay(filters.fromDay)) || undefined,
    to: (filters.toDay && endOfDay(filters.toDay)) || undefined,
    before: (filters.jumpDay && endOfDay(filters.jumpDay)) || undefined,
  };
}

export interface ActivityFeed extends PagedFeed<ActivityItem> {
  /** Something changed since the feed was loaded (a sync, an edit): offered, not forced on the reader. */
  hasNewActivity: boolean;
  showNewActivity(): void;
  /** While pages come back empty looking for an agent's conversations: how far back they have looked. */
  scannedTo: string | null;
}

const CHANGES = (event: AppEvent) =>
  event.type === 'contacts.changed' || event.type === 'notes.changed' || event.type === 'followUps.changed' || event.type === 'workspace.changed';

/**
 * The Activity feed with its filters, newest first, a page at a time. A change from a sync or
 * an edit does not move what is being read: it offers to show the newest (not after a jump to
 * a date, which looks at the past on purpose).
 */
export function useActivity(filters: ActivityFilters): ActivityFeed {
  const query = activityQuery(filters);
  const key = JSON.stringify(query);
  const [scanned, setScanned] = useState<{ key: string; to: string | null }>({ key, to: null });
  const currentKey = useRef(key);
  currentKey.current = key;
  const fetchPage = useCallback(
    async (cursor: string | null, limit: number) => {
      const input = JSON.parse(key) as ReturnType<typeof activityQuery>;
      let page = await api.call('activity.page', { ...input, cursor, limit });
      // A page that stopped on an agent's window of conversations with nothing found goes
      // straight on (no render in between), saying how far back it has looked.
      while (page.items.length === 0 && page.nextCursor !== null && page.scannedTo !== null && currentKey.current === key) {
        setScanned({ key, to: page.scannedTo });
        page = await api.call('activity.page', { ...input, cursor: page.nextCursor, limit });
      }
      setScanned({ key, to: page.scannedTo });
      return page;
    },
    [key],
  );
  const feed = usePagedFeed(key, fetchPage);
  const [changedFor, setChangedFor] = useState<string | null>(null);
  const live = filters.jumpDay === null;
  useAppEvent((event) => {
    if (live && CHANGES(event)) setChangedFor(key);
  });
  const { reload } = feed;
  const showNewActivity = useCallback(() => {
    setChangedFor(null);
    reload();
  }, [reload]);
  // A note edited, pinned or deleted right here shows at once.
  const revision = useUi((s) => s.timelineRevision);
  const firstRevision = useRef(revision);
  useEffect(() => {
    if (revision !== firstRevision.current) showNewActivity();
  }, [revision, showNewActivity]);
  return { ...feed, hasNewActivity: changedFor === key && live, showNewActivity, scannedTo: scanned.key === key ? scanned.to : null };
}
