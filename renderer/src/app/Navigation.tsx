import { Badge, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { useUi } from '../state/ui';
import classes from './Navigation.module.css';
import { NAV_ITEMS } from './navigation';

/** The main navigation; `compact` (narrow windows) shows the icons only, named by tooltips. */
export function Navigation({ compact }: { compact: boolean }) {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  return (
    <Stack gap={2} p="sm" component="ul" className={classes.list}>
      {NAV_ITEMS.map((item) => (
        <li key={item.view}>
          <Tooltip label={item.soon ? `${item.label} (coming soon)` : item.label} position="right" disabled={!compact}>
            <NavLink
              component="button"
              className={classes.link}
              active={view === item.view}
              label={compact ? undefined : item.label}
              aria-label={compact ? item.label : undefined}
              aria-current={view === item.view ? 'page' : undefined}
              leftSection={<item.icon size={18} stroke={1.7} />}
              rightSection={
                item.soon && !compact ? (
                  <Badge size="xs" variant="default" radius="sm" fw={500} c="dimmed" style={{ textTransform: 'none' }}>
                    Soon
                  </Badge>
                ) : undefined
              }
              onClick={() => setView(item.view)}
            />
          </Tooltip>
        </li>
      ))}
      {!compact && (
        <Text size="xs" c="dimmed" px="sm" pt="md" className={classes.hint}>
          Press <kbd>?</kbd> for shortcuts
        </Text>
      )}
    </Stack>
  );
}
