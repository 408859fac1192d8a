import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ContactDetail } from '../../../../../preload/contract';
import { api, ApiError } from '../../../api/client';

/**
 * Deletes a contact and offers to undo it for as long as the core holds the deletion back
 * (the notice closes when that time is up).
 */
export async function deleteWithUndo(contact: ContactDetail, select: (id: string | null) => void): Promise<void> {
  let undoUntil: string;
  try {
    undoUntil = (await api.call('contacts.delete', { id: contact.id })).undoUntil;
  } catch (error) {
    notifications.show({ color: 'red', title: 'The contact could not be deleted', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  select(null);
  const noticeId = `deleted-${contact.id}`;
  const undo = async () => {
    notifications.hide(noticeId);
    try {
      await api.call('contacts.undoDelete', { id: contact.id });
      select(contact.id);
      notifications.show({ color: 'teal', title: 'Contact restored', message: contact.displayName.slice(0, 120), autoClose: 3000 });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'The deletion could not be undone',
        message: error instanceof ApiError || error instanceof Error ? error.message : String(error),
      });
    }
  };
  notifications.show({
    id: noticeId,
    title: 'Contact deleted',
    autoClose: Math.max(1000, Date.parse(undoUntil) - Date.now() - 500),
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm" className="ellipsis" dir="auto">
          {contact.displayName.slice(0, 120)}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => void undo()}>
          Undo
        </Button>
      </Group>
    ),
  });
}
