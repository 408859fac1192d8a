import { Alert, Anchor, Button, Card, Group, List, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconMessageChatbot, IconPlugConnected, IconTimeline, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useAppEvent } from '../../../api/useAppEvent';
import { LogoMark } from '../../../components/LogoMark';
import { formatNumber } from '../../../lib/format';
import { useUi } from '../../../state/ui';
import { isConnected } from '../../sync/describe';
import { TryDemoButton } from '../../sync/SyncControls';
import { DEMO_CONTACTS } from '../../sync/useSyncActions';
import { useSyncStatus } from '../../sync/useSyncStatus';
import { useImportWizard } from '../import/importWizard';

/** Generated contacts without a service (`workspace.seedDemo`): for a look around offline. */
export const SAMPLE_CONTACTS = 2000;

/**
 * The first screen of an empty workspace: what the app is, and the ways in: the demo workspace
 * (a local chatbot service with live activity, synced like a real one), connecting to a real
 * workspace, or sample data without any service. Connected to a workspace that has no
 * contacts yet, it says that instead.
 */
export function EmptyWorkspace({ onSeeded }: { onSeeded(): void }) {
  const connected = isConnected(useSyncStatus().data);
  const openConnect = useUi((s) => s.openConnect);
  const [state, setState] = useState<{ phase: 'idle' | 'running' | 'failed'; done: number; total: number; error?: string }>({ phase: 'idle', done: 0, total: SAMPLE_CONTACTS });

  useAppEvent((event) => {
    if (event.type === 'progress' && state.phase === 'running') setState((s) => ({ ...s, done: event.done, total: event.total || s.total }));
  });

  const seed = async () => {
    setState({ phase: 'running', done: 0, total: SAMPLE_CONTACTS });
    try {
      await api.call('workspace.seedDemo', { contacts: SAMPLE_CONTACTS });
      onSeeded();
    } catch (error) {
      setState({ phase: 'failed', done: 0, total: SAMPLE_CONTACTS, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const percent = state.total > 0 ? Math.min(100, (state.done / state.total) * 100) : 0;
  return (
    <Stack align="center" justify="center" style={{ flex: 1 }} p="xl">
      <Card withBorder radius="lg" shadow="sm" p={36} maw={580} w="100%">
        <Stack gap="lg">
          <Group gap="md" wrap="nowrap">
            <LogoMark size={44} />
            <div>
              <Title order={1} size="h2" fw={700} style={{ letterSpacing: '-0.02em' }}>
                Welcome to Nexvio Contacts
              </Title>
              <Text c="dimmed" size="md">
                Everyone who talked to your chatbot, in one place, even offline.
              </Text>
            </div>
          </Group>
          <List spacing="sm" size="md" center>
            <List.Item icon={<Feature icon={<IconUsers size={16} />} />}>Browse and search contacts by name, email, phone or note</List.Item>
            <List.Item icon={<Feature icon={<IconMessageChatbot size={16} />} />}>Read conversation transcripts with the bot and your agents</List.Item>
            <List.Item icon={<Feature icon={<IconTimeline size={16} />} />}>Follow each person’s activity, tags, notes and consent</List.Item>
          </List>
          {connected ? (
            <Text size="sm" c="dimmed">
              Your Nexvio.ai workspace has no contacts yet. They appear here as soon as people talk to your chatbot.
            </Text>
          ) : state.phase === 'running' ? (
            <Stack gap={6} role="status" aria-live="polite">
              <Group justify="space-between">
                <Text size="sm" fw={500}>
                  Creating sample contacts…
                </Text>
                <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatNumber(state.done)} of {formatNumber(state.total)}
                </Text>
              </Group>
              <Progress value={percent} animated={percent < 100} size="md" radius="xl" aria-label="Sample data progress" />
            </Stack>
          ) : (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                This workspace is empty. Start the demo workspace: a chatbot service on this computer with {formatNumber(DEMO_CONTACTS)} contacts and live
                conversations, synced just like your own. Or connect to your Nexvio.ai workspace.
              </Text>
              <Group gap="sm">
                <TryDemoButton label="Start demo workspace" size="md" />
                <Button size="md" variant="default" leftSection={<IconPlugConnected size={18} />} onClick={() => openConnect()}>
                  Connect to your workspace
                </Button>
              </Group>
              <Group gap="lg">
                <Anchor component="button" size="xs" c="dimmed" onClick={() => useImportWizard.getState().open()}>
                  Import contacts from a file
                </Anchor>
                <Anchor component="button" size="xs" c="dimmed" onClick={seed}>
                  Load sample data without a service
                </Anchor>
              </Group>
            </Stack>
          )}
          {state.phase === 'failed' && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The sample data could not be created">
              {state.error}
            </Alert>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

function Feature({ icon }: { icon: React.ReactNode }) {
  return (
    <ThemeIcon size={28} radius="md" variant="light">
      {icon}
    </ThemeIcon>
  );
}
