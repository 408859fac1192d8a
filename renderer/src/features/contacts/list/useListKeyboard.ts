import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isTyping } from '../../../app/useGlobalShortcuts';
import { useUi } from '../../../state/ui';
import type { PageCache } from './pageCache';

/** How long the detail waits while the cursor moves, so holding J does not load every contact. */
const FOLLOW_DELAY_MS = 90;

/**
 * The list's keyboard: ↑/↓ (list focused) and J/K (anywhere but a text field) move a cursor;
 * with a contact open the detail follows the cursor, otherwise Enter opens it; Esc closes.
 */
export function useListKeyboard({
  cache,
  rowCount,
  virtualizer,
  version,
}: {
  cache: PageCache;
  rowCount: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  version: number;
}) {
  const [active, setActive] = useState(-1);
  const selectedId = useUi((s) => s.selectedId);
  const select = useUi((s) => s.select);
  const follow = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Keep the cursor on the selected contact when rows reload or the query changes.
  useEffect(() => {
    if (!selectedId) return;
    if (cache.row(active)?.id === selectedId) return;
    const index = cache.indexOf(selectedId);
    if (index >= 0) setActive(index);
  }, [cache, version, selectedId, active]);

  const move = useCallback(
    (to: number) => {
      if (rowCount === 0) return;
      const next = Math.max(0, Math.min(rowCount - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
      if (useUi.getState().selectedId !== null) {
        if (follow.current) clearTimeout(follow.current);
        follow.current = setTimeout(() => {
          const contact = cache.row(next);
          if (contact) select(contact.id);
        }, FOLLOW_DELAY_MS);
      }
    },
    [cache, rowCount, select, virtualizer],
  );

  const open = useCallback(() => {
    const contact = cache.row(active < 0 ? 0 : active);
    if (contact) {
      if (active < 0) setActive(0);
      select(contact.id);
    }
  }, [active, cache, select]);

  const page = Math.max(1, Math.floor((virtualizer.scrollRect?.height ?? 320) / 32) - 1);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const keys: Record<string, () => void> = {
        ArrowDown: () => move(active + 1),
        ArrowUp: () => move(active - 1),
        PageDown: () => move(active + page),
        PageUp: () => move(active - page),
        Home: () => move(0),
        End: () => move(rowCount - 1),
        Enter: open,
      };
      const action = keys[event.key];
      if (action && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        action();
      }
    },
    [active, move, open, page, rowCount],
  );

  // J / K and Esc work wherever the focus is, except in text fields and dialogs.
  useEffect(() => {
    const onWindowKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === 'j') move(active + 1);
      else if (event.key === 'k') move(active - 1);
      else if (event.key === 'Escape' && useUi.getState().selectedId) select(null);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onWindowKey);
    return () => window.removeEventListener('keydown', onWindowKey);
  }, [active, move, select]);

  useEffect(() => () => {
    if (follow.current) clearTimeout(follow.current);
  }, []);

  return { active, setActive, onKeyDown };
}
