import { Fragment, type ReactNode } from 'react';
import { formatDay } from '../../../lib/format';
import classes from './Timeline.module.css';

/** Items newest first under a heading per day ("Today", "Monday, 3 March"), each day an ordered list. */
export function DayGroups<T>({ items, at, keyOf, render }: { items: T[]; at(item: T): string; keyOf(item: T): string; render(item: T): ReactNode }) {
  const groups: { day: string; items: T[] }[] = [];
  for (const item of items) {
    const day = formatDay(at(item));
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return (
    <div>
      {groups.map((group, i) => (
        <section key={`${group.day}:${i}`} aria-label={group.day}>
          <div className={classes.day}>{group.day}</div>
          <ol className={classes.dayList}>
            {group.items.map((item) => (
              <Fragment key={keyOf(item)}>{render(item)}</Fragment>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
