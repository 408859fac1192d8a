import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { Note } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { useUi } from '../../../state/ui';
import { showUndoNotice } from '../../../components/undoNotice';

function failed(title: string, error: unknown) {
  notifications.show({ color: 'red', title, message: error instanceof Error ? error.message : String(error) });
}

/** Create, edit, pin and delete notes; each refreshes the timeline and notes list. */
export function useNoteActions() {
  const bump = useUi((s) => s.bumpTimeline);
  const create = useCallback(
    async (contactId: string, body: string): Promise<Note> => {
      const note = await api.call('notes.create', { contactId, body });
      bump();
      return note;
    },
    [bump],
  );
  const update = useCallback(
    async (id: string, change: { body?: string; pinned?: boolean }): Promise<boolean> => {
      try {
        await api.call('notes.update', { id, ...change });
        bump();
        return true;
      } catch (error) {
        failed('The note could not be saved', error);
        return false;
      }
    },
    [bump],
  );
  const remove = useCallback(
    async (note: Note) => {
      try {
        const { undoUntil } = await api.call('notes.delete', { id: note.id });
        bump();
        showUndoNotice({
          id: `deleted-note-${note.id}`,
          title: 'Note deleted',
          what: note.body.replace(/\s+/g, ' '),
          undoUntil,
          undo: async () => {
            await api.call('notes.undoDelete', { id: note.id });
            bump();
          },
        });
      } catch (error) {
        failed('The note could not be deleted', error);
      }
    },
    [bump],
  );
  return { create, update, remove };
}
