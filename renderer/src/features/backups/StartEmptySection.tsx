/**
 * The way out when no backup can help: the unusable file is set aside (renamed, kept) and a
 * new, empty workspace opens. Asked for twice: it is the last resort.
 */
import { Alert, Button, Card, Group, Text, Title } from '@mantine/core';
import { IconFilePlus } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../api/client';
import { ConfirmWorkModal } from './ConfirmWorkModal';

export function StartEmptySection({ databasePath, onStarted }: { databasePath: string; onStarted(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setWorking(true);
    setError(null);
    try {
      await api.call('app.startEmpty', {});
      setConfirming(false);
      onStarted();
    } catch (failure) {
      setConfirming(false);
      setError((failure as Error).message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="recovery-start-empty">
      <Group justify="space-between" align="center" wrap="nowrap" gap="lg">
        <div>
          <Title order={2} size="h4" fw={650} id="recovery-start-empty">
            Start over with an empty workspace
          </Title>
          <Text size="sm" c="dimmed">
            When no backup helps: the file is set aside (renamed, not deleted) and a new, empty workspace opens. Contacts kept by the chatbot service come back when you connect to it again.
          </Text>
        </div>
        <Button variant="default" leftSection={<IconFilePlus size={16} />} onClick={() => setConfirming(true)} style={{ flexShrink: 0 }} aria-label="Set the file aside and start empty">
          Start empty…
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mt="md" title="Nothing was changed" withCloseButton onClose={() => setError(null)} closeButtonLabel="Dismiss">
          {error}
        </Alert>
      )}
      <ConfirmWorkModal
        opened={confirming}
        title="Set the file aside and start empty?"
        working={working}
        workingText="Making a new workspace…"
        confirmLabel="Set aside and start empty"
        confirmName="Start with an empty workspace"
        confirmColor="red"
        onCancel={() => setConfirming(false)}
        onConfirm={() => void start()}
      >
        <Text size="sm">
          The workspace file is renamed to <b>…set-aside-</b> and the time, in the same folder, and kept as it is: support may still be able to recover it.
        </Text>
        <Text size="xs" c="dimmed" style={{ fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' }}>
          {databasePath}
        </Text>
      </ConfirmWorkModal>
    </Card>
  );
}
