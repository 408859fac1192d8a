import { Alert, Box, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCloudDownload, IconKey, IconRefresh } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { formatDuration, formatNumber } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useUi } from '../../state/ui';
import { describeSync, progressCount, progressPhrase, retryPhrase, syncState } from './describe';
import classes from './FirstSync.module.css';
import { SyncProgressBar } from './SyncProgressBar';
import syncClasses from './Sync.module.css';
import { serviceHost, useSyncActions } from './useSyncActions';
import { useSyncStatus } from './useSyncStatus';

type Progress = NonNullable<SyncStatus['progress']>;

/** Before the core reports any progress: no total yet, so the bar keeps moving. */
const NOT_STARTED: Progress = { phase: 'connecting', pushed: 0, pulled: 0, expected: null, startedAt: '', fullSync: true };

const STEPS: { label: string; phases: Progress['phase'][] }[] = [
  { label: 'Connect', phases: ['connecting', 'pushing'] },
  { label: 'Download', phases: ['pulling'] },
  { label: 'Index', phases: ['indexing'] },
  { label: 'Verify', phases: ['verifying'] },
];

/**
 * The contacts area during the first sync: how far it is (records of the total, or a moving
 * bar until the total is known), how long it took and has left, and the step. If the service
 * cannot be reached or refuses the token, the same card says so and offers the way out.
 */
export function FirstSyncProgress({ status }: { status: SyncStatus }) {
  const state = syncState(status);
  const troubled = state === 'error' || state === 'offline' || state === 'unauthorized';
  return (
    <Stack align="center" justify="center" style={{ flex: 1 }} p="xl">
      <Card withBorder radius="lg" shadow="sm" p={32} className={classes.card} component="section" aria-labelledby="first-sync-title">
        <Stack gap="lg">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={48} radius="xl" variant="light">
              <IconCloudDownload size={26} stroke={1.7} />
            </ThemeIcon>
            <div style={{ minWidth: 0 }}>
              <Title order={1} size="h3" fw={650} id="first-sync-title" style={{ letterSpacing: '-0.015em' }}>
                Setting up your workspace
              </Title>
              <Text size="sm" c="dimmed">
                First sync with <b>{serviceHost(status.serviceUrl)}</b>. Everything is copied to this device, so it keeps working offline.
              </Text>
            </div>
          </Group>
          {troubled ? <Trouble status={status} /> : <Running status={status} />}
        </Stack>
      </Card>
    </Stack>
  );
}

function Running({ status }: { status: SyncStatus }) {
  const now = useNow(1000);
  const progress = status.progress;
  const elapsedMs = progress ? Math.max(0, now - new Date(progress.startedAt).getTime()) : 0;
  const count = progressCount(progress);
  const percent = progress?.expected ? Math.min(100, Math.floor((progress.pulled / progress.expected) * 100)) : null;
  return (
    <>
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm" aria-live="polite">
            {progress ? progressPhrase(progress) : 'Preparing the first sync…'}
          </Text>
          {percent !== null && (
            <Text size="sm" fw={600} className={classes.numbers}>
              {percent}%
            </Text>
          )}
        </Group>
        <SyncProgressBar progress={progress ?? NOT_STARTED} size="lg" />
        <Text size="sm" c="dimmed" className={classes.numbers}>
          {count ? `${count} records` : progress?.expected === null && progress.phase === 'pulling' ? 'Counting records…' : 'Waiting for the service…'}
        </Text>
      </Stack>
      <dl className={syncClasses.tiles} style={{ '--tile-columns': 3 } as CSSProperties}>
        <div>
          <dt>Elapsed</dt>
          <dd>{progress ? formatDuration(elapsedMs) : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{timeLeft(progress, elapsedMs)}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{progress && progress.pulled > 0 && elapsedMs > 1000 ? `${formatNumber(Math.round(progress.pulled / (elapsedMs / 1000)))} records/s` : '—'}</dd>
        </div>
      </dl>
      <Steps phase={progress?.phase ?? 'connecting'} />
    </>
  );
}

/** The estimate from the rate so far; none until there is a rate to go by. */
function timeLeft(progress: Progress | null, elapsedMs: number): string {
  if (!progress) return '—';
  if (progress.phase === 'verifying') return 'Almost done';
  if (progress.phase === 'indexing') return 'Finishing up';
  if (!progress.expected || progress.pulled === 0 || elapsedMs < 2000) return 'Estimating…';
  const rate = progress.pulled / elapsedMs;
  const leftMs = Math.max(0, progress.expected - progress.pulled) / rate;
  return leftMs < 10_000 ? 'A few seconds' : `About ${formatDuration(leftMs < 120_000 ? Math.ceil(leftMs / 5000) * 5000 : Math.ceil(leftMs / 60_000) * 60_000)}`;
}

function Steps({ phase }: { phase: Progress['phase'] }) {
  const current = STEPS.findIndex((step) => step.phases.includes(phase));
  return (
    <ol className={classes.steps} aria-label="Steps">
      {STEPS.map((step, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={step.label} className={classes.step} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            {state === 'done' ? (
              <IconCheck size={13} stroke={2.4} aria-label="done" />
            ) : (
              <IconRefresh size={13} stroke={2} className={state === 'current' ? syncClasses.spin : undefined} style={{ opacity: state === 'todo' ? 0.5 : 1 }} aria-hidden />
            )}
            {step.label}
          </li>
        );
      })}
    </ol>
  );
}

function Trouble({ status }: { status: SyncStatus }) {
  const now = useNow(1000);
  const presentation = describeSync(status, now);
  const actions = useSyncActions();
  const openConnect = useUi((s) => s.openConnect);
  const retry = retryPhrase(status, now);
  return (
    <>
      <Alert color={presentation.color} variant="light" icon={<presentation.icon size={18} />} title={presentation.headline}>
        <Text size="sm" className="untrusted">
          {presentation.sentence}
        </Text>
        {retry && (
          <Text size="xs" c="dimmed" mt={4}>
            {retry.charAt(0).toUpperCase() + retry.slice(1)}
          </Text>
        )}
      </Alert>
      <Group justify="space-between">
        {presentation.state === 'unauthorized' ? (
          <Button leftSection={<IconKey size={16} />} onClick={() => openConnect(status.serviceUrl)}>
            Reconnect
          </Button>
        ) : (
          <Button leftSection={<IconRefresh size={16} />} onClick={() => void actions.syncNow()}>
            Try again now
          </Button>
        )}
        <Button variant="subtle" color="gray" onClick={() => void actions.disconnect(true)}>
          Cancel and disconnect
        </Button>
      </Group>
    </>
  );
}

/** Above the list while a full resync downloads everything again (the list stays usable). */
export function ResyncBanner() {
  const status = useSyncStatus().data;
  const progress = status?.progress;
  if (!progress?.fullSync || status?.phase !== 'syncing') return null;
  const count = progressCount(progress);
  return (
    <div className={classes.banner} role="status">
      <IconRefresh size={16} className={syncClasses.spin} aria-hidden />
      <Text size="sm" fw={500} style={{ flex: 1, minWidth: 0 }}>
        Downloading the whole workspace again to stay in step with the service{count ? ` · ${count}` : '…'}
      </Text>
      <Box w={220}>
        <SyncProgressBar progress={progress} size="sm" />
      </Box>
    </div>
  );
}
