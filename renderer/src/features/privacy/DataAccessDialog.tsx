import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFileZip } from '@tabler/icons-react';
import type { ContactDetail } from '../../../../preload/contract';
import { BuildStatus, useDataAccessBuild } from './dataAccess';

/** "Data-access package…" from a contact's menu: the same package as the Privacy page builds, for this contact. */
export function DataAccessDialog({ contact, opened, onClose }: { contact: ContactDetail; opened: boolean; onClose(): void }) {
  const { state, build, reset } = useDataAccessBuild();
  const building = state.phase === 'building';
  const close = () => {
    if (building) return;
    reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      size="lg"
      centered
      closeOnEscape={!building}
      closeOnClickOutside={!building}
      title={
        <Group gap={8}>
          <IconFileZip size={18} aria-hidden />
          <Text fw={650}>Data-access package</Text>
        </Group>
      }
    >
      <Stack gap="md">
        <Text size="sm">
          Everything this workspace holds about{' '}
          <Text span fw={600} className="untrusted" dir="auto">
            {contact.displayName.slice(0, 200)}
          </Text>
          , in one ZIP file: a readable report, the complete data as JSON and CSV files, with their consent history, conversations, notes and audit entries. Nothing about anyone else is included.
        </Text>
        <Text size="sm" c="dimmed">
          It is saved in the workspace’s exports folder and the request is recorded in the audit log.
        </Text>
        <BuildStatus state={state} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={building}>
            {state.phase === 'done' ? 'Done' : 'Cancel'}
          </Button>
          {state.phase !== 'done' && (
            <Button leftSection={<IconFileZip size={16} />} loading={building} onClick={() => void build(contact.id)}>
              {state.phase === 'failed' ? 'Try again' : 'Build package'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
