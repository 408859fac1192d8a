import { notifications } from '@mantine/notifications';
import type { ContactDetail } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { showUndoNotice } from '../../../components/undoNotice';

/** Deletes a contact and offers to undo it for as long as the core holds the deletion back. */
export async function deleteWithUndo(contact: ContactDetail, select: (id: string | null) => void): Promise<void> {
  let undoUntil: string;
  try {
    undoUntil = (await api.call('contacts.delete', { id: contact.id })).undoUntil;
  } catch (error) {
    notifications.show({ color: 'red', title: 'The contact could not be deleted', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  select(null);
  showUndoNotice({
    id: `deleted-${contact.id}`,
    title: 'Contact deleted',
    what: contact.displayName,
    undoUntil,
    undo: async () => {
      await api.call('contacts.undoDelete', { id: contact.id });
      select(contact.id);
      notifications.show({ color: 'teal', title: 'Contact restored', message: contact.displayName.slice(0, 120), autoClose: 3000 });
    },
  });
}
