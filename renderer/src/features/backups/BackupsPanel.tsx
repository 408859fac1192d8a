/**
 * The workspace's backups: the list (newest first), a check of the chosen one (is it
 * usable, what it holds) and its restore after a confirmation. Used by the recovery screen
 * (the workspace is closed: no "Back up now") and by the Settings page (all of it).
 */
import { Alert, Badge, Button, Card, Group, Loader, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArchive, IconCircleCheck, IconDatabaseExport, IconFolderOpen, IconRestore, IconShieldCheck } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { BackupCheckResult, BackupEntry, RestoreResult } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../../lib/format';
import { REASON_LABELS } from './format';
import { revealFolder } from './reveal';
import classes from './BackupsPanel.module.css';
import { ConfirmWorkModal } from './ConfirmWorkModal';

export interface BackupsPanelProps {
  /** `recovery`: the workspace is closed (no "Back up now"); `settings`: the open workspace. */
  mode: 'recovery' | 'settings';
  /** After a restore: the app's data changed under it (the recovery screen and Settings reload the app). */
  onRestored(result: RestoreResult): void;
}

type CheckState = { fileName: string; result: BackupCheckResult | null; error: string | null };

export function BackupsPanel({ mode, onRestored }: BackupsPanelProps) {
  const list = useResource('backups', () => api.call('backups.list', {}));
  useAppEvent((event) => {
    if (event.type === 'app.state') list.reload();
  });
  const [check, setCheck] = useState<CheckState | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const choose = useCallback((entry: BackupEntry) => {
    setRestoreError(null);
    setCheck({ fileName: entry.fileName, result: null, error: null });
    api
      .call('backups.check', { fileName: entry.fileName })
      .then((result) => setCheck((current) => (current?.fileName === entry.fileName ? { fileName: entry.fileName, result, error: null } : current)))
      .catch((error: Error) => setCheck((current) => (current?.fileName === entry.fileName ? { fileName: entry.fileName, result: null, error: error.message } : current)));
  }, []);

  const restore = async () => {
    if (!check?.result?.usable) return;
    setRestoring(true);
    setRestoreError(null);
    try {
      const result = await api.call('backups.restore', { fileName: check.fileName });
      setConfirming(false);
      onRestored(result);
    } catch (error) {
      setConfirming(false);
      setRestoreError((error as Error).message);
    } finally {
      setRestoring(false);
    }
  };

  const backUpNow = async () => {
    setCreating(true);
    try {
      const entry = await api.call('backups.create', {});
      notifications.show({ color: 'teal', title: 'Backup taken', message: `${formatBytes(entry.sizeBytes)}, kept with the other backups.` });
      list.reload();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The backup could not be taken', message: (error as Error).message });
    } finally {
      setCreating(false);
    }
  };

  const backups = list.data?.backups ?? [];
  const chosen = backups.find((b) => b.fileName === check?.fileName) ?? null;
  const integrityProblem = list.data?.integrity?.problem ?? null;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap" gap="md" align="center">
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          A copy is taken every day and before every upgrade; 7 daily and 4 weekly copies are kept (none older than 35 days).
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="xs" leftSection={<IconFolderOpen size={16} />} onClick={() => void revealFolder('backups', 'The backups folder')} aria-label="Show the backups folder">
            Show folder
          </Button>
          {mode === 'settings' && (
            <Button size="xs" leftSection={<IconDatabaseExport size={16} />} loading={creating} onClick={() => void backUpNow()} aria-label="Back up now">
              Back up now
            </Button>
          )}
        </Group>
      </Group>

      {integrityProblem && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The workspace failed its integrity check">
          {integrityProblem}
        </Alert>
      )}
      {mode === 'settings' && list.data?.integrity && !integrityProblem && (
        <Text size="xs" c="dimmed">
          <IconShieldCheck size={14} style={{ verticalAlign: '-2px' }} /> Integrity check passed {formatRelative(list.data.integrity.checkedAt)}.
        </Text>
      )}

      {list.loading && !list.data ? (
        <Stack gap="xs" aria-label="Loading the backups">
          <Skeleton height={56} radius="md" />
          <Skeleton height={56} radius="md" />
          <Skeleton height={56} radius="md" />
        </Stack>
      ) : list.error && !list.data ? (
        <Alert color="red" variant="light" title="The backups could not be listed">
          {list.error.message}
        </Alert>
      ) : backups.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <Group wrap="nowrap" align="flex-start" gap="md">
            <ThemeIcon size={40} radius="xl" variant="light" color="gray">
              <IconArchive size={22} />
            </ThemeIcon>
            <div>
              <Text fw={600}>No backups yet</Text>
              <Text size="sm" c="dimmed">
                {mode === 'recovery'
                  ? 'There is no copy to restore. The workspace file was left as it is; you can start over with an empty workspace below, keeping the file aside.'
                  : 'The first copy is taken a few minutes after the app starts. "Back up now" takes one at once.'}
              </Text>
              {list.data && (
                <Text size="xs" c="dimmed" mt={6} className={classes.path}>
                  {list.data.folder}
                </Text>
              )}
            </div>
          </Group>
        </Paper>
      ) : (
        <div role="radiogroup" aria-label="Backups" className={classes.list}>
          {backups.map((entry) => {
            const selected = entry.fileName === check?.fileName;
            return (
              <UnstyledButton
                key={entry.fileName}
                role="radio"
                aria-checked={selected}
                aria-label={`Backup from ${formatDateTime(entry.takenAt)}, ${REASON_LABELS[entry.reason].toLowerCase()}`}
                className={classes.row}
                data-selected={selected || undefined}
                onClick={() => choose(entry)}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div>
                    <Text size="sm" fw={600}>
                      {formatDateTime(entry.takenAt)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatRelative(entry.takenAt)} · {formatBytes(entry.sizeBytes)}
                    </Text>
                  </div>
                  <Badge variant="light" color={entry.reason === 'pre-migration' ? 'orange' : entry.reason === 'manual' ? 'nexvio' : 'gray'}>
                    {REASON_LABELS[entry.reason]}
                  </Badge>
                </Group>
              </UnstyledButton>
            );
          })}
        </div>
      )}

      {check && chosen && (
        <Card withBorder radius="md" padding="md" aria-live="polite" aria-label="The chosen backup">
          {check.result === null && check.error === null ? (
            <Group gap="sm">
              <Loader size="sm" />
              <Text size="sm">Checking the backup from {formatDateTime(chosen.takenAt)}…</Text>
            </Group>
          ) : check.error ? (
            <Alert color="red" variant="light" title="The backup could not be checked">
              {check.error}
            </Alert>
          ) : check.result?.usable ? (
            <Stack gap="sm">
              <Group gap="xs">
                <IconCircleCheck size={20} color="var(--mantine-color-teal-6)" />
                <Text size="sm" fw={600}>
                  This backup is sound and can be restored
                </Text>
              </Group>
              {check.result.counts && (
                <SimpleGrid cols={3} spacing="sm">
                  <Figure label="Contacts" value={check.result.counts.contacts} />
                  <Figure label="Conversations" value={check.result.counts.conversations} />
                  <Figure label="Notes" value={check.result.counts.notes} />
                </SimpleGrid>
              )}
              <Group justify="flex-end">
                <Button leftSection={<IconRestore size={16} />} onClick={() => setConfirming(true)} aria-label={`Restore the backup from ${formatDateTime(chosen.takenAt)}`}>
                  Restore this backup
                </Button>
              </Group>
            </Stack>
          ) : (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This backup cannot be restored">
              {check.result?.problem}
            </Alert>
          )}
        </Card>
      )}

      {restoreError && (
        <Alert color="red" variant="light" title="The restore did not happen" withCloseButton onClose={() => setRestoreError(null)} closeButtonLabel="Dismiss">
          {restoreError}
        </Alert>
      )}

      <ConfirmWorkModal
        opened={confirming && chosen !== null}
        title="Restore this backup?"
        working={restoring}
        workingText="Restoring… the workspace closes, the copy is checked and put in place, then it opens again."
        confirmLabel="Restore"
        confirmName="Restore now"
        confirmColor="orange"
        onCancel={() => setConfirming(false)}
        onConfirm={() => void restore()}
      >
        <Text size="sm">
          The workspace goes back to how it was on <b>{chosen ? formatDateTime(chosen.takenAt) : ''}</b>. The current workspace file is not deleted: it is kept aside in the data folder (named
          “…replaced-” and the time), so this can be undone.
        </Text>
        {mode === 'settings' && (
          <Text size="sm" c="dimmed">
            Changes made since then that were synced come back from the chatbot service at the next sync; changes that were not synced are only in the file kept aside.
          </Text>
        )}
      </ConfirmWorkModal>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650} size="lg">
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}
