import { Alert, Button, Card, Group, List, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconDatabasePlus, IconMessageChatbot, IconTimeline, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useAppEvent } from '../../../api/useAppEvent';
import { LogoMark } from '../../../components/LogoMark';
import { formatNumber } from '../../../lib/format';

export const DEMO_CONTACTS = 2000;

/** The first screen of an empty workspace: what the app is, and the one-click demo. */
export function EmptyWorkspace({ onSeeded }: { onSeeded(): void }) {
  const [state, setState] = useState<{ phase: 'idle' | 'running' | 'failed'; done: number; total: number; error?: string }>({ phase: 'idle', done: 0, total: DEMO_CONTACTS });

  useAppEvent((event) => {
    if (event.type === 'progress' && state.phase === 'running') setState((s) => ({ ...s, done: event.done, total: event.total || s.total }));
  });

  const seed = async () => {
    setState({ phase: 'running', done: 0, total: DEMO_CONTACTS });
    try {
      await api.call('workspace.seedDemo', { contacts: DEMO_CONTACTS });
      onSeeded();
    } catch (error) {
      setState({ phase: 'failed', done: 0, total: DEMO_CONTACTS, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const percent = state.total > 0 ? Math.min(100, (state.done / state.total) * 100) : 0;
  return (
    <Stack align="center" justify="center" style={{ flex: 1 }} p="xl">
      <Card withBorder radius="lg" shadow="sm" p={36} maw={560} w="100%">
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
          <Text size="sm" c="dimmed">
            This workspace is empty. Connect your Nexvio.ai workspace in Settings to sync your contacts, or explore the app with generated demo data first.
          </Text>
          {state.phase === 'running' ? (
            <Stack gap={6} role="status" aria-live="polite">
              <Group justify="space-between">
                <Text size="sm" fw={500}>
                  Creating demo contacts…
                </Text>
                <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatNumber(state.done)} of {formatNumber(state.total)}
                </Text>
              </Group>
              <Progress value={percent} animated={percent < 100} size="md" radius="xl" aria-label="Demo workspace progress" />
            </Stack>
          ) : (
            <Group>
              <Button size="md" leftSection={<IconDatabasePlus size={18} />} onClick={seed}>
                Load demo workspace
              </Button>
              <Text size="xs" c="dimmed">
                {formatNumber(DEMO_CONTACTS)} contacts with conversations and activity
              </Text>
            </Group>
          )}
          {state.phase === 'failed' && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The demo workspace could not be created">
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
