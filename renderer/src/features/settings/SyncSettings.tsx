import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconPlugConnected, IconPlugConnectedX, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { SectionCard } from '../../components/SectionCard';
import { formatCount } from '../../lib/format';
import { useUi } from '../../state/ui';
import { isConnected } from '../sync/describe';
import { IntervalSelect } from '../sync/SyncControls';
import { SyncFacts } from '../sync/SyncFacts';
import { SyncHeading } from '../sync/SyncHeading';
import { serviceHost, useSyncActions } from '../sync/useSyncActions';
import { useSyncStatus } from '../sync/useSyncStatus';
import { ConfirmWorkModal } from '../backups/ConfirmWorkModal';
import classes from './SettingsView.module.css';

/** The connected workspace, how often it syncs, and disconnecting (keeping or forgetting the token). */
export function SyncSettings() {
  const { data: status } = useSyncStatus();
  const openSync = useUi((s) => s.openSync);
  const openConnect = useUi((s) => s.openConnect);
  const actions = useSyncActions();
  if (!status) {
    return (
      <SectionCard id="settings-sync" title="Connected workspace">
        <Skeleton h={120} radius="md" />
      </SectionCard>
    );
  }
  const connected = isConnected(status);
  return (
    <>
      <SectionCard
        id="settings-sync"
        title="Connected workspace"
        description="The Nexvio.ai workspace this device syncs contacts with."
        actions={
          connected ? (
            <Button variant="default" rightSection={<IconArrowRight size={16} />} onClick={() => openSync()}>
              Sync page
            </Button>
          ) : undefined
        }
      >
        <Stack gap="lg">
          <SyncHeading status={status} />
          {connected ? (
            <>
              <SyncFacts status={status} layout="tiles" />
              <div className={classes.row} style={{ borderTop: 0, paddingBottom: 0 }}>
                <IntervalSelect seconds={status.intervalSeconds} onChange={(seconds) => void actions.setIntervalSeconds(seconds)} />
              </div>
            </>
          ) : (
            <Group>
              <Button leftSection={<IconPlugConnected size={16} />} onClick={() => openConnect()}>
                Connect to workspace
              </Button>
            </Group>
          )}
        </Stack>
      </SectionCard>
      {connected && <DisconnectCard status={status} />}
    </>
  );
}

/** Two ways to stop syncing, each confirmed with what it does. */
function DisconnectCard({ status }: { status: SyncStatus }) {
  const actions = useSyncActions();
  const [asking, setAsking] = useState<'keep' | 'forget' | null>(null);
  const [busy, setBusy] = useState(false);
  const forget = asking === 'forget';
  const host = serviceHost(status.serviceUrl);
  const pending = status.pendingChanges;
  const kept = pending > 0 ? ` ${formatCount(pending, 'change', 'changes')} not sent yet ${pending === 1 ? 'is' : 'are'} kept and sent when you connect again.` : '';
  const disconnect = async (forgetToken: boolean) => {
    setBusy(true);
    await actions.disconnect(forgetToken);
    setBusy(false);
    setAsking(null);
  };
  return (
    <SectionCard id="settings-disconnect" title="Disconnect" description="Contacts stay on this device either way; only the syncing stops.">
      <Group gap="sm">
        <Button variant="default" leftSection={<IconPlugConnectedX size={16} />} onClick={() => setAsking('keep')}>
          Disconnect
        </Button>
        <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={() => setAsking('forget')}>
          Disconnect and forget the token
        </Button>
      </Group>
      <ConfirmWorkModal
        opened={asking !== null}
        title={forget ? `Disconnect from ${host} and forget the token?` : `Disconnect from ${host}?`}
        working={busy}
        workingText="Disconnecting…"
        confirmLabel={forget ? 'Disconnect and forget' : 'Disconnect'}
        confirmName={forget ? 'Disconnect and forget' : 'Disconnect'}
        confirmColor={forget ? 'red' : 'nexvio'}
        onConfirm={() => void disconnect(forget)}
        onCancel={() => setAsking(null)}
      >
        <Text size="sm">
          {forget
            ? 'Syncing stops and the access token is removed from this device. Use this before you hand the device to someone else.'
            : 'Syncing stops until you connect again. The access token stays stored securely on this device.'}
          {kept}
        </Text>
        {forget && (
          <Text size="xs" c="dimmed">
            The token is not revoked on the service; ask an admin of the workspace to revoke it there if it may have leaked.
          </Text>
        )}
      </ConfirmWorkModal>
    </SectionCard>
  );
}
