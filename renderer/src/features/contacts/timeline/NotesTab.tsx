import { Alert, Paper, Stack } from '@mantine/core';
import { IconNotes } from '@tabler/icons-react';
import type { ContactDetail, TimelineItem } from '../../../../../preload/contract';
import { EmptyState } from '../../../components/EmptyState';
import { LoadMoreSentinel } from './LoadMoreSentinel';
import { NoteEditor } from './NoteEditor';
import { TimelineList } from './TimelineTab';
import { useNoteActions } from './useNoteActions';
import { useTimeline } from './useTimeline';

const NOTE_KINDS = ['note' as const];

/** Write a note; read, pin, edit and delete the contact's notes (pinned first). */
export function NotesTab({ contact }: { contact: ContactDetail }) {
  const notes = useTimeline(contact.id, NOTE_KINDS);
  const { create } = useNoteActions();
  const pinnedFirst = [...notes.items].sort((a, b) => Number(isPinned(b)) - Number(isPinned(a)));
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <NoteEditor
          label="New note"
          placeholder="Write a note about this contact…"
          submitLabel="Add note"
          autoFocus={false}
          onSubmit={async (body) => {
            await create(contact.id, body);
          }}
        />
      </Paper>
      {notes.error && notes.items.length === 0 ? (
        <Alert color="red" variant="light" title="Notes could not be loaded">
          {notes.error.message}
        </Alert>
      ) : notes.items.length === 0 && !notes.loading ? (
        <EmptyState icon={<IconNotes size={24} />} color="yellow" title="No notes yet">
          Notes are private to your team. Use them to keep context for the next person who talks to this contact.
        </EmptyState>
      ) : (
        <>
          <TimelineList items={pinnedFirst} contact={contact} />
          {notes.items.length > 0 && <LoadMoreSentinel timeline={notes} endText="No older notes." />}
        </>
      )}
    </Stack>
  );
}

function isPinned(item: TimelineItem): boolean {
  return item.kind === 'note' && item.note.pinned;
}
