import { Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconFileCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

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
        <TextInput label="File" value={path ?? ''} readOnly onFocus={(event) => event.currentTarget.select()} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} />
        <Group justify="flex-end" gap="sm">
          <CopyButton value={path ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" leftSection={copied ? <IconCheck size={15} /> : <IconCopy size={15} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy path'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
