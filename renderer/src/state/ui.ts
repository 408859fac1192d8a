/**
 * The renderer's UI state (zustand): the current view, the contact list's query (search,
 * sort, filters) and selection, the detail tab. Data from the core is not kept here: it is
 * fetched by the hooks next to the views that show it.
 */
import { create } from 'zustand';
import type { Sort, SortKey } from '../../../preload/contract';
import { parseLocation, type View } from './location';

export { VIEWS, type View } from './location';

export type FacetKind = 'countries' | 'sources' | 'tags';
export type Filters = Record<FacetKind, string[]>;
export type DetailTab = 'details' | 'timeline' | 'notes';

export const DEFAULT_SORT: Sort = { key: 'last_seen_at', dir: 'desc' };
const NO_FILTERS: Filters = { countries: [], sources: [], tags: [] };

interface UiState {
  view: View;
  /** What is typed in the header's search box; the list debounces it. */
  search: string;
  sort: Sort;
  filters: Filters;
  selectedId: string | null;
  detailTab: DetailTab;
  shortcutsOpen: boolean;
  /** Bumped when something the renderer did should refresh a contact's timeline and notes. */
  timelineRevision: number;

  setView(view: View): void;
  setSearch(search: string): void;
  toggleSort(key: SortKey): void;
  setFilter(kind: FacetKind, values: string[]): void;
  clearFilters(): void;
  select(id: string | null): void;
  setDetailTab(tab: DetailTab): void;
  setShortcutsOpen(open: boolean): void;
  bumpTimeline(): void;
}

/** Text columns read best A→Z first; dates newest first. */
const FIRST_DIR: Record<SortKey, Sort['dir']> = {
  name: 'asc',
  email: 'asc',
  country: 'asc',
  source: 'asc',
  created_at: 'desc',
  updated_at: 'desc',
  last_seen_at: 'desc',
};

const initial = typeof window !== 'undefined' ? parseLocation(window.location.hash) : null;

export const useUi = create<UiState>()((set) => ({
  view: initial?.view ?? 'contacts',
  search: '',
  sort: DEFAULT_SORT,
  filters: NO_FILTERS,
  selectedId: initial?.selectedId ?? null,
  detailTab: 'details',
  shortcutsOpen: false,
  timelineRevision: 0,

  setView: (view) => set({ view }),
  setSearch: (search) => set({ search, view: 'contacts' }),
  toggleSort: (key) =>
    set(({ sort }) => ({
      sort: sort.key === key ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: FIRST_DIR[key] },
    })),
  setFilter: (kind, values) => set(({ filters }) => ({ filters: { ...filters, [kind]: values } })),
  clearFilters: () => set({ filters: NO_FILTERS }),
  select: (selectedId) => set({ selectedId }),
  setDetailTab: (detailTab) => set({ detailTab }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  bumpTimeline: () => set(({ timelineRevision }) => ({ timelineRevision: timelineRevision + 1 })),
}));

export function activeFilterCount(filters: Filters): number {
  return filters.countries.length + filters.sources.length + filters.tags.length;
}
