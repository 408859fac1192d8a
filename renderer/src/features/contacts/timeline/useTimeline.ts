import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineItem, TimelineKind } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { concernsContact, useAppEvent } from '../../../api/useAppEvent';
import { useUi } from '../../../state/ui';

const PAGE = 30;

export interface Timeline {
  items: TimelineItem[];
  loading: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/**
 * A contact's timeline, newest first, a page at a time (`loadMore` near the bottom). A change
 * to the contact or its notes reloads the pages already shown, so nothing jumps away.
 */
export function useTimeline(contactId: string, kinds: TimelineKind[] | undefined): Timeline {
  const [state, setState] = useState<{ items: TimelineItem[]; cursor: string | null; done: boolean; loading: boolean; error: Error | null }>({
    items: [],
    cursor: null,
    done: false,
    loading: true,
    error: null,
  });
  const generation = useRef(0);
  const busy = useRef(false);
  const kindsKey = kinds?.join(',') ?? '';
  const revision = useUi((s) => s.timelineRevision);

  /** Loads `pages` pages from the start (a reload keeps as many as were shown). */
  const loadFrom = useCallback(
    async (cursor: string | null, append: boolean, limit = PAGE) => {
      const id = ++generation.current;
      busy.current = true;
      setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const page = await api.call('timeline.page', { contactId, kinds: kindsKey ? (kindsKey.split(',') as TimelineKind[]) : undefined, cursor, limit });
        if (id !== generation.current) return;
        setState((s) => ({ items: append ? [...s.items, ...page.items] : page.items, cursor: page.nextCursor, done: page.nextCursor === null, loading: false, error: null }));
      } catch (error) {
        if (id !== generation.current) return;
        setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error : new Error(String(error)) }));
      } finally {
        if (id === generation.current) busy.current = false;
      }
    },
    [contactId, kindsKey],
  );

  useEffect(() => {
    setState({ items: [], cursor: null, done: false, loading: true, error: null });
    void loadFrom(null, false);
  }, [loadFrom]);

  const shown = useRef(0);
  shown.current = state.items.length;
  const reload = useCallback(() => void loadFrom(null, false, Math.min(200, Math.max(PAGE, shown.current))), [loadFrom]);

  const firstRevision = useRef(revision);
  useEffect(() => {
    if (revision !== firstRevision.current) reload();
  }, [revision, reload]);
  useAppEvent((event) => {
    if ((event.type === 'notes.changed' && event.contactId === contactId) || concernsContact(event, contactId)) reload();
  });

  const loadMore = useCallback(() => {
    if (busy.current || state.done || state.error) return;
    void loadFrom(state.cursor, true);
  }, [loadFrom, state.cursor, state.done, state.error]);

  return { items: state.items, loading: state.loading, error: state.error, hasMore: !state.done, loadMore, reload };
}
