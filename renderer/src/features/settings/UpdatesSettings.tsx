import { Alert, Badge, Button, Group, Progress, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh, IconRotateClockwise } from '@tabler/icons-react';
import { useState } from 'react';
import type { UpdateStatus } from '../../../../preload/contract';
import { api } from '../../api/client';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime, formatPercent, formatRelative } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { ConfirmWorkModal } from '../backups/ConfirmWorkModal';
import { SessionError } from './SessionError';
import { SettingRow } from './SettingRow';
import { errorText, usePreferences, useUpdateStatus } from './useSession';

const STATE_BADGES: Record<UpdateStatus['state'], { label: string; color: string }> = {
  off: { label: 'Not set up', color: 'gray' },
  idle: { label: 'Not checked yet', color: 'gray' },
  checking: { label: 'Checking…', color: 'blue' },
  up_to_date: { label: 'Up to date', color: 'teal' },
  available: { label: 'Update found', color: 'blue' },
  downloading: { label: 'Downloading', color: 'blue' },
  ready: { label: 'Ready to install', color: 'nexvio' },
  error: { label: 'Check failed', color: 'red' },
};

/** The version, the updater's state, Check now, automatic checks, the download and Restart to update. */
export function UpdatesSettings() {
  const status = useUpdateStatus();
  const preferences = usePreferences();
  const [checking, setChecking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [restarting, setRestarting] = useState(false);
  const now = useNow();
  const update = status.data;

  const check = async () => {
    setChecking(true);
    try {
      status.set(await api.call('updates.check', {}));
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not check for updates', message: errorText(error) });
    } finally {
      setChecking(false);
    }
  };
  const restart = async () => {
    setRestarting(true);
    try {
      const { restarting: started } = await api.call('updates.restart', {});
      if (!started) notifications.show({ color: 'orange', title: 'No update is ready to install', message: 'Check for updates again.' });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not restart to update', message: errorText(error) });
    } finally {
      setRestarting(false);
      setConfirming(false);
    }
  };

  if (status.error) {
    return (
      <SectionCard id="settings-updates" title="Updates">
        <SessionError what="The update status" error={status.error} retry={status.reload} />
      </SectionCard>
    );
  }
  if (!update) {
    return (
      <SectionCard id="settings-updates" title="Updates">
        <Skeleton h={120} radius="md" />
      </SectionCard>
    );
  }
  const off = update.state === 'off';
  const badge = STATE_BADGES[update.state];
  return (
    <SectionCard
      id="settings-updates"
      title="Updates"
      description="New versions are downloaded in the background; the app asks before it restarts to install one."
      actions={
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          loading={checking || update.state === 'checking'}
          disabled={off || update.state === 'downloading' || update.state === 'ready'}
          onClick={() => void check()}
        >
          Check now
        </Button>
      }
    >
      <Stack gap="md">
        {off && (
          <Alert variant="light" color="gray" title="Automatic updates are not set up in this build">
            {api.host === 'browser'
              ? 'The browser host never updates itself: update it with your package manager or from the project’s releases.'
              : 'This build has no update feed. Install new versions from your organisation’s download page.'}
          </Alert>
        )}
        <div>
          <SettingRow id="settings-version" label="Version" description={update.feed ? `Updates come from ${update.feed}` : undefined}>
            <Group gap="sm">
              <Text size="sm" fw={600} ff="monospace">
                {update.currentVersion}
              </Text>
              <Badge variant="light" color={badge.color}>
                {badge.label}
              </Badge>
            </Group>
          </SettingRow>
          {!off && (
            <SettingRow id="settings-last-check" label="Last checked">
              <Text size="sm" title={update.lastCheckedAt ? formatDateTime(update.lastCheckedAt) : undefined}>
                {update.lastCheckedAt ? formatRelative(update.lastCheckedAt, now) : 'Never'}
              </Text>
            </SettingRow>
          )}
          <SettingRow id="settings-auto-update" label="Check automatically" description="When the app starts and once a day.">
            <Switch
              aria-labelledby="settings-auto-update"
              disabled={off || !preferences.data}
              checked={preferences.data?.updates.autoCheck ?? false}
              onChange={(event) => void preferences.update({ updates: { autoCheck: event.currentTarget.checked } })}
            />
          </SettingRow>
        </div>
        {update.state === 'error' && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The last check failed">
            {update.message ?? 'The update server could not be reached.'}
          </Alert>
        )}
        {update.state === 'available' && (
          <Text size="sm">Version {update.availableVersion} was found and will download in the background.</Text>
        )}
        {update.state === 'downloading' && (
          <Stack gap={6}>
            <Text size="sm">
              Downloading version {update.availableVersion}… {update.percent !== null && formatPercent(update.percent)}
            </Text>
            <Progress value={update.percent ?? 0} animated aria-label="Download progress" />
          </Stack>
        )}
        {update.state === 'ready' && (
          <Alert variant="light" color="nexvio" title={`Nexvio Contacts ${update.availableVersion ?? ''} is ready`}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">Restart the app to install it. Your work is saved; the app opens again where you were.</Text>
              <Button leftSection={<IconRotateClockwise size={16} />} onClick={() => setConfirming(true)}>
                Restart to update
              </Button>
            </Stack>
          </Alert>
        )}
      </Stack>
      <ConfirmWorkModal
        opened={confirming}
        title="Restart to install the update?"
        working={restarting}
        workingText="Closing the app to install the update…"
        confirmLabel="Restart now"
        confirmName="Restart now"
        confirmColor="nexvio"
        onConfirm={() => void restart()}
        onCancel={() => setConfirming(false)}
      >
        <Text size="sm">
          Nexvio Contacts closes, installs version {update.availableVersion} and opens again. Changes not yet synced are kept on this device and sent after the restart.
        </Text>
      </ConfirmWorkModal>
    </SectionCard>
  );
}
