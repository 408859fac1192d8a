import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A confirmation for work that closes and reopens the workspace (a restore, starting empty):
 * while it runs, it says what is happening and cannot be dismissed.
 */
export function ConfirmWorkModal(props: {
  opened: boolean;
  title: string;
  working: boolean;
  workingText: string;
  confirmLabel: string;
  /** The confirm button's accessible name. */
  confirmName: string;
  confirmColor: string;
  onCancel(): void;
  onConfirm(): void;
  children: ReactNode;
}) {
  const { opened, title, working, workingText, confirmLabel, confirmName, confirmColor, onCancel, onConfirm, children } = props;
  return (
    <Modal opened={opened} onClose={() => !working && onCancel()} title={title} centered closeOnClickOutside={!working} closeOnEscape={!working} withCloseButton={!working}>
      <Stack gap="md">
        {children}
        {working && (
          <Group gap="sm" role="status" wrap="nowrap">
            <Loader size="sm" />
            <Text size="sm">{workingText}</Text>
          </Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={working}>
            Cancel
          </Button>
          <Button color={confirmColor} onClick={onConfirm} loading={working} aria-label={confirmName}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
