import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedFeed<T> {
  items: T[];
  loading: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore(): void;
  /** Loads again from the start, as many items as are shown (so nothing jumps away). */
  reload(): void;
}

const MAX_RELOAD = 200;

/**
 * A list read newest first a keyset page at a time (`loadMore` near its end). A new `key`
 * (other filters, another contact) starts over; an answer to an older key is dropped.
 */
export function usePagedFeed<T>(key: string, fetchPage: (cursor: string | null, limit: number) => Promise<PageOf<T>>, pageSize = 30): PagedFeed<T> {
  const [state, setState] = useState<{ items: T[]; cursor: string | null; done: boolean; loading: boolean; error: Error | null }>({
    items: [],
    cursor: null,
    done: false,
    loading: true,
    error: null,
  });
  const generation = useRef(0);
  const busy = useRef(false);
  const fetchLatest = useRef(fetchPage);
  fetchLatest.current = fetchPage;

  const loadFrom = useCallback(
    async (cursor: string | null, append: boolean, limit: number) => {
      const id = ++generation.current;
      busy.current = true;
      setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const page = await fetchLatest.current(cursor, limit);
        if (id !== generation.current) return;
        setState((s) => ({ items: append ? [...s.items, ...page.items] : page.items, cursor: page.nextCursor, done: page.nextCursor === null, loading: false, error: null }));
      } catch (error) {
        if (id !== generation.current) return;
        setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error : new Error(String(error)) }));
      } finally {
        if (id === generation.current) busy.current = false;
      }
    },
    // `key` names everything the fetcher depends on: a new key starts over.
    [key],
  );

  useEffect(() => {
    setState({ items: [], cursor: null, done: false, loading: true, error: null });
    void loadFrom(null, false, pageSize);
  }, [loadFrom, pageSize]);

  const shown = useRef(0);
  shown.current = state.items.length;
  const reload = useCallback(() => void loadFrom(null, false, Math.min(MAX_RELOAD, Math.max(pageSize, shown.current))), [loadFrom, pageSize]);

  const loadMore = useCallback(() => {
    if (busy.current || state.done || state.error) return;
    void loadFrom(state.cursor, true, pageSize);
  }, [loadFrom, pageSize, state.cursor, state.done, state.error]);

  return { items: state.items, loading: state.loading, error: state.error, hasMore: !state.done, loadMore, reload };
}
