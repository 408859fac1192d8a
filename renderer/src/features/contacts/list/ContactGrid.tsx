import { Button, Group, Paper, Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useUi } from '../../../state/ui';
import { COLUMNS, visibleColumns, type ListRow } from './columns';
import classes from './ContactGrid.module.css';
import { GridHeader } from './GridHeader';
import { GridRow, ROW_HEIGHT } from './GridRow';
import type { ContactQuery } from './pageCache';
import type { ContactList } from './useContactList';
import { useListKeyboard } from './useListKeyboard';
import { usePublishScreenRows } from '../bulk/SelectCells';

/** Rows fetched beyond the visible ones, so normal scrolling rarely shows a placeholder. */
const PREFETCH_ROWS = 60;

/**
 * The contact list: a virtualised ARIA grid over `rowCount` rows (up to millions), fetching
 * pages around what is visible. Fixed 32 px rows keep a million rows within Chrome's maximum
 * element height.
 */
export function ContactGrid({ list, query, searching }: { list: ContactList; query: ContactQuery; searching: boolean }) {
  const { cache, rowCount, version } = list;
  const selectedId = useUi((s) => s.selectedId);
  const select = useUi((s) => s.select);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { ref: sizeRef, width } = useElementSize();
  const bodyRef = useMergedRef(scrollRef, sizeRef);

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

  // A new query starts at the top.
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [cache, virtualizer]);

  // The rows in range; stable while the range and the data stay the same, so rows memoise.
  const data = useMemo<ListRow[]>(() => {
    const rows: ListRow[] = [];
    for (let index = first; index <= last; index++) rows.push(cache.row(index) ?? null);
    return rows;
    // `version` changes when pages arrive (the cache itself is mutable).
  }, [cache, first, last, version]);
  usePublishScreenRows(first, data);

  const columnVisibility = useMemo(() => visibleColumns(width || 1200), [width]);
  const columnsKey = Object.keys(columnVisibility)
    .filter((id) => columnVisibility[id])
    .join(',');
  const table = useReactTable({
    data,
    columns: COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { columnVisibility },
    getRowId: (_row, index) => String(first + index),
  });

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
  const headers = useMemo(() => table.getFlatHeaders().filter((h) => h.column.getIsVisible()), [table, columnsKey]);
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
      <GridHeader headers={headers} sort={query.sort} searching={searching} />
      <div ref={bodyRef} role="rowgroup" className={classes.body}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {/* One block at the first visible row, its rows in normal flow, on its own layer: a
              position near 32,000,000 px is exact as a layout `top`, but painting the rows there
              in float coordinates would jitter them by 2 px; the layer paints them locally. */}
          <div style={{ position: 'absolute', top: items[0]?.start ?? 0, left: 0, right: 0, willChange: 'transform' }}>
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
                  onPick={onPick}
                />
              );
            })}
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
