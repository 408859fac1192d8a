/**
 * How the contact list is shown: its columns (order and widths), sort, quick filters and the
 * filter builder's conditions, and which segment is open. "All contacts" remembers its view
 * in localStorage; a segment's view is saved with the segment (useSegmentViewSync). Kept apart
 * from ui.ts so the list's many small changes do not re-render the rest of the app.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ContactFilter, FilterTree, ListSortKey, SavedView, Segment, Sort } from '../../../preload/contract';

export type FacetKind = 'countries' | 'sources' | 'tags';
export type Filters = Record<FacetKind, string[]>;
export interface ColumnSetting {
  id: string;
  width: number;
}

export interface ListViewState {
  columns: ColumnSetting[];
  sort: Sort;
  facets: Filters;
  where: FilterTree;
}

/** Where the list was opened from by a click on a figure (Analytics): a filter ANDed with the view's own. */
export interface ListDrill {
  label: string;
  filter: ContactFilter;
}

export const DEFAULT_SORT: Sort = { key: 'last_seen_at', dir: 'desc' };
export const NO_FILTERS: Filters = { countries: [], sources: [], tags: [] };
export const EMPTY_TREE: FilterTree = { match: 'all', items: [] };
/** The most used first: at 1280 px what fits is name to tags; phone and city are a scroll away. */
export const DEFAULT_COLUMNS: ColumnSetting[] = [
  { id: 'name', width: 230 },
  { id: 'email', width: 230 },
  { id: 'country', width: 140 },
  { id: 'source', width: 110 },
  { id: 'lastSeen', width: 120 },
  { id: 'tags', width: 190 },
  { id: 'phone', width: 150 },
  { id: 'city', width: 130 },
];
export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 800;

const HOME: ListViewState = { columns: DEFAULT_COLUMNS, sort: DEFAULT_SORT, facets: NO_FILTERS, where: EMPTY_TREE };

interface ListViewStore {
  /** "All contacts": remembered on this device. */
  home: ListViewState;
  /** The open segment's working view, or null for "All contacts". */
  open: { segment: Segment; view: ListViewState } | null;
  /** A figure's contacts (shown as a chip above the list); not remembered across restarts. */
  drill: ListDrill | null;

  toggleSort(key: ListSortKey): void;
  setFacet(kind: FacetKind, values: string[]): void;
  setWhere(where: FilterTree): void;
  clearFilters(): void;
  setColumns(columns: ColumnSetting[]): void;
  resizeColumn(id: string, width: number): void;
  resetColumns(): void;
  openSegment(segment: Segment): void;
  /** The segment was saved (or renamed) elsewhere: keep the working view, refresh the record. */
  segmentSaved(segment: Segment): void;
  openAll(): void;
  /** Opens "All contacts" narrowed to a figure's contacts (the person's own filters still apply). */
  drillInto(drill: ListDrill): void;
  clearDrill(): void;
}

/** Text columns read best A→Z first; dates and counts biggest first. */
function firstDirection(key: ListSortKey): Sort['dir'] {
  return ['created_at', 'updated_at', 'last_seen_at', 'first_seen_at', 'conversation_count'].includes(key) ? 'desc' : 'asc';
}

function update(state: ListViewStore, change: (view: ListViewState) => Partial<ListViewState>): Partial<ListViewStore> {
  if (state.open) return { open: { ...state.open, view: { ...state.open.view, ...change(state.open.view) } } };
  return { home: { ...state.home, ...change(state.home) } };
}

/** A segment's saved view and filter as a working view. */
export function viewOfSegment(segment: Segment): ListViewState {
  const filter = segment.kind === 'filter' ? segment.filter : {};
  return {
    columns: segment.view.columns?.length ? segment.view.columns : DEFAULT_COLUMNS,
    sort: segment.view.sort ?? DEFAULT_SORT,
    facets: { countries: filter.countries ?? [], sources: filter.sources ?? [], tags: filter.tags ?? [] },
    where: filter.where ?? EMPTY_TREE,
  };
}

