import { Checkbox } from '@mantine/core';
import { useEffect } from 'react';
import type { ContactRow } from '../../../../../preload/contract';
import { useRowSelected, useSelection } from '../../../state/selection';
import classes from './SelectCells.module.css';

/**
 * A row's checkbox; shift-click chooses the range from the last row clicked. Clicking it never
 * opens the contact. A plain input (styled like Mantine's), not a component: a list renders
 * dozens of these on every scroll and every keystroke of a search.
 */
export function RowCheckbox({ id, name, index }: { id: string; name: string; index: number }) {
  const selected = useRowSelected(id);
  const toggle = useSelection((s) => s.toggle);
  return (
    <input
      type="checkbox"
      className={classes.rowCheckbox}
      aria-label={`Select ${name}`}
      checked={selected}
      onChange={() => undefined}
      onClick={(event) => {
        event.stopPropagation();
        toggle(id, index, event.shiftKey);
      }}
      onKeyDown={(event) => {
        // Space toggles the box, not the list's own keys.
        if (event.key === ' ') event.stopPropagation();
      }}
    />
  );
}

/** The header's checkbox: every row on screen, half-checked when some are. */
export function ScreenCheckbox() {
  const state = useSelection((s) => {
    if (s.allMatching) return 'all';
    const chosen = s.screen.filter((row) => s.ids.has(row.id)).length;
    return chosen === 0 ? 'none' : chosen === s.screen.length ? 'all' : 'some';
  });
  const selectScreen = useSelection((s) => s.selectScreen);
  return (
    <Checkbox
      size="xs"
      aria-label="Select all on screen"
      checked={state === 'all'}
      indeterminate={state === 'some'}
      onChange={() => selectScreen(state !== 'all')}
      styles={{ input: { cursor: 'pointer' } }}
    />
  );
}

/** Tells the selection which rows the list shows (for the header checkbox and ranges). */
export function usePublishScreenRows(first: number, rows: readonly (ContactRow | null)[]): void {
  const setScreen = useSelection((s) => s.setScreen);
  useEffect(() => {
    const screen = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row) screen.push({ index: first + i, id: row.id });
    }
    setScreen(screen);
  }, [first, rows, setScreen]);
}
