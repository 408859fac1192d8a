import { Group, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime, formatTime } from '../../../lib/format';
import classes from './Timeline.module.css';

/** One entry of the timeline: an icon on the line, a title with its time, and content. */
export function TimelineRow({ icon, color = 'gray', title, at, children }: { icon: ReactNode; color?: string; title: ReactNode; at: string; children?: ReactNode }) {
  return (
    <li className={classes.item}>
      <ThemeIcon size={30} radius="xl" variant="light" color={color}>
        {icon}
      </ThemeIcon>
      <div className={classes.body}>
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