export const useListView = create<ListViewStore>()(
  persist(
    (set) => ({
      home: HOME,
      open: null,
      drill: null,
      toggleSort: (key) =>
        set((s) =>
          update(s, ({ sort }) => ({ sort: sort.key === key ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: firstDirection(key) } })),
        ),
      setFacet: (kind, values) => set((s) => update(s, ({ facets }) => ({ facets: { ...facets, [kind]: values } }))),
      setWhere: (where) => set((s) => update(s, () => ({ where }))),
      clearFilters: () => set((s) => update(s, () => ({ facets: NO_FILTERS, where: EMPTY_TREE }))),
      setColumns: (columns) => set((s) => update(s, () => ({ columns }))),
      resizeColumn: (id, width) =>
        set((s) =>
          update(s, ({ columns }) => ({
            columns: columns.map((c) => (c.id === id ? { ...c, width: Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width))) } : c)),
          })),
        ),
      resetColumns: () => set((s) => update(s, () => ({ columns: DEFAULT_COLUMNS }))),
      openSegment: (segment) => set({ open: { segment, view: viewOfSegment(segment) }, drill: null }),
      // An answer that left before a later save may arrive after it: keep the newest record.
      segmentSaved: (segment) =>
        set((s) => (s.open && s.open.segment.id === segment.id && segment.updatedAt >= s.open.segment.updatedAt ? { open: { ...s.open, segment } } : {})),
      openAll: () => set({ open: null, drill: null }),
      drillInto: (drill) => set({ open: null, drill }),
      clearDrill: () => set({ drill: null }),
    }),
    {
      name: 'nexvio.listView',
      storage: createJSONStorage(() => localStorage),
      version: 1,
      partialize: (s) => ({ home: s.home }),
      // A stored view from an older app may name a sort this one lacks: fall back to the default.
      merge: (persisted, current) => {
        const home = (persisted as { home?: Partial<ListViewState> } | undefined)?.home;
        if (!home) return current;
        return { ...current, home: { ...HOME, ...home, columns: home.columns?.length ? home.columns : DEFAULT_COLUMNS } };
      },
    },
  ),
);

/** The view on screen: the open segment's or "All contacts". */
export function useCurrentView(): ListViewState {
  return useListView((s) => s.open?.view ?? s.home);
}

/**
 * One part of the view on screen. A component that needs only the columns is not re-rendered
 * by a sort or a filter (the parts keep their identity until they change).
 */
export function useViewPart<K extends keyof ListViewState>(key: K): ListViewState[K] {
  return useListView((s) => (s.open?.view ?? s.home)[key]);
}

export function activeFilterCount(view: Pick<ListViewState, 'facets' | 'where'>): number {
  return view.facets.countries.length + view.facets.sources.length + view.facets.tags.length + countConditions(view.where);
}

export function countConditions(tree: FilterTree): number {
  return tree.items.reduce((n, item) => n + ('conditions' in item ? item.conditions.length : 1), 0);
}

/** The filter of a view as a contract filter (incomplete conditions left out), without the search. */
export function filterOfView(view: Pick<ListViewState, 'facets' | 'where'>): ContactFilter {
  const filter: ContactFilter = {};
  if (view.facets.countries.length) filter.countries = view.facets.countries;
  if (view.facets.sources.length) filter.sources = view.facets.sources;
  if (view.facets.tags.length) filter.tags = view.facets.tags;
  const where = completeTree(view.where);
  if (where.items.length) filter.where = where;
  return filter;
}

type Condition = Extract<FilterTree['items'][number], { field: string }>;

/** A condition is complete when it has the value its operator needs. */
export function isComplete(condition: Condition): boolean {
  if (['is_true', 'is_false', 'is_empty', 'is_not_empty'].includes(condition.op)) return true;
  const { value } = condition;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '';
}

