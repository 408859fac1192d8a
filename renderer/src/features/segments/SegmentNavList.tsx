import { NavLink, Text } from '@mantine/core';
import { IconFilter, IconListCheck } from '@tabler/icons-react';
import { formatNumber } from '../../lib/format';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';
import { useSegments } from './useSegments';
import classes from './Segments.module.css';

/** The saved segments and lists under "Contacts" in the sidebar, each with its live count. */
export function SegmentNavList() {
  const segments = useSegments((s) => s.segments);
  const counts = useSegments((s) => s.counts);
  const openId = useListView((s) => s.open?.segment.id ?? null);
  const openSegment = useListView((s) => s.openSegment);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  if (!segments || segments.length === 0) return null;
  return (
    <ul className={classes.navList} aria-label="Segments and lists">
      {segments.map((segment) => {
        const count = counts[segment.id];
        const active = view === 'contacts' && openId === segment.id;
        const countText = count ? `${formatNumber(count.count)}${count.capped ? '+' : ''}` : '';
        return (
          <li key={segment.id}>
            <NavLink
              component="button"
              className={classes.navItem}
              active={active}
              aria-current={active ? 'page' : undefined}
              aria-label={`${segment.name} (${segment.kind === 'list' ? 'list' : 'segment'}${countText ? `, ${countText} contacts` : ''})`}
              leftSection={segment.kind === 'list' ? <IconListCheck size={15} stroke={1.7} /> : <IconFilter size={15} stroke={1.7} />}
              label={
                <Text span size="sm" className="ellipsis" dir="auto" title={segment.name}>
                  {segment.name}
                </Text>
              }
              rightSection={
                <Text span size="xs" c="dimmed" className={classes.count}>
                  {countText}
                </Text>
              }
              onClick={() => {
                openSegment(segment);
                setView('contacts');
              }}
            />
          </li>
        );
      })}
    </ul>
  );
}
