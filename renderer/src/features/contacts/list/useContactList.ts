import { useDebouncedCallback, useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ContactFilter } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { useAppEvent } from '../../../api/useAppEvent';
import { useResource, type Resource } from '../../../api/useResource';
import { combineWithDrill, EMPTY_TREE, filterOfView, NO_FILTERS, useCurrentView, useListView } from '../../../state/listView';
import { useUi } from '../../../state/ui';
import { PAGE_SIZE, PageCache, type ContactQuery, type ListPage } from './pageCache';

/**
 * Typing waits this long for the next key before asking: the core answers a search in a few ms
 * even at a million contacts, so the wait only coalesces fast typing (results within 100 ms of
 * the last key is the target, see bench/bench-ui.ts).
 */
export const SEARCH_DEBOUNCE_MS = 20;
const FILTER_DEBOUNCE_MS = 250;
const COUNT_DEBOUNCE_MS = 150;

const normalised = (search: string) => search.trim().slice(0, 200);

/**
 * The search box's text once typing pauses. Subscribed outside React's render, so a keystroke
 * re-renders only the box, not the list around it (the list changes when the query does).
 */
function useDebouncedSearch(): string {
  const [value, setValue] = useState(() => normalised(useUi.getState().search));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useUi.subscribe((state, previous) => {
      if (state.search === previous.search) return;
      clearTimeout(timer);
      timer = setTimeout(() => setValue(normalised(state.search)), SEARCH_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return value;
}

/** The list's query from the UI state, with the search debounced while typing. */
export function useContactQuery(): { query: ContactQuery; key: string; searching: boolean } {
  const debounced = useDebouncedSearch();
  const view = useCurrentView();
  const listId = useListView((s) => (s.open?.segment.kind === 'list' ? s.open.segment.id : null));
  const drill = useListView((s) => s.drill);
  // Conditions are typed into, like the search: wait for a pause before asking again. The
  // quick filters and the sort are clicks and apply at once.
  const [whereKey] = useDebouncedValue(JSON.stringify(filterOfView({ facets: NO_FILTERS, where: view.where }).where ?? null), FILTER_DEBOUNCE_MS);
  const facetsKey = JSON.stringify(filterOfView({ facets: view.facets, where: EMPTY_TREE }));
  const sort = view.sort;
  return useMemo(() => {
    const filter: ContactFilter = { ...(JSON.parse(facetsKey) as ContactFilter) };
    const where = JSON.parse(whereKey) as ContactFilter['where'] | null;
    if (where) filter.where = where;
    if (debounced) filter.search = debounced;
    if (listId) filter.segment = listId;
    const query = { sort, filter: combineWithDrill(filter, drill?.filter ?? null) };
    return { query, key: JSON.stringify(query), searching: Boolean(debounced) };
  }, [debounced, sort, facetsKey, whereKey, listId, drill]);
}

const listPage: ListPage = (query, at, limit) => api.call('contacts.list', { sort: query.sort, filter: query.filter, limit, ...at });

export interface ContactList {
  /** The rows on screen: the query's, or the previous query's until the new ones arrive. */
  cache: PageCache;
  count: Resource<{ count: number; capped: boolean }>;
  /** The current query's answer is on screen (its first rows, or none to show). */
  ready: boolean;
  /** Nothing matches the current query (its own count says so). */
  empty: boolean;
  /** The count on show is not this query's yet. */
  counting: boolean;
  /** Rows the list shows: the count, or fewer where the last page came back short. */
  rowCount: number;
  /** Changes whenever rows arrive, so the list re-renders. */
  version: number;
}

/** Count and rows for the current query, kept fresh by contacts.changed events. */
export function useContactList(query: ContactQuery, key: string): ContactList {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  // `key` is the identity of `query`: a new key, a new cache.
  const cache = useMemo(() => new PageCache(query, listPage, bump), [key]);
  // A new query asks for its first page at once, before its count (the worker answers in
  // order, and a broad search's count takes longer than its first page); until the page
  // arrives the list keeps showing the previous rows (no flash of placeholders while typing,
  // and one render instead of two).
  useEffect(() => {
    cache.ensure(0, PAGE_SIZE - 1);
  }, [cache]);
  // The count follows a pause in the changes: while someone types, each keystroke's first page
  // goes to the worker without waiting behind the previous keystroke's count.
  const filterKey = JSON.stringify(query.filter);
  const [countKey] = useDebouncedValue(filterKey, COUNT_DEBOUNCE_MS);
  const count = useResource(`count:${countKey}`, () => api.call('contacts.count', { filter: JSON.parse(countKey) as ContactFilter }));
  const countCurrent = countKey === filterKey;

  // A new query gets a new cache; the old one ignores answers still on their way.
  useEffect(() => {
    cache.activate();
    return () => cache.dispose();
  }, [cache]);

  // A changed total means rows moved: reload every visible page.
  // Only a change of the same query's total: a new query's first count is no reason to load
  // its rows twice.
  const lastCount = useRef<{ cache: PageCache; count: number } | undefined>(undefined);
  useEffect(() => {
    const value = count.data?.count;
    if (value === undefined) return;
    const last = lastCount.current;
    if (last && last.cache === cache && last.count !== value) cache.invalidate(null);
    lastCount.current = { cache, count: value };
  }, [count.data?.count, cache]);

  const reloadCount = useDebouncedCallback(count.reload, 250);
  useAppEvent((event) => {
    if (event.type === 'contacts.changed') {
      cache.invalidate(event.ids);
      reloadCount();
    } else if (event.type === 'workspace.changed') {
      cache.invalidate(null);
      reloadCount();
    }
  });

  const ready = cache.row(0) !== undefined || cache.endsAt === 0 || cache.error !== null || (countCurrent && count.data?.count === 0);
  const shown = useRef<{ cache: PageCache; count: { count: number; capped: boolean } | undefined } | null>(null);
  if (ready || shown.current === null) shown.current = { cache, count: countCurrent ? count.data : undefined };
  const onScreen = ready ? cache : shown.current.cache;

  // Until the count arrives, the rows that did are shown (a page of them, or fewer if it came
  // back short): results appear as soon as the list has them.
  // A count of an earlier query says nothing about these rows: until this query's arrives,
  // the rows loaded tell how many to show.
  const counted = ready ? (countCurrent ? count.data?.count : undefined) : shown.current.count?.count;
  const total = counted ?? (onScreen.row(0) !== undefined ? (onScreen.endsAt ?? PAGE_SIZE) : 0);
  const rowCount = onScreen.endsAt !== null ? Math.min(total, onScreen.endsAt) : total;
  return { cache: onScreen, count, counting: !countCurrent || count.loading, empty: ready && countCurrent && count.data?.count === 0, ready, rowCount, version };
}
