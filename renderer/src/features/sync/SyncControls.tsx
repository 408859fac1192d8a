import { Button, Checkbox, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { IconKey, IconPlayerPlay, IconPlugConnected, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { formatCount, formatDuration } from '../../lib/format';
import { useUi } from '../../state/ui';
import { useWorkspace } from '../../app/useWorkspace';
import { syncState } from './describe';
import classes from './Sync.module.css';
import { serviceHost, useSyncActions } from './useSyncActions';

const INTERVALS = [30, 60, 300, 900, 3600];

/**
 * What a person can do about the sync, for the popover and the Sync page: sync now, how often,
 * reconnect, disconnect (confirmed); when not connected, connect or try the demo.
 * `onNavigate` runs after anything that takes the person elsewhere (the popover closes).
 */
export function SyncControls({ status, onNavigate, pageLink = false }: { status: SyncStatus; onNavigate?(): void; pageLink?: boolean }) {
  const actions = useSyncActions();
  const openConnect = useUi((s) => s.openConnect);
  const openSync = useUi((s) => s.openSync);
  const [confirming, setConfirming] = useState(false);
  const state = syncState(status);
  const then = (action: () => void) => () => {
    action();
    onNavigate?.();
  };

  if (state === 'disconnected') {
    return (
      <Stack gap="xs">
        <Button fullWidth leftSection={<IconPlugConnected size={16} />} onClick={then(() => openConnect())} data-autofocus>
          Connect to workspace
        </Button>
        <TryDemoButton variant="default" fullWidth onStarted={onNavigate} />
      </Stack>
    );
  }
  if (confirming) return <DisconnectConfirm status={status} onClose={() => setConfirming(false)} />;
  return (
    <Stack gap="md">
      <IntervalSelect seconds={status.intervalSeconds} onChange={(seconds) => void actions.setIntervalSeconds(seconds)} />
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          {state === 'unauthorized' ? (
            <Button size="sm" leftSection={<IconKey size={16} />} onClick={then(() => openConnect(status.serviceUrl))} data-autofocus>
              Reconnect
            </Button>
          ) : (
            <Button size="sm" leftSection={<IconRefresh size={16} className={state === 'syncing' ? classes.spin : undefined} />} onClick={() => void actions.syncNow()} data-autofocus>
              Sync now
            </Button>
          )}
          {pageLink && (
            <Button size="sm" variant="default" onClick={then(() => openSync())}>
              Sync page
            </Button>
          )}
        </Group>
        <Button size="sm" px="xs" variant="subtle" color="red" leftSection={<IconPlugConnectedX size={16} />} onClick={() => setConfirming(true)}>
          Disconnect
        </Button>
      </Group>
    </Stack>
  );
}

export function IntervalSelect({ seconds, onChange }: { seconds: number; onChange(seconds: number): void }) {
  const id = useId();
  const options = INTERVALS.includes(seconds) ? INTERVALS : [...INTERVALS, seconds].sort((a, b) => a - b);
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text component="label" htmlFor={id} size="sm" c="dimmed">
        Sync automatically every
      </Text>
      <NativeSelect
        id={id}
        size="xs"
        w={112}
        value={String(seconds)}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
        data={options.map((s) => ({ value: String(s), label: formatDuration(s * 1000) }))}
      />
    </Group>
  );
}

function DisconnectConfirm({ status, onClose }: { status: SyncStatus; onClose(): void }) {
  const actions = useSyncActions();
  const [forget, setForget] = useState(true);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const textId = useId();
  const pending = status.pendingChanges;
  return (
    <Stack gap="sm" className={classes.confirm} role="alertdialog" aria-labelledby={titleId} aria-describedby={textId}>
      <Text id={titleId} fw={650} size="sm">
        Disconnect from {serviceHost(status.serviceUrl)}?
      </Text>
      <Text id={textId} size="sm">
        Contacts stay on this device but stop syncing.
        {pending > 0 && ` ${formatCount(pending, 'change', 'changes')} not sent yet ${pending === 1 ? 'is' : 'are'} kept and sent when you connect again.`}
      </Text>
      <Checkbox size="xs" label="Forget the access token on this device" checked={forget} onChange={(event) => setForget(event.currentTarget.checked)} />
      <Group justify="flex-end" gap="xs">
        <Button size="compact-sm" variant="default" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          size="compact-sm"
          color="red"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await actions.disconnect(forget);
            setBusy(false);
            onClose();
          }}
        >
          Disconnect
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Starts the bundled chatbot service with generated contacts and live activity, and syncs with
 * it. Shown only while the workspace is empty (the demo does not mix with other data).
 */
export function TryDemoButton({ label = 'Try the demo workspace', onStarted, ...props }: { label?: string; onStarted?(): void; variant?: string; size?: string; fullWidth?: boolean }) {
  const workspace = useWorkspace();
  const actions = useSyncActions();
  const [starting, setStarting] = useState(false);
  if (workspace.data?.contactCount !== 0) return null;
  return (
    <Button
      leftSection={<IconPlayerPlay size={16} />}
      loading={starting}
      onClick={async () => {
        setStarting(true);
        const started = await actions.startDemo();
        setStarting(false);
        if (started) onStarted?.();
      }}
      {...props}
    >
      {label}
    </Button>
  );
}
