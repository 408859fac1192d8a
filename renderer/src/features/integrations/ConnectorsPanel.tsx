import { Alert, Badge, Button, Card, Group, Loader, Progress, SimpleGrid, Stack, Switch, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAdjustmentsHorizontal, IconAlertTriangle, IconPlayerPlay, IconPlugConnected } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConnectorInfo, ConnectorVendor } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { SectionCard } from '../../components/SectionCard';
import { formatNumber, formatRelative } from '../../lib/format';
import { ConnectorErrorsModal } from './ConnectorErrorsModal';
import { ConnectorSettingsModal } from './ConnectorSettingsModal';
import { runSummary, VENDOR_TEXT } from './connectorText';

/**
 * Connectors: push contacts (and their marketing consent) to HubSpot, Salesforce and
 * Mailchimp. A card per vendor: connect, map fields, push now with progress, push after each
 * sync, and the log of what the vendor refused.
 */
export function ConnectorsPanel() {
  const connectors = useResource('connectors', () => api.call('connectors.list', {}));
  const [progress, setProgress] = useState<Partial<Record<ConnectorVendor, { done: number; total: number }>>>({});
  const [editing, setEditing] = useState<ConnectorVendor | null>(null);
  const [errorsOf, setErrorsOf] = useState<ConnectorVendor | null>(null);
  useAppEvent((event) => {
    if (event.type === 'connectors.changed') connectors.reload();
    if (event.type === 'progress' && event.job.startsWith('connector:')) {
      const vendor = event.job.slice('connector:'.length) as ConnectorVendor;
      setProgress((current) => ({ ...current, [vendor]: { done: event.done, total: event.total } }));
    }
  });

  const editingInfo = connectors.data?.find((c) => c.vendor === editing) ?? null;
  return (
    <Stack gap="md" aria-label="Connectors">
      <SectionCard
        id="connectors-title"
        title="Connectors"
        description="Send your contacts to the CRM and email-marketing tools you use. Only what changed since the last push is sent; people who were erased here never are, and Mailchimp subscribes only those who gave marketing-email consent."
      />
      {connectors.loading ? (
        <Loader aria-label="Loading connectors" />
      ) : connectors.error ? (
        <Alert color="red" title="The connectors could not be loaded" role="alert">
          {connectors.error.message}
        </Alert>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          {(connectors.data ?? []).map((info) => (
            <ConnectorCard
              key={info.vendor}
              info={info}
              progress={progress[info.vendor] ?? null}
              onEdit={() => setEditing(info.vendor)}
              onErrors={() => setErrorsOf(info.vendor)}
              onChanged={connectors.reload}
              onStarted={() => setProgress((current) => ({ ...current, [info.vendor]: { done: 0, total: 0 } }))}
            />
          ))}
        </SimpleGrid>
      )}
      {editingInfo && <ConnectorSettingsModal info={editingInfo} onClose={() => setEditing(null)} onSaved={connectors.reload} />}
      {errorsOf && <ConnectorErrorsModal vendor={errorsOf} onClose={() => setErrorsOf(null)} onCleared={connectors.reload} />}
    </Stack>
  );
}

function ConnectorCard({
  info,
  progress,
  onEdit,
  onErrors,
  onChanged,
  onStarted,
}: {
  info: ConnectorInfo;
  progress: { done: number; total: number } | null;
  onEdit(): void;
  onErrors(): void;
  onChanged(): void;
  onStarted(): void;
}) {
  const text = VENDOR_TEXT[info.vendor];
  const connected = info.configured && info.secretSet;
  const [starting, setStarting] = useState(false);
  const titleId = `connector-${info.vendor}-title`;

  const pushNow = async () => {
    setStarting(true);
    try {
      await api.call('connectors.pushNow', { vendor: info.vendor });
      onStarted();
      onChanged();
    } catch (error) {
      notifications.show({ color: 'red', title: `The push to ${text.name} could not start`, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setStarting(false);
    }
  };

  const setEnabled = async (enabled: boolean) => {
    try {
      await api.call('connectors.save', { vendor: info.vendor, settings: info.settings, enabled });
      onChanged();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The setting could not be changed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const status = info.running ? (
    <Badge color="blue" variant="light">
      Pushing
    </Badge>
  ) : !connected ? (
    <Badge color="gray" variant="light">
      Not connected
    </Badge>
  ) : info.lastRun?.state === 'failed' ? (
    <Badge color="red" variant="light">
      Last push failed
    </Badge>
  ) : (
    <Badge color="teal" variant="light">
      Connected
    </Badge>
  );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={40} radius="md" variant="light" color={text.color} aria-hidden>
              <Text fw={700} size="sm">
                {text.initials}
              </Text>
            </ThemeIcon>
            <div>
              <Text fw={650} size="lg" id={titleId} component="h3" m={0}>
                {text.name}
              </Text>
              {info.vendor === 'mailchimp' && info.settings.dataCenter && (
                <Text size="xs" c="dimmed">
                  Data centre {info.settings.dataCenter}
                </Text>
              )}
            </div>
          </Group>
          {status}
        </Group>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {text.what}
        </Text>

        {info.running && progress ? (
          <Stack gap={4} aria-live="polite">
            <Progress value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} animated aria-label={`Push to ${text.name}`} />
            <Text size="xs" c="dimmed">
              {progress.total > 0 ? `Checking contacts for changes: ${Math.floor((100 * progress.done) / progress.total)}%` : 'Finding what changed…'}
            </Text>
          </Stack>
        ) : info.lastRun ? (
          <Text size="sm" c={info.lastRun.state === 'failed' ? 'red' : undefined} lineClamp={3}>
            <Text span c="dimmed" size="sm">
              Last push {formatRelative(info.lastRun.finishedAt ?? info.lastRun.startedAt)}:{' '}
            </Text>
            {runSummary(info.lastRun)}
          </Text>
        ) : connected ? (
          <Text size="sm" c="dimmed">
            Not pushed yet. The first push sends every contact with the mapped fields.
          </Text>
        ) : null}

        {connected && (
          <Switch
            checked={info.enabled}
            onChange={(event) => void setEnabled(event.currentTarget.checked)}
            label="Push after each sync"
            aria-label={`Push to ${text.name} after each sync`}
          />
        )}

        <Group gap="xs" mt="xs">
          {connected ? (
            <>
              <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => void pushNow()} loading={starting || info.running} aria-label={`Push to ${text.name} now`}>
                Push now
              </Button>
              <Button variant="default" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={onEdit} aria-label={`${text.name} settings and field mapping`}>
                Settings
              </Button>
            </>
          ) : (
            <Button leftSection={<IconPlugConnected size={16} />} onClick={onEdit} aria-label={`Connect ${text.name}`}>
              Connect
            </Button>
          )}
          {info.errorCount > 0 && (
            <Tooltip label="What the vendor refused, and why">
              <Button variant="subtle" color="red" leftSection={<IconAlertTriangle size={16} />} onClick={onErrors} aria-label={`${text.name} error log (${info.errorCount})`}>
                {formatNumber(info.errorCount)} {info.errorCount === 1 ? 'error' : 'errors'}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
