/**
 * The renderer's UI state (zustand): the current view, the contact list's query (search,
 * sort, filters) and selection, the detail tab. Data from the core is not kept here: it is
 * fetched by the hooks next to the views that show it.
 */
import { create } from 'zustand';
import type { Sort, SortKey } from '../../../preload/contract';
import { parseLocation, type SyncTab, type View } from './location';

export { SYNC_TABS, VIEWS, type SyncTab, type View } from './location';

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
  /** The list shown on the Sync page. */
  syncTab: SyncTab;
  /** The "Connect to workspace" dialog, opened from several places (prefilled to reconnect). */
  connectDialog: { opened: boolean; serviceUrl: string | null };

  setView(view: View): void;
  setSearch(search: string): void;
  toggleSort(key: SortKey): void;
  setFilter(kind: FacetKind, values: string[]): void;
  clearFilters(): void;
  select(id: string | null): void;
  setDetailTab(tab: DetailTab): void;
  setShortcutsOpen(open: boolean): void;
  bumpTimeline(): void;
  /** Shows a contact's details in the contacts view (from a link elsewhere). */
  openContact(id: string): void;
  openSync(tab?: SyncTab): void;
  openConnect(serviceUrl?: string | null): void;
  closeConnect(): void;
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
  syncTab: initial?.syncTab ?? 'conflicts',
  connectDialog: { opened: false, serviceUrl: null },

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
  openContact: (selectedId) => set({ view: 'contacts', selectedId, detailTab: 'details' }),
  openSync: (tab) => set(({ syncTab }) => ({ view: 'sync', syncTab: tab ?? syncTab })),
  openConnect: (serviceUrl = null) => set({ connectDialog: { opened: true, serviceUrl } }),
  closeConnect: () => set(({ connectDialog }) => ({ connectDialog: { ...connectDialog, opened: false } })),
}));

export function activeFilterCount(filters: Filters): number {
  return filters.countries.length + filters.sources.length + filters.tags.length;
}
