import { Button, Group, Paper, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { getCoreRowModel, useReactTable, type ColumnSizingState, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useViewPart } from '../../../state/listView';
import { useUi } from '../../../state/ui';
import { useFieldDefinitions } from '../useFacets';
import { columnCatalog, SELECT_COLUMN_ID, SELECT_COLUMN_WIDTH, tableColumns, type ListRow } from './columns';
import classes from './ContactGrid.module.css';
import { GridHeader } from './GridHeader';
import { SearchTermsContext, searchPattern } from './Highlighted';
import { GridRow, ROW_HEIGHT } from './GridRow';
import type { ContactQuery } from './pageCache';
import type { ContactList } from './useContactList';
import { useListKeyboard } from './useListKeyboard';
import { usePublishScreenRows } from '../bulk/SelectCells';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';

/** Rows fetched beyond the visible ones, so normal scrolling rarely shows a placeholder. */
const PREFETCH_ROWS = 60;
/** The row's horizontal padding (12 px each side), as in ContactGrid.module.css. */
const ROW_PADDING = 24;

/**
 * The contact list: a virtualised ARIA grid over `rowCount` rows (up to millions), fetching
 * pages around what is visible. Fixed 32 px rows keep a million rows within Chrome's maximum
 * element height. The columns, their order and widths are the view's (listView.ts); wider
 * than the pane, the grid scrolls sideways with the header following.
 */
export function ContactGrid({ list, query, searching }: { list: ContactList; query: ContactQuery; searching: boolean }) {
  const { cache, rowCount, version } = list;
  const selectedId = useUi((s) => s.selectedId);
  const select = useUi((s) => s.select);
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const viewColumns = useViewPart('columns');
  const fields = useFieldDefinitions().data;

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Fetch around the visible range at once: the cache keeps at most a few requests in flight
  // and, as each returns, asks only for what is visible then, so a scrollbar drag does not
  // queue every page it passes over.
  useEffect(() => {
    cache.ensure(first - PREFETCH_ROWS, Math.max(first, last) + PREFETCH_ROWS);
  }, [cache, first, last]);

  // A new query starts at the top (asking the virtualizer only when it is not there: it
  // measures the scroll height, a layout of the whole list).
  // The position comes from the scroll events: reading scrollTop here would force a layout of
  // the rows just rendered.
  const scrolledTop = useRef(0);
  useEffect(() => {
    const body = scrollRef.current;
    if (body && scrolledTop.current !== 0) body.scrollTop = 0;
  }, [cache]);

  // The rows in range; stable while the range and the data stay the same, so rows memoise.
  const data = useMemo<ListRow[]>(() => {
    const rows: ListRow[] = [];
    for (let index = first; index <= last; index++) rows.push(cache.row(index) ?? null);
    return rows;
    // `version` changes when pages arrive (the cache itself is mutable).
  }, [cache, first, last, version]);
  usePublishScreenRows(first, data);

  // Every column the list knows; the view picks which show, in which order, how wide.
  const purposes = useConsentPurposes((s) => s.purposes);
  const catalog = useMemo(() => columnCatalog(fields ?? [], purposes), [fields, purposes]);
  const columns = useMemo(() => tableColumns(catalog), [catalog]);
  const shown = useMemo(() => viewColumns.filter((c) => catalog.some((info) => info.id === c.id)), [viewColumns, catalog]);
  const columnsKey = shown.map((c) => `${c.id}:${c.width}`).join(',');
  const columnState = useMemo(() => {
    const columnVisibility: VisibilityState = { [SELECT_COLUMN_ID]: true };
    for (const info of catalog) columnVisibility[info.id] = false;
    const columnSizing: ColumnSizingState = { [SELECT_COLUMN_ID]: SELECT_COLUMN_WIDTH };
    for (const c of shown) {
      columnVisibility[c.id] = true;
      columnSizing[c.id] = c.width;
    }
    return { columnVisibility, columnSizing, columnOrder: [SELECT_COLUMN_ID, ...shown.map((c) => c.id)] };
  }, [catalog, shown]);
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: columnState,
    getRowId: (_row, index) => String(first + index),
  });
  const rowWidth = shown.reduce((sum, c) => sum + c.width, 0) + SELECT_COLUMN_WIDTH + ROW_PADDING;
  const highlight = useMemo(() => (searching && query.filter.search ? searchPattern(query.filter.search) : null), [searching, query.filter.search]);

  const { active, setActive, onKeyDown } = useListKeyboard({ cache, rowCount, virtualizer, version });
  const onPick = useCallback(
    (index: number) => {
      setActive(index);
      const contact = cache.row(index);
      if (contact) select(contact.id);
    },
    [cache, select, setActive],
  );

  const rows = table.getRowModel().rows;
  // The table instance is stable; its headers change only with the visible columns.
  const headers = useMemo(() => table.getFlatHeaders().filter((h) => h.column.getIsVisible()), [table, columnsKey, columns]);
  const activeRendered = active >= first && active <= last;
  return (
    <div
      role="grid"
      aria-label="Contacts"
      aria-rowcount={rowCount + 1}
      aria-colcount={table.getVisibleLeafColumns().length}
      aria-activedescendant={activeRendered ? `contact-row-${active}` : undefined}
      aria-busy={cache.isLoading() || undefined}
      data-contact-list
      tabIndex={0}
      className={classes.grid}
      onKeyDown={onKeyDown}
    >
      <GridHeader ref={headerRef} headers={headers} sort={query.sort} searching={searching} rowWidth={rowWidth} />
      <div
        ref={scrollRef}
        role="rowgroup"
        className={classes.body}
        onScroll={(event) => {
          scrolledTop.current = event.currentTarget.scrollTop;
          if (headerRef.current) headerRef.current.scrollLeft = event.currentTarget.scrollLeft;
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), minWidth: rowWidth, position: 'relative' }}>
          {/* One block at the first visible row, its rows in normal flow, on its own layer: a
              position near 32,000,000 px is exact as a layout `top`, but painting the rows there
              in float coordinates would jitter them by 2 px; the layer paints them locally. */}
          <div style={{ position: 'absolute', top: items[0]?.start ?? 0, left: 0, right: 0, willChange: 'transform' }}>
            <SearchTermsContext.Provider value={highlight}>
            {items.map((item, i) => {
              const row = rows[i];
              if (!row) return null;
              return (
                <GridRow
                  key={item.index}
                  row={row}
                  index={item.index}
                  selected={row.original !== null && row.original.id === selectedId}
                  active={item.index === active}
                  columnsKey={columnsKey}
                  rowWidth={rowWidth}
                  onPick={onPick}
                />
              );
            })}
            </SearchTermsContext.Provider>
          </div>
        </div>
      </div>
      {cache.error && (
        <Paper withBorder shadow="md" radius="md" p="xs" pl="sm" style={{ position: 'absolute', bottom: 16, left: '50%', transform: 'translateX(-50%)' }} role="alert">
          <Group gap="sm" wrap="nowrap">
            <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" />
            <Text size="sm">Couldn’t load contacts: {cache.error.message}</Text>
            <Button size="xs" variant="light" onClick={() => cache.retry()}>
              Retry
            </Button>
          </Group>
        </Paper>
      )}
    </div>
  );
}
