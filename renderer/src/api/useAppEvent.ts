import { useEffect, useRef } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';
import type { AppEvent } from '../../../preload/contract';
import { api } from './client';

/** Calls `handler` for every event from the core while the component is mounted. */
export function useAppEvent(handler: (event: AppEvent) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => api.onEvent((event) => latest.current(event)), []);
}

/** True when a contacts.changed event concerns this contact (or all contacts). */
export function concernsContact(event: AppEvent, id: string | null): boolean {
  if (event.type === 'workspace.changed') return true;
  if (event.type !== 'contacts.changed' || id === null) return false;
  return event.ids === null || event.ids.includes(id);
}

/** Any change to contacts or the workspace (what counts, facets and the like depend on). */
export const CONTACTS_OR_WORKSPACE = (event: AppEvent): boolean => event.type === 'contacts.changed' || event.type === 'workspace.changed';

/** Reloads on the events `when` picks, at most once per `debounceMs` (a burst of edits, a sync). */
export function useReloadOn(reload: () => void, when: (event: AppEvent) => boolean, debounceMs: number): void {
  const debounced = useDebouncedCallback(reload, debounceMs);
  useAppEvent((event) => {
    if (when(event)) debounced();
  });
}
