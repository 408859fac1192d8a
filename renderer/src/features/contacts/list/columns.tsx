import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { marketingBlocked, type ConsentPurpose, type ContactRow, type FieldDefinition, type FieldValue, type ListSortKey } from '../../../../../preload/contract';
import { humanize } from '../../../lib/format';
import { CalendarDayCell, ConsentCell, CountryCell, DateCell, NameCell, NumberCell, RelativeCell, SourceCell, TagsCell, TextCell, YesNoCell } from './cells';
import { RowCheckbox, ScreenCheckbox } from '../bulk/SelectCells';

declare module '@tanstack/react-table' {
  // The names must match TanStack's declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** What the column sorts by (every column sorts). */
    sortKey: ListSortKey;
    /** Width of the loading placeholder, as a share of the cell. */
    skeleton: number;
    /** Numbers read best right-aligned. */
    numeric?: boolean;
  }
}

/** A list row: the contact, or null while its page loads. */
export type ListRow = ContactRow | null;

export type ColumnGroup = 'Contact' | 'Activity' | 'Custom fields' | 'Consent';

/** A column the list can show. */
export interface ColumnInfo {
  id: string;
  label: string;
  group: ColumnGroup;
  sortKey: ListSortKey;
  width: number;
  skeleton: number;
  numeric?: boolean;
  render(contact: ContactRow): ReactNode;
}

const BASIC_COLUMNS: ColumnInfo[] = [
  { id: 'email', label: 'Email', group: 'Contact', sortKey: 'email', width: 230, skeleton: 0.8, render: (c) => <TextCell text={c.email} /> },
  { id: 'phone', label: 'Phone', group: 'Contact', sortKey: 'phone', width: 150, skeleton: 0.7, render: (c) => <TextCell text={c.phone} numeric /> },
  { id: 'country', label: 'Country', group: 'Contact', sortKey: 'country', width: 140, skeleton: 0.6, render: (c) => <CountryCell code={c.country} /> },
  { id: 'city', label: 'City', group: 'Contact', sortKey: 'city', width: 130, skeleton: 0.6, render: (c) => <TextCell text={c.city} /> },
  { id: 'locale', label: 'Language', group: 'Contact', sortKey: 'locale', width: 100, skeleton: 0.5, render: (c) => <TextCell text={c.locale} /> },
  { id: 'source', label: 'Source', group: 'Contact', sortKey: 'source', width: 110, skeleton: 0.6, render: (c) => <SourceCell source={c.source} /> },
  { id: 'tags', label: 'Tags', group: 'Contact', sortKey: 'tags', width: 200, skeleton: 0.5, render: (c) => <TagsCell tags={c.tags} /> },
  { id: 'lastSeen', label: 'Last seen', group: 'Activity', sortKey: 'last_seen_at', width: 120, skeleton: 0.6, render: (c) => <RelativeCell iso={c.lastSeenAt} /> },
  { id: 'firstSeen', label: 'First seen', group: 'Activity', sortKey: 'first_seen_at', width: 120, skeleton: 0.6, render: (c) => <DateCell iso={c.firstSeenAt ?? c.createdAt} /> },
  {
    id: 'conversations',
    label: 'Conversations',
    group: 'Activity',
    sortKey: 'conversation_count',
    width: 130,
    skeleton: 0.3,
    numeric: true,
    render: (c) => <NumberCell value={c.conversationCount} />,
  },
  { id: 'created', label: 'Created', group: 'Activity', sortKey: 'created_at', width: 120, skeleton: 0.6, render: (c) => <DateCell iso={c.createdAt} /> },
  { id: 'updated', label: 'Updated', group: 'Activity', sortKey: 'updated_at', width: 120, skeleton: 0.6, render: (c) => <RelativeCell iso={c.updatedAt} /> },
];

function customCell(definition: FieldDefinition, value: FieldValue | undefined): ReactNode {
  if (value === undefined || value === null) return null;
  switch (definition.type) {
    case 'number':
      return <NumberCell value={typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : null} />;
    case 'boolean':
      return <YesNoCell value={typeof value === 'boolean' ? value : null} />;
    case 'date':
      return <CalendarDayCell value={typeof value === 'string' ? value : null} />;
    case 'multi_select':
      return <TagsCell tags={Array.isArray(value) ? value.map(String) : [String(value)]} />;
    default:
      return <TextCell text={Array.isArray(value) ? value.join(', ') : String(value)} numeric={definition.type === 'phone'} />;
  }
}

/** Every column the list can show: the basic ones, each custom field, each consent purpose. */
export function columnCatalog(fields: FieldDefinition[], purposes: ConsentPurpose[]): ColumnInfo[] {
  // The name says "no marketing" where it matters most: before anyone writes to the person.
  const name: ColumnInfo = {
    id: 'name',
    label: 'Name',
    group: 'Contact',
    sortKey: 'name',
    width: 240,
    skeleton: 0.7,
    render: (c) => <NameCell id={c.id} name={c.displayName} noMarketing={marketingBlocked(c.consentStatus, purposes)} />,
  };
  const custom = fields
    .filter((f) => !f.archived)
    .map<ColumnInfo>((definition) => ({
      id: `custom.${definition.key}`,
      label: definition.label || humanize(definition.key),
      group: 'Custom fields',
      sortKey: `custom.${definition.key}`,
      width: definition.type === 'boolean' || definition.type === 'number' ? 110 : 160,
      skeleton: 0.5,
      numeric: definition.type === 'number',
      render: (c) => customCell(definition, c.customFields[definition.key]),
    }));
  const consent = purposes.map<ColumnInfo>(({ key, label, archived }) => ({
    id: `consent.${key}`,
    label: archived ? `${label} (archived)` : label,
    group: 'Consent',
    sortKey: `consent.${key}`,
    width: 140,
    skeleton: 0.4,
    render: (c) => <ConsentCell status={c.consentStatus[key]} />,
  }));
  return [name, ...BASIC_COLUMNS, ...custom, ...consent];
}

const column = createColumnHelper<ListRow>();

/** The first column, always shown: a checkbox per row for bulk actions (not chosen, sorted or resized). */
export const SELECT_COLUMN_ID = 'select';
export const SELECT_COLUMN_WIDTH = 36;

/** TanStack columns for the catalog (cells render loaded contacts; placeholders are the row's). */
export function tableColumns(catalog: ColumnInfo[]): ColumnDef<ListRow, unknown>[] {
  const select = column.display({
    id: SELECT_COLUMN_ID,
    header: () => <ScreenCheckbox />,
    size: SELECT_COLUMN_WIDTH,
    meta: { sortKey: 'name', skeleton: 0.3 },
    // The row id is its index in the list (shift-click chooses a range).
    cell: ({ row }) => row.original && <RowCheckbox id={row.original.id} name={row.original.displayName} index={Number(row.id)} />,
  });
  return [select, ...catalog.map((info) =>
    column.display({
      id: info.id,
      header: info.label,
      size: info.width,
      meta: { sortKey: info.sortKey, skeleton: info.skeleton, ...(info.numeric ? { numeric: true } : {}) },
      cell: ({ row }) => row.original && info.render(row.original),
    }),
  )];
}
