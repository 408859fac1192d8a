import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { Segment } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';
import { useListView } from '../../state/listView';

interface SegmentsState {
  segments: Segment[] | null;
  /** Members per segment id; filled after the list (broad filters take a moment to count). */
  counts: Record<string, { count: number; capped: boolean }>;
  error: string | null;
  load(): Promise<void>;
  loadCounts(): Promise<void>;
}

/** The saved segments and lists with their live counts, shared by the sidebar, toolbar and page. */
export const useSegments = create<SegmentsState>()((set) => ({
  segments: null,
  counts: {},
  error: null,
  load: async () => {
    try {
      const segments = await api.call('segments.list', {});
      set({ segments, error: null });
      // The open segment may have been renamed or changed elsewhere.
      const open = useListView.getState().open;
      const fresh = open && segments.find((s) => s.id === open.segment.id);
      if (open && !fresh) useListView.getState().openAll();
      else if (fresh) useListView.getState().segmentSaved(fresh);
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
  loadCounts: async () => {
    try {
      const counts = await api.call('segments.counts', {});
      set({ counts: Object.fromEntries(counts.map((c) => [c.id, { count: c.count, capped: c.capped }])) });
    } catch {
      // Counts are a nicety: the sidebar shows none rather than an error.
    }
  },
}));

/** Loads segments once and keeps them and their counts current (mounted once, in the frame). */
export function useSegmentsSync(): void {
  const load = useSegments((s) => s.load);
  const loadCounts = useSegments((s) => s.loadCounts);
  const both = useCallback(() => {
    void load().then(loadCounts);
  }, [load, loadCounts]);
  useEffect(both, [both]);
  useReloadOn(both, (event) => event.type === 'segments.changed' || event.type === 'workspace.changed', 100);
  // Members of saved filters change with the contacts: recount after a quiet moment.
  useReloadOn(loadCounts, (event) => event.type === 'contacts.changed', 1500);
}
