/**
 * The contact list's selection for bulk actions: chosen rows (by id), or every contact that
 * matches the list's query. It belongs to one query: a new search or filter clears it. The
 * rows on screen are kept here too, for "Select all on screen" and shift-click ranges.
 */
import { create } from 'zustand';

export interface ScreenRow {
  index: number;
  id: string;
}

interface SelectionState {
  /** The list query the selection belongs to (useContactQuery's key). */
  queryKey: string | null;
  ids: ReadonlySet<string>;
  /** Every contact matching the query, on screen or not. */
  allMatching: boolean;
  /** The row last clicked, where a shift-click range starts. */
  anchor: number | null;
  screen: readonly ScreenRow[];

  toggle(id: string, index: number, range: boolean): void;
  setScreen(rows: readonly ScreenRow[]): void;
  selectScreen(selected: boolean): void;
  selectAllMatching(): void;
  clear(): void;
  /** Keeps the selection for the same query, clears it for a new one. */
  keepFor(key: string): void;
}

const NONE: ReadonlySet<string> = new Set();

export const useSelection = create<SelectionState>()((set, get) => ({
  queryKey: null,
  ids: NONE,
  allMatching: false,
  anchor: null,
  screen: [],

  toggle: (id, index, range) => {
    const { ids, anchor, screen, allMatching } = get();
    // Leaving "all matching" for rows: start from the rows on screen.
    const next = new Set(allMatching ? screen.map((r) => r.id) : ids);
    const selecting = allMatching ? false : !next.has(id);
    const from = range && anchor !== null ? Math.min(anchor, index) : index;
    const to = range && anchor !== null ? Math.max(anchor, index) : index;
    const inRange = range && anchor !== null ? screen.filter((r) => r.index >= from && r.index <= to).map((r) => r.id) : [];
    for (const rowId of inRange.length > 0 ? inRange : [id]) {
      if (selecting) next.add(rowId);
      else next.delete(rowId);
    }
    set({ ids: next, allMatching: false, anchor: index });
  },
  setScreen: (rows) => set({ screen: rows }),
  selectScreen: (selected) => {
    const { ids, screen } = get();
    const next = new Set(ids);
    for (const row of screen) {
      if (selected) next.add(row.id);
      else next.delete(row.id);
    }
    set({ ids: next, allMatching: false });
  },
  selectAllMatching: () => set({ allMatching: true, ids: NONE }),
  clear: () => set({ ids: NONE, allMatching: false, anchor: null }),
  keepFor: (key) => {
    if (get().queryKey !== key) set({ queryKey: key, ids: NONE, allMatching: false, anchor: null });
  },
}));

/** Whether this row is chosen (directly or as one of all matching). */
export function useRowSelected(id: string): boolean {
  return useSelection((s) => s.allMatching || s.ids.has(id));
}
