import { Group, Text, ThemeIcon } from '@mantine/core';
import { createContext, useContext, type ReactNode } from 'react';
import { formatDateTime, formatTime } from '../../../lib/format';
import classes from './Timeline.module.css';

/** Whose entry it is, shown above its title where rows of many contacts mix (the Activity page). */
export const RowSubject = createContext<ReactNode>(null);

/** One entry of the timeline: an icon on the line, a title with its time, and content. */
export function TimelineRow({ icon, color = 'gray', title, at, children }: { icon: ReactNode; color?: string; title: ReactNode; at: string; children?: ReactNode }) {
  const subject = useContext(RowSubject);
  return (
    <li className={classes.item} data-at={at}>
      <ThemeIcon size={30} radius="xl" variant="light" color={color}>
        {icon}
      </ThemeIcon>
      <div className={classes.body}>
        {subject}
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div className={classes.title} style={{ minWidth: 0 }}>
            {title}
          </div>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
            <time dateTime={at} title={formatDateTime(at)}>
              {formatTime(at)}
            </time>
          </Text>
        </Group>
        {children}
      </div>
    </li>
  );
}