export function completeTree(tree: FilterTree): FilterTree {
  const items: FilterTree['items'] = [];
  for (const item of tree.items) {
    if ('conditions' in item) {
      const conditions = item.conditions.filter(isComplete);
      if (conditions.length) items.push({ ...item, conditions });
    } else if (isComplete(item)) {
      items.push(item);
    }
  }
  return { match: tree.match, items };
}

/** What a segment saves of a working view. */
export function savedViewOf(view: ListViewState): SavedView {
  return { columns: view.columns, sort: view.sort };
}

/**
 * The list's filter with a drill-down's ANDed in. The drill's filter uses its top-level `where`
 * (match all), `segment`, `conversations` and `invalid`; the person's conditions keep their
 * meaning inside it. A filter is two levels deep at most, so the person's "any of" tree with
 * groups is distributed over the drill's conditions instead of nested.
 */
export function combineWithDrill(filter: ContactFilter, drill: ContactFilter | null): ContactFilter {
  if (!drill) return filter;
  const combined: ContactFilter = { ...filter };
  if (drill.segment !== undefined) combined.segment = drill.segment;
  if (drill.conversations !== undefined) combined.conversations = drill.conversations;
  if (drill.invalid !== undefined) combined.invalid = drill.invalid;
  for (const key of ['countries', 'sources', 'tags', 'search'] as const) {
    // Not used by drills today; if one ever is and the person set the same, both must hold.
    if (drill[key] !== undefined && filter[key] === undefined) (combined as Record<string, unknown>)[key] = drill[key];
  }
  const where = combineTrees(drill.where, filter.where);
  if (where) combined.where = where;
  return combined;
}

type TreeItem = FilterTree['items'][number];

/** The conditions of items that all mean the same kind of match (`match`), or null when a group mixes in the other kind. */
function flatten(items: readonly TreeItem[], match: FilterTree['match']): Condition[] | null {
  const conditions: Condition[] = [];
  for (const item of items) {
    if (!('conditions' in item)) conditions.push(item);
    else if (item.match === match || item.conditions.length === 1) conditions.push(...item.conditions);
    else return null;
  }
  return conditions;
}

/** A tree as an "any of" of "all of" lists (its disjunctive normal form). */
function normalForm(tree: FilterTree): Condition[][] {
  const parts = tree.items.map((item) => (!('conditions' in item) ? [[item]] : item.match === 'all' ? [item.conditions] : item.conditions.map((c) => [c])));
  if (tree.match === 'any') return parts.flat();
  return parts.reduce<Condition[][]>((terms, part) => terms.flatMap((term) => part.map((p) => [...term, ...p])), [[]]);
}

const MAX_GROUPS = 30;

function combineTrees(drill: FilterTree | undefined, own: FilterTree | undefined): FilterTree | undefined {
  if (!drill || drill.items.length === 0) return own;
  if (!own || own.items.length === 0) return drill;
  const drillAll = drill.match === 'all' || drill.items.length === 1;
  const ownAll = own.match === 'all' || own.items.length === 1;
  if (drillAll && ownAll) return { match: 'all', items: [...drill.items, ...own.items] };
  // One side an "any of" plain conditions: it becomes one group beside the other's items.
  const ownAny = drillAll ? flatten(own.items, 'any') : null;
  if (ownAny) return { match: 'all', items: [...drill.items, { match: 'any', conditions: ownAny }] };
  const drillAny = ownAll ? flatten(drill.items, 'any') : null;
  if (drillAny) return { match: 'all', items: [{ match: 'any', conditions: drillAny }, ...own.items] };
  // Otherwise (a AND (b OR c)) AND (x OR (y AND z)) is written out: (a AND b AND x) OR (a AND b AND y AND z) OR …
  const terms = normalForm(drill).flatMap((d) => normalForm(own).map((o) => [...d, ...o]));
  if (terms.length > MAX_GROUPS) throw new Error('This filter is too intricate to combine with the figure from Analytics: remove the figure or simplify the filter.');
  return { match: 'any', items: terms.map((conditions) => ({ match: 'all', conditions })) };
}
