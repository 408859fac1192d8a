import { UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { flexRender, type Column, type Header } from '@tanstack/react-table';
import { forwardRef, memo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { Sort } from '../../../../../preload/contract';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, useListView } from '../../../state/listView';
import { SELECT_COLUMN_ID, type ListRow } from './columns';
import classes from './ContactGrid.module.css';

/**
 * A cell's box: the column's width (the view decides it; a list wider than its pane scrolls
 * sideways). The name column also takes any room left over, so a wide window has no gap.
 */
export function cellStyle(column: Column<ListRow, unknown>) {
  return column.id === 'name' ? ({ width: column.getSize(), flex: '1 0 auto' } as const) : ({ width: column.getSize(), flex: 'none' } as const);
}

/** Keyboard steps of a column's resize handle. */
const RESIZE_STEP = 16;

interface GridHeaderProps {
  headers: Header<ListRow, unknown>[];
  sort: Sort;
  searching: boolean;
  rowWidth: number;
}

/** The column headers: each sorts on click (its direction in aria-sort) and resizes by its right edge. */
export const GridHeader = memo(
  forwardRef<HTMLDivElement, GridHeaderProps>(function GridHeader({ headers, sort, searching, rowWidth }, ref) {
    const toggleSort = useListView((s) => s.toggleSort);
    return (
      <div ref={ref} role="rowgroup" className={classes.header}>
        <div role="row" aria-rowindex={1} className={classes.headerRow} style={{ minWidth: rowWidth }}>
          {headers.map((header) => {
            const meta = header.column.columnDef.meta;
            const label = flexRender(header.column.columnDef.header, header.getContext());
            const text = String(header.column.columnDef.header ?? header.id);
            if (header.id === SELECT_COLUMN_ID) {
              return (
                <div key={header.id} role="columnheader" className={classes.headerCell} style={cellStyle(header.column)}>
                  {label}
                </div>
              );
            }
            const sortKey = meta?.sortKey;
            const sorted = !searching && sortKey !== undefined && sort.key === sortKey ? sort.dir : null;
            const ariaSort = sortKey === undefined || searching ? undefined : sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-sort={ariaSort}
                className={classes.headerCell}
                data-numeric={meta?.numeric || undefined}
                style={cellStyle(header.column)}
              >
                {sortKey && !searching ? (
                  <UnstyledButton className={classes.sortButton} data-sorted={sorted ? true : undefined} onClick={() => toggleSort(sortKey)}>
                    <span className="ellipsis">{label}</span>
                    {sorted === 'asc' ? (
                      <IconArrowUp size={13} className={classes.sortIcon} aria-hidden />
                    ) : sorted === 'desc' ? (
                      <IconArrowDown size={13} className={classes.sortIcon} aria-hidden />
                    ) : (
                      <IconArrowsSort size={13} className={classes.sortIcon} aria-hidden />
                    )}
                  </UnstyledButton>
                ) : (
                  // A plain title, not a Tooltip per header: they all appear with the first keystroke of a search.
                  <span className="ellipsis" title="Search results are ordered newest first">
                    {label}
                  </span>
                )}
                <ResizeHandle id={header.id} label={text} width={header.column.getSize()} />
              </div>
            );
          })}
        </div>
      </div>
    );
  }),
);

/**
 * Drag to resize a column, or focus it and press ←/→ (Home resets nothing: the column chooser
 * has "Reset columns"). The width is saved with the view.
 */
function ResizeHandle({ id, label, width }: { id: string; label: string; width: number }) {
  const resize = useListView((s) => s.resizeColumn);
  const drag = useRef<{ x: number; width: number; frame: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, width, frame: 0 };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const state = drag.current;
    if (!state) return;
    const next = state.width + event.clientX - state.x;
    // One store update per frame, however fast the pointer reports.
    cancelAnimationFrame(state.frame);
    state.frame = requestAnimationFrame(() => resize(id, next));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) cancelAnimationFrame(drag.current.frame);
    if (drag.current) resize(id, drag.current.width + event.clientX - drag.current.x);
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      event.stopPropagation();
      resize(id, width + (event.key === 'ArrowRight' ? RESIZE_STEP : -RESIZE_STEP));
    }
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label} column`}
      aria-valuenow={width}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuemax={MAX_COLUMN_WIDTH}
      tabIndex={0}
      className={classes.resizer}
      data-resizing={drag.current ? true : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
    />
  );
}
