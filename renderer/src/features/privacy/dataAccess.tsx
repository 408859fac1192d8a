/**
 * Building a data-access package from the renderer (the Privacy page's panel and the
 * contact's menu share it): the call, its progress events (job "dsar"), the result with
 * where the file is, and the error in words.
 */
import { Alert, Badge, Group, Paper, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconFileZip } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import type { DataAccessCounts, DataAccessPackage } from '../../../../preload/contract';
import { ApiError, api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { FilePathField } from '../../components/FilePathField';
import { formatBytes, formatNumber } from '../../lib/format';
import { stripPathPrefix } from '../../lib/text';

export type BuildState =
  | { phase: 'idle' }
  | { phase: 'building'; contactId: string; done: number; total: number }
  | { phase: 'done'; contactId: string; result: DataAccessPackage }
  | { phase: 'failed'; contactId: string; message: string };

export function useDataAccessBuild(onBuilt?: (result: DataAccessPackage) => void) {
  const [state, setState] = useState<BuildState>({ phase: 'idle' });
  const running = useRef(false);
  useAppEvent((event) => {
    if (event.type === 'progress' && event.job === 'dsar') setState((s) => (s.phase === 'building' ? { ...s, done: event.done, total: event.total } : s));
  });
  const build = useCallback(
    async (contactId: string) => {
      if (running.current) return;
      running.current = true;
      setState({ phase: 'building', contactId, done: 0, total: 0 });
      try {
        const result = await api.call('privacy.dataAccessExport', { contactId });
        setState({ phase: 'done', contactId, result });
        onBuilt?.(result);
      } catch (error) {
        const message = error instanceof ApiError ? stripPathPrefix(error.message, error.path) : error instanceof Error ? error.message : String(error);
        setState({ phase: 'failed', contactId, message });
      } finally {
        running.current = false;
      }
    },
    [onBuilt],
  );
  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, build, reset };
}

const COUNT_LABELS: [keyof DataAccessCounts, string, string][] = [
  ['conversations', 'conversation', 'conversations'],
  ['messages', 'message', 'messages'],
  ['events', 'event', 'events'],
  ['notes', 'note', 'notes'],
  ['followUps', 'follow-up', 'follow-ups'],
  ['consents', 'consent record', 'consent records'],
  ['changes', 'change', 'changes'],
  ['merges', 'merged record', 'merged records'],
  ['audit', 'audit entry', 'audit entries'],
  ['pendingChanges', 'unsent change', 'unsent changes'],
  ['conflicts', 'conflict', 'conflicts'],
];

/** Progress while building, the finished package, or what went wrong. */
export function BuildStatus({ state }: { state: BuildState }) {
  if (state.phase === 'building') {
    const percent = state.total > 0 ? Math.min(100, (100 * state.done) / state.total) : 0;
    return (
      <Stack gap={6} role="status" aria-label="Building the package">
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Building the package…
          </Text>
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {state.total > 0 ? `${Math.round(percent)}%` : 'Starting'}
          </Text>
        </Group>
        <Progress value={percent} animated aria-label="Package progress" />
        <Text size="xs" c="dimmed">
          Conversations are read in batches, so even very long histories finish; the app stays usable meanwhile.
        </Text>
      </Stack>
    );
  }
  if (state.phase === 'failed') {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The package could not be built" role="alert">
        {state.message}
      </Alert>
    );
  }
  if (state.phase !== 'done') return null;
  const { result } = state;
  return (
    <Paper withBorder radius="md" p="md" role="region" aria-label="Package ready">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color="teal" size="lg" radius="md" aria-hidden>
            <IconFileZip size={20} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text fw={650} size="sm">
              Package ready
            </Text>
            <Text size="sm" c="dimmed" className="ellipsis">
              {result.fileName} · {formatBytes(result.bytes)}
            </Text>
          </div>
        </Group>
        <Group gap={6} aria-label="What the package holds">
          {COUNT_LABELS.filter(([key]) => result.counts[key] > 0).map(([key, one, many]) => (
            <Badge key={key} variant="light" color="gray" style={{ textTransform: 'none', fontWeight: 500 }}>
              {formatNumber(result.counts[key])} {result.counts[key] === 1 ? one : many}
            </Badge>
          ))}
        </Group>
        <FilePathField path={result.path} label="Saved as" />
        <Text size="xs" c="dimmed">
          Send the ZIP file to the person through a secure channel. It holds report.html (readable, printable), person.json and CSV files (machine-readable), and a README.
        </Text>
      </Stack>
    </Paper>
  );
}
