import { Alert, Button, Divider, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconFolderShare } from '@tabler/icons-react';
import { useState } from 'react';
import { sessionMethods, type AppState } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { FilePathField } from '../../components/FilePathField';
import { SectionCard } from '../../components/SectionCard';
import { formatPercent } from '../../lib/format';
import { ConfirmWorkModal } from '../backups/ConfirmWorkModal';
import { RevealButton } from './RevealButton';
import { WhenLoaded } from './SessionError';
import { errorText, useAppStateResource } from './useSession';

/** The job name of a move's `progress` events. */
const MOVE_JOB = 'data-folder';

/**
 * Where the workspace lives, shown and revealed, and a move elsewhere: a native folder picker in
 * the desktop app, a typed full path in the browser host; confirmed, with progress and the result.
 */
export function DataFolderSettings() {
  const state = useAppStateResource();
  const app = state.data;
  return (
    <SectionCard
      id="settings-data-folder"
      title="Data folder"
      description="The workspace database and its backups live in this folder on this device."
      actions={app?.host === 'electron' ? <RevealButton what="dataFolder" label="Reveal folder" title="The data folder" /> : undefined}
    >
      <WhenLoaded resource={state} what="Where the workspace is" height={120}>
        {(current) => (
          <Stack gap="md">
            <FilePathField path={current.dataFolder} label="Folder" />
            <FilePathField path={current.databasePath} label="Workspace database" />
            <MoveFolder app={current} onMoved={state.set} />
          </Stack>
        )}
      </WhenLoaded>
    </SectionCard>
  );
}

function MoveFolder({ app, onMoved }: { app: AppState; onMoved(state: AppState): void }) {
  const [typed, setTyped] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<{ message: string; onField: boolean } | null>(null);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const picker = app.host === 'electron';

  useAppEvent((event) => {
    if (event.type === 'progress' && event.job === MOVE_JOB) setProgress({ done: event.done, total: event.total });
  });

  const choose = async () => {
    setError(null);
    try {
      const { path } = await api.call('app.chooseFolder', { title: 'Move the workspace to…' });
      if (path) setTarget(path);
    } catch (failure) {
      setError({ message: errorText(failure), onField: false });
    }
  };
  const move = async () => {
    if (target === null) return;
    setMoving(true);
    setProgress(null);
    setError(null);
    try {
      const next = await api.call('dataFolder.move', { to: target });
      onMoved(next);
      setMovedTo(next.dataFolder);
      setTyped('');
    } catch (failure) {
      // A refused path is shown beside the field it came from; anything else under the button.
      setError({ message: errorText(failure), onField: !picker && failure instanceof ApiError && failure.path?.[0] === 'to' });
    } finally {
      setMoving(false);
      setTarget(null);
    }
  };
  const percent = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : null;

  return (
    <Stack gap="sm">
      <Divider mt={4} />
      <Text size="sm" fw={600}>
        Move to another folder
      </Text>
      <Text size="sm" c="dimmed" mt={-8}>
        The workspace is closed, copied, checked and opened from the new folder; the old files are removed only once the copy opened. A folder that holds another workspace is
        refused.
      </Text>
      {picker ? (
        <Group>
          <Button variant="default" leftSection={<IconFolderShare size={16} />} onClick={() => void choose()} loading={moving}>
            Move…
          </Button>
        </Group>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            // The contract's own check, before asking: a relative path is said beside the field.
            const checked = sessionMethods['dataFolder.move'].input.safeParse({ to: typed });
            if (!checked.success) return setError({ message: checked.error.issues[0]?.message ?? 'Type the full path of a folder', onField: true });
            setError(null);
            setTarget(checked.data.to);
          }}
        >
          <Group align="flex-start" wrap="nowrap">
            <TextInput
              label="New folder (full path)"
              placeholder={app.platform === 'win32' ? 'D:\\Nexvio' : '/home/me/Nexvio'}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              error={error?.onField ? error.message : undefined}
              style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
              maxLength={1000}
            />
            <Button type="submit" variant="default" mt={25} leftSection={<IconFolderShare size={16} />} loading={moving}>
              Move…
            </Button>
          </Group>
        </form>
      )}
      {moving && (
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {percent === null ? 'Moving the workspace…' : `Moving the workspace… ${formatPercent(percent)}`}
          </Text>
          <Progress value={percent ?? 100} animated aria-label="Moving the workspace" />
        </Stack>
      )}
      {error && !error.onField && (
        <Alert color="red" variant="light" title="The workspace was not moved">
          {error.message}
        </Alert>
      )}
      {movedTo && !moving && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="The workspace was moved" withCloseButton onClose={() => setMovedTo(null)}>
          It now lives in {movedTo}. The app opens it from there from now on.
        </Alert>
      )}
      <ConfirmWorkModal
        opened={target !== null && !moving}
        title="Move the workspace?"
        working={false}
        workingText=""
        confirmLabel="Move workspace"
        confirmName="Move workspace"
        confirmColor="nexvio"
        onConfirm={() => void move()}
        onCancel={() => setTarget(null)}
      >
        <Text size="sm">
          The workspace and its backups are moved from <Text span ff="monospace" size="sm">{app.dataFolder}</Text> to{' '}
          <Text span ff="monospace" size="sm">{target}</Text>. The app closes the workspace while it copies; this can take a while for a large one.
        </Text>
      </ConfirmWorkModal>
    </Stack>
  );
}
