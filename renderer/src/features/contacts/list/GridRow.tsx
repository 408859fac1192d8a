import { flexRender, type Row } from '@tanstack/react-table';
import { memo } from 'react';
import { SkeletonCell } from './cells';
import type { ListRow } from './columns';
import classes from './ContactGrid.module.css';
import { cellStyle } from './GridHeader';

export const ROW_HEIGHT = 32;

interface GridRowProps {
  row: Row<ListRow>;
  index: number;
  selected: boolean;
  active: boolean;
  /** Which columns show (the row objects stay the same when only this changes). */
  columnsKey: string;
  rowWidth: number;
  onPick(index: number): void;
}

/** One contact (or its loading placeholder). Memoised: scrolling re-renders only new rows. */
export const GridRow = memo(function GridRow({ row, index, selected, active, rowWidth, onPick }: GridRowProps) {
  const contact = row.original;
  return (
    <div
      role="row"
      id={`contact-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={contact ? undefined : true}
      data-active={active || undefined}
      data-contact-id={contact?.id}
      className={classes.row}
      style={{ height: ROW_HEIGHT, minWidth: rowWidth }}
      onClick={() => onPick(index)}
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <div key={cell.id} role="gridcell" className={classes.cell} data-numeric={meta?.numeric || undefined} style={cellStyle(cell.column)}>
            {contact ? (
              flexRender(cell.column.columnDef.cell, cell.getContext())
            ) : (
              <SkeletonCell width={Math.round((meta?.skeleton ?? 0.6) * (70 + ((index * 37 + cell.column.getIndex() * 13) % 30)))} />
            )}
          </div>
        );
      })}
    </div>
  );
});
