import { createColumnHelper, type ColumnDef, type ColumnMeta } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { ContactRow, SortKey } from '../../../../../preload/contract';
import { RowCheckbox, ScreenCheckbox } from '../bulk/SelectCells';
import { CountryCell, DateCell, NameCell, RelativeCell, SourceCell, TagsCell, TextCell } from './cells';

declare module '@tanstack/react-table' {
  // The names must match TanStack's declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** The contract's sort key when the column sorts. */
    sortKey?: SortKey;
    /** Base width in px; columns share spare room by `grow`. */
    width: number;
    grow: number;
    /** Lower shows first; columns drop from the highest when the list is narrow. */
    priority: number;
    /** Width of the loading placeholder, as a share of the cell. */
    skeleton: number;
  }
}

/** A list row: the contact, or null while its page loads. */
export type ListRow = ContactRow | null;

const column = createColumnHelper<ListRow>();

/** A column whose cell renders a loaded contact (placeholders are drawn by the row). */
function col(id: string, header: string, meta: ColumnMeta<ListRow, unknown>, render: (contact: ContactRow) => ReactNode): ColumnDef<ListRow, unknown> {
  return column.display({ id, header, meta, cell: ({ row }) => row.original && render(row.original) });
}

export const COLUMNS: ColumnDef<ListRow, unknown>[] = [
  // Choosing rows for bulk actions (the row id is its index in the list).
  column.display({
    id: 'select',
    header: () => <ScreenCheckbox />,
    meta: { width: 28, grow: 0, priority: 0, skeleton: 0.5 },
    cell: ({ row }) => row.original && <RowCheckbox id={row.original.id} name={row.original.displayName} index={Number(row.id)} />,
  }),
  col('name', 'Name', { sortKey: 'name', width: 200, grow: 3, priority: 0, skeleton: 0.7 }, (c) => <NameCell id={c.id} name={c.displayName} />),
  col('email', 'Email', { sortKey: 'email', width: 200, grow: 3, priority: 1, skeleton: 0.8 }, (c) => <TextCell text={c.email} />),
  col('phone', 'Phone', { width: 140, grow: 1, priority: 7, skeleton: 0.7 }, (c) => <TextCell text={c.phone} numeric />),
  col('country', 'Country', { sortKey: 'country', width: 120, grow: 1, priority: 3, skeleton: 0.6 }, (c) => <CountryCell code={c.country} />),
  col('city', 'City', { width: 130, grow: 1, priority: 6, skeleton: 0.6 }, (c) => <TextCell text={c.city} />),
  col('source', 'Source', { sortKey: 'source', width: 110, grow: 0, priority: 4, skeleton: 0.6 }, (c) => <SourceCell source={c.source} />),
  col('tags', 'Tags', { width: 190, grow: 1, priority: 5, skeleton: 0.5 }, (c) => <TagsCell tags={c.tags} />),
  col('lastSeen', 'Last seen', { sortKey: 'last_seen_at', width: 112, grow: 0, priority: 2, skeleton: 0.6 }, (c) => <RelativeCell iso={c.lastSeenAt} />),
  col('created', 'Created', { sortKey: 'created_at', width: 120, grow: 0, priority: 8, skeleton: 0.6 }, (c) => <DateCell iso={c.createdAt} />),
];

/** Which columns fit in `width` px, most important first. */
export function visibleColumns(width: number): Record<string, boolean> {
  const byPriority = [...COLUMNS].sort((a, b) => (a.meta?.priority ?? 0) - (b.meta?.priority ?? 0));
  let used = 24; // row padding
  const visible: Record<string, boolean> = {};
  let full = false;
  for (const col of byPriority) {
    const need = col.meta?.width ?? 120;
    full ||= col.meta?.priority !== 0 && used + need > width;
    visible[col.id ?? ''] = !full;
    if (!full) used += need;
  }
  return visible;
}
