/**
 * What the window shows when the workspace could not be opened (the session's `recovery`
 * phase): why, where the file is, and the backups to restore. A restore opens the workspace
 * and the app loads afresh.
 */
import { ActionIcon, Alert, Button, Card, CopyButton, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconFolderOpen } from '@tabler/icons-react';
import type { AppProblem, AppState, RestoreResult } from '../../../../preload/contract';
import { LogoMark } from '../../components/LogoMark';
import { BackupsPanel } from './BackupsPanel';
import { revealFolder } from './reveal';
import { StartEmptySection } from './StartEmptySection';

/** A file that is there but cannot be used; not one the app cannot reach (unreadable) or another program holds (locked). */
const STARTS_EMPTY: AppProblem['code'][] = ['corrupt', 'integrity', 'too_new', 'failed'];
import classes from './RecoveryScreen.module.css';

export function RecoveryScreen({ state, onRestored }: { state: AppState; onRestored(result: RestoreResult): void }) {
  const problem = state.problem;

  return (
    <main className={classes.screen} aria-labelledby="recovery-title">
      <div className={classes.inner}>
        <Stack gap="lg">
          <Group gap="sm">
            <LogoMark size={32} />
            <Text fw={650} size="lg">
              Nexvio Contacts
            </Text>
            <Text size="xs" c="dimmed">
              {state.version}
            </Text>
          </Group>

          <Alert color={problem?.code === 'too_new' ? 'orange' : 'red'} variant="light" radius="md" icon={<IconAlertTriangle size={22} />} p="lg">
            <Title order={1} size="h3" fw={650} id="recovery-title" mb={6}>
              {problem?.title ?? 'The workspace could not be opened'}
            </Title>
            <Text size="sm">{problem?.message}</Text>
          </Alert>

          <Paper withBorder radius="md" p="md">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id="recovery-file">
              Workspace file
            </Text>
            <Group gap="xs" wrap="nowrap" align="center">
              <Text className={classes.path} aria-labelledby="recovery-file">
                {problem?.databasePath ?? state.databasePath}
              </Text>
              <CopyButton value={problem?.databasePath ?? state.databasePath}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy the path'}>
                    <ActionIcon onClick={copy} aria-label="Copy the workspace file’s path" color={copied ? 'teal' : 'gray'}>
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
              <Button variant="default" size="xs" leftSection={<IconFolderOpen size={16} />} onClick={() => void revealFolder('dataFolder', 'The data folder')} aria-label="Show the data folder">
                Show folder
              </Button>
            </Group>
          </Paper>

          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="recovery-backups">
            <Title order={2} size="h4" fw={650} id="recovery-backups" mb={4}>
              Restore a backup
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Choose a copy to check it, then restore it. Contacts and changes that reached the chatbot service come back at the next sync.
            </Text>
            <BackupsPanel mode="recovery" onRestored={onRestored} />
          </Card>

          {problem && STARTS_EMPTY.includes(problem.code) && <StartEmptySection databasePath={problem.databasePath} onStarted={() => window.location.reload()} />}
        </Stack>
      </div>
    </main>
  );
}
