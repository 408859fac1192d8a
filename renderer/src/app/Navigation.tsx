import { Badge, Indicator, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { useSyncStatus } from '../features/sync/useSyncStatus';
import { useDueCount } from '../features/follow-ups/useDueFollowUpNotices';
import { formatNumber } from '../lib/format';
import { useListView } from '../state/listView';
import { useUi } from '../state/ui';
import { SegmentNavList } from '../features/segments/SegmentNavList';
import classes from './Navigation.module.css';
import { NAV_ITEMS, type NavItem } from './navigation';

/** The main navigation; `compact` (narrow windows) shows the icons only, named by tooltips. */
export function Navigation({ compact }: { compact: boolean }) {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const sync = useSyncStatus().data;
  // What waits for a person on the Sync page: conflicts to decide and changes the service refused.
  const toReview = sync ? sync.openConflicts + sync.rejectedChanges : 0;
  const due = useDueCount((s) => s.count);
  const segmentOpen = useListView((s) => s.open !== null);
  const openAll = useListView((s) => s.openAll);
  return (
    <Stack gap={2} p="sm" component="ul" className={classes.list}>
      {NAV_ITEMS.map((item) => {
        const count = item.view === 'sync' ? toReview : item.view === 'follow-ups' ? due : 0;
        const what = item.view === 'follow-ups' ? 'due' : 'to review';
        const name = count > 0 ? `${item.label} (${formatNumber(count)} ${what})` : item.label;
        const active = view === item.view && !(item.view === 'contacts' && segmentOpen);
        return (
          <li key={item.view}>
            <Tooltip label={name} position="right" disabled={!compact}>
              <NavLink
                component="button"
                className={classes.link}
                active={active}
                label={compact ? undefined : item.label}
                aria-label={compact || count > 0 ? name : undefined}
                aria-current={active ? 'page' : undefined}
                leftSection={<NavIcon item={item} dot={compact && count > 0} />}
                rightSection={compact ? undefined : <NavBadge count={count} />}
                onClick={() => {
                  if (item.view === 'contacts') openAll();
                  setView(item.view);
                }}
              />
            </Tooltip>
            {item.view === 'contacts' && !compact && <SegmentNavList />}
          </li>
        );
      })}
      {!compact && (
        <Text size="xs" c="dimmed" px="sm" pt="md" className={classes.hint}>
          Press <kbd>?</kbd> for shortcuts
        </Text>
      )}
    </Stack>
  );
}

function NavIcon({ item, dot }: { item: NavItem; dot: boolean }) {
  const icon = <item.icon size={18} stroke={1.7} />;
  return dot ? (
    <Indicator color="orange" size={8} offset={2} processing={false}>
      {icon}
    </Indicator>
  ) : (
    icon
  );
}

function NavBadge({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Badge size="sm" variant="filled" color="orange" radius="xl" aria-hidden>
      {formatNumber(count)}
    </Badge>
  );
}
