import { useCallback } from 'react';
import type { ActivityItem, ActivityKind, Person } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';
import { endOfDay, startOfDay } from '../../lib/days';
import { usePagedFeed, type PagedFeed } from '../../lib/usePagedFeed';

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

/**
 * The Activity feed with its filters, newest first, a page at a time. Changes from a sync or
 * an edit refresh what is shown (at most every 2 s), unless the person jumped to a date.
 */
export function useActivity(filters: ActivityFilters): PagedFeed<ActivityItem> {
  const query = activityQuery(filters);
  const key = JSON.stringify(query);
  const fetchPage = useCallback(
    (cursor: string | null, limit: number) => api.call('activity.page', { ...(JSON.parse(key) as ReturnType<typeof activityQuery>), cursor, limit }),
    [key],
  );
  const feed = usePagedFeed(key, fetchPage);
  const live = filters.jumpDay === null;
  const { reload } = feed;
  useReloadOn(
    useCallback(() => live && reload(), [live, reload]),
    (event) => event.type === 'contacts.changed' || event.type === 'notes.changed' || event.type === 'followUps.changed' || event.type === 'workspace.changed',
    2000,
  );
  return feed;
}
