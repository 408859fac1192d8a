import { Box, Divider, Popover, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowUp, IconChevronDown, IconPlugConnectedX } from '@tabler/icons-react';
import { useState, type CSSProperties } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { useWorkspace } from '../../app/useWorkspace';
import { formatCount, formatNumber } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { describeSync, type SyncState } from './describe';
import classes from './Sync.module.css';
import { SyncControls } from './SyncControls';
import { SyncFacts } from './SyncFacts';
import { SyncHeading } from './SyncHeading';
import { useSyncStatus } from './useSyncStatus';

const ATTENTION: ReadonlySet<SyncState> = new Set(['offline', 'error', 'unauthorized']);

/**
 * The header's sync pill: the state in words ("Synced · 2 min. ago"), pending changes, and on
 * click the details and controls in a popover. A hidden live region announces state changes
 * (not every tick of a countdown or progress).
 */
export function SyncStatusButton() {
  const { data: status, error } = useSyncStatus();
  const [opened, setOpened] = useState(false);
  // Countdowns ("retrying in 40 sec.") and progress move by the second; "2 min. ago" does not need to.
  const now = useNow(status && (status.phase === 'offline' || status.phase === 'error') ? 1000 : 15_000);

  if (!status) {
    return (
      <div className={classes.pill} role="status" style={pillColors(error ? 'red' : 'gray')} data-attention={error ? true : undefined}>
        <IconPlugConnectedX size={16} className={classes.pillIcon} aria-hidden />
        <span className={classes.pillLabel}>{error ? 'Host unavailable' : 'Checking sync…'}</span>
      </div>
    );
  }

  const presentation = describeSync(status, now);
  const { state, icon: Icon } = presentation;
  const pending = state === 'offline' ? 0 : status.pendingChanges;
  const pendingText = pending > 0 ? `, ${formatCount(pending, 'change', 'changes')} waiting to be sent` : '';
  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={420} shadow="lg" radius="lg" trapFocus returnFocus withArrow arrowOffset={24}>
        <Popover.Target>
          <UnstyledButton
            className={classes.pill}
            style={pillColors(presentation.color)}
            data-attention={ATTENTION.has(state) || undefined}
            aria-label={`${presentation.label}${pendingText}. Sync details`}
            onClick={() => setOpened((o) => !o)}
          >
            <Icon size={16} stroke={1.9} className={`${classes.pillIcon} ${state === 'syncing' ? classes.spin : ''}`} aria-hidden />
            <span className={classes.pillLabel}>{presentation.label}</span>
            {pending > 0 && (
              <span className={classes.pending} aria-hidden>
                <IconArrowUp size={11} stroke={2.4} />
                {formatNumber(pending)}
              </span>
            )}
            <IconChevronDown size={14} className={classes.chevron} aria-hidden />
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown p={0} aria-label="Sync details">
          <SyncDetails status={status} onNavigate={() => setOpened(false)} />
        </Popover.Dropdown>
      </Popover>
      <VisuallyHidden role="status">Sync: {presentation.headline}</VisuallyHidden>
    </>
  );
}

function SyncDetails({ status, onNavigate }: { status: SyncStatus; onNavigate(): void }) {
  const workspace = useWorkspace().data;
  const connected = status.phase !== 'disconnected';
  return (
    <>
      <Box p="md">
        <SyncHeading status={status} />
      </Box>
      <Divider />
      {connected && (
        <>
          <Box p="md">
            <SyncFacts status={status} layout="rows" onNavigate={onNavigate} />
          </Box>
          <Divider />
        </>
      )}
      <Box p="md">
        <SyncControls status={status} onNavigate={onNavigate} pageLink />
      </Box>
      {workspace && (
        <Box px="md" py={10} style={{ background: 'var(--app-subtle-bg)', borderRadius: '0 0 var(--mantine-radius-lg) var(--mantine-radius-lg)' }}>
          <Text size="xs" c="dimmed">
            {workspace.name} · {formatCount(workspace.contactCount, 'contact', 'contacts')} · signed in as {workspace.agent.name}
          </Text>
        </Box>
      )}
    </>
  );
}

function pillColors(color: string): CSSProperties {
  return { '--sync-color': `var(--mantine-color-${color}-text)`, '--sync-tint': `var(--mantine-color-${color}-light)` } as CSSProperties;
}
