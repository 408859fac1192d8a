/**
 * The Analytics page's data: the scope from the page's view, one resource per figure (asked
 * for in parallel, each card on its own), and one refresh signal that every figure follows
 * when the data changes (a sync or a bulk edit is one refresh, not hundreds).
 */
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { create } from 'zustand';
import type { AnalyticsBucketSize, AnalyticsScopeInput, AppEvent, DrillTarget } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';
import { effectiveBucket, isRangeError, rangeOf } from './analyticsModel';
import { useAnalyticsView } from './analyticsView';

export const VIEWER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const REFRESH_DELAY_MS = 1500;

/** Bumped when the data behind the figures changed; `at` is when the figures were last asked for. */
export const useAnalyticsRefresh = create<{ tick: number; at: number; bump(): void; loaded(): void }>()((set) => ({
  tick: 0,
  at: Date.now(),
  bump: () => set((s) => ({ tick: s.tick + 1 })),
  loaded: () => set({ at: Date.now() }),
}));

/** The events after which a figure may be different. */
export function changesFigures(event: AppEvent, lastSyncAt: { current: string | null }): boolean {
  if (event.type === 'contacts.changed' || event.type === 'workspace.changed' || event.type === 'fields.changed' || event.type === 'segments.changed') return true;
  // The rollups have just been built: the figures now come from them (the same numbers, and "preparing" goes).
  if (event.type === 'progress' && event.job === 'analytics') return event.done >= event.total;
  if (event.type === 'sync.status') {
    // A finished sync may have pulled changes (erasures, conversations) that raise no other event.
    const changed = event.status.lastSyncAt !== null && event.status.lastSyncAt !== lastSyncAt.current;
    lastSyncAt.current = event.status.lastSyncAt;
    return changed;
  }
  return false;
}

/**
 * Mounted once by the page: turns data changes into one refresh, 1.5 s after the first of a
 * burst. Not a debounce that waits for quiet: live chat activity may never be quiet.
 */
export function useAnalyticsAutoRefresh(): void {
  const bump = useAnalyticsRefresh((s) => s.bump);
  const lastSyncAt = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useAppEvent((event) => {
    if (!changesFigures(event, lastSyncAt) || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      bump();
    }, REFRESH_DELAY_MS);
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
}

export interface Scope {
  scope: AnalyticsScopeInput | null;
  rangeError: string | null;
  key: string;
  /** Day or week as chosen, weeks when the range has too many days. */
  bucket: AnalyticsBucketSize;
  /** The range is too long for days. */
  daysTooMany: boolean;
}

export function useAnalyticsScope(): Scope {
  const range = useAnalyticsView((s) => s.range);
  const segment = useAnalyticsView((s) => s.segment);
  const chosen = useAnalyticsView((s) => s.bucket);
  return useMemo(() => {
    const resolved = rangeOf(range);
    if (isRangeError(resolved)) return { scope: null, rangeError: resolved.error, key: 'invalid', bucket: chosen, daysTooMany: false };
    const scope: AnalyticsScopeInput = { range: resolved, timeZone: VIEWER_TIME_ZONE, ...(segment ? { segment } : {}) };
    const daysTooMany = effectiveBucket(resolved, 'day') === 'week';
    return { scope, rangeError: null, key: JSON.stringify(scope), bucket: daysTooMany ? 'week' : chosen, daysTooMany };
  }, [range, segment, chosen]);
}

export interface Figure<T> {
  /** This scope's answer, or the previous scope's until it arrives (no flash of skeletons). */
  data: T | undefined;
  /** Nothing to show yet: the first load. */
  loading: boolean;
  /** Showing an older answer while a newer loads. */
  stale: boolean;
  error: Error | undefined;
  retry(): void;
}

/** One figure, keyed by what it asks; reloaded in place on the page's refresh signal. */
export function useFigure<T>(key: string | null, load: () => Promise<T>): Figure<T> {
  const resource = useResource(key, load);
  const tick = useAnalyticsRefresh((s) => s.tick);
  // Each refresh once: a new key (whose reload is new too) loads by itself.
  const handled = useRef(tick);
  const { reload } = resource;
  useEffect(() => {
    if (tick === handled.current) return;
    handled.current = tick;
    reload();
  }, [tick, reload]);
  const shown = useRef<T | undefined>(undefined);
  if (resource.data !== undefined) shown.current = resource.data;
  // A different figure entirely (another field) must not show the last one's data.
  const family = key?.split('|')[0];
  const lastFamily = useRef(family);
  if (family !== lastFamily.current) {
    lastFamily.current = family;
    if (resource.data === undefined) shown.current = undefined;
  }
  const data = resource.data ?? (resource.error ? undefined : shown.current);
  return {
    data,
    loading: data === undefined && resource.loading,
    stale: resource.data === undefined && data !== undefined,
    error: resource.error,
    retry: reload,
  };
}

/** Opens the contact list filtered to the contacts behind a figure. */
export function useDrill(): (target: DrillTarget) => void {
  const { scope } = useAnalyticsScope();
  const drillInto = useListView((s) => s.drillInto);
  const setView = useUi((s) => s.setView);
  return useCallback(
    (target: DrillTarget) => {
      if (!scope) return;
      api
        .call('analytics.drillFilter', { scope, target })
        .then(({ filter, label }) => {
          drillInto({ filter, label });
          setView('contacts');
        })
        .catch((error: unknown) => {
          notifications.show({ color: 'red', title: 'The contacts could not be opened', message: error instanceof Error ? error.message : String(error) });
        });
    },
    [scope, drillInto, setView],
  );
}
