import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFileCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { FilePathField } from './FilePathField';

/** A file the app wrote for the person (an export, a package): what it is, where, Copy path. */
export function FileReadyModal({ title, path, children, onClose, icon }: { title: string; path: string | null; children: ReactNode; onClose(): void; icon?: ReactNode }) {
  return (
    <Modal opened={path !== null} onClose={onClose} title={title} centered size="lg">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {icon ?? <IconFileCheck size={22} color="var(--mantine-color-teal-6)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />}
          <Text size="sm" component="div">
            {children}
          </Text>
        </Group>
        {path !== null && <FilePathField path={path} />}
        <Group justify="flex-end" gap="sm">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
