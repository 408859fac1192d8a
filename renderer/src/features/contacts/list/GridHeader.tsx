import { Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { flexRender, type Header } from '@tanstack/react-table';
import { memo } from 'react';
import type { Sort } from '../../../../../preload/contract';
import { useUi } from '../../../state/ui';
import type { ListRow } from './columns';
import classes from './ContactGrid.module.css';

export function cellStyle(meta: { width: number; grow: number } | undefined) {
  return { flex: `${meta?.grow ?? 1} 1 ${meta?.width ?? 120}px` };
}

/** The column headers; a sortable one is a button, its direction in aria-sort. */
export const GridHeader = memo(function GridHeader({ headers, sort, searching }: { headers: Header<ListRow, unknown>[]; sort: Sort; searching: boolean }) {
  const toggleSort = useUi((s) => s.toggleSort);
  return (
    <div role="rowgroup" className={classes.header}>
      <div role="row" aria-rowindex={1} className={classes.headerRow}>
        {headers.map((header) => {
          const meta = header.column.columnDef.meta;
          const label = flexRender(header.column.columnDef.header, header.getContext());
          const sortKey = meta?.sortKey;
          const sorted = !searching && sortKey !== undefined && sort.key === sortKey ? sort.dir : null;
          const ariaSort = sortKey === undefined || searching ? undefined : sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
          return (
            <div key={header.id} role="columnheader" aria-sort={ariaSort} className={classes.headerCell} style={cellStyle(meta)}>
              {sortKey && !searching ? (
                <UnstyledButton className={classes.sortButton} data-sorted={sorted ? true : undefined} onClick={() => toggleSort(sortKey)}>
                  {label}
                  {sorted === 'asc' ? (
                    <IconArrowUp size={13} className={classes.sortIcon} aria-hidden />
                  ) : sorted === 'desc' ? (
                    <IconArrowDown size={13} className={classes.sortIcon} aria-hidden />
                  ) : (
                    <IconArrowsSort size={13} className={classes.sortIcon} aria-hidden />
                  )}
                </UnstyledButton>
              ) : sortKey ? (
                <Tooltip label="Search results are ordered newest first">
                  <span>{label}</span>
                </Tooltip>
              ) : (
                label
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
