import { ActionIcon, Badge, Group, Menu, Text } from '@mantine/core';
import { SafeMarkdown } from '../../../components/SafeMarkdown';
import { IconDots, IconNote, IconPencil, IconPin, IconPinnedOff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Note } from '../../../../../preload/contract';
import { NoteEditor } from './NoteEditor';
import classes from './Timeline.module.css';
import { TimelineRow } from './TimelineRow';
import { useNoteActions } from './useNoteActions';

/** A note: its Markdown rendered safely (no HTML, no images), with edit, pin, and delete with undo. */
export function NoteItem({ note, at }: { note: Note; at: string }) {
  const [mode, setMode] = useState<'view' | 'edit'>('view');
  const actions = useNoteActions();
  return (
    <TimelineRow
      icon={<IconNote size={16} />}
      color="yellow"
      at={at}
      title={
        <Group gap={6} wrap="nowrap">
          <Text span size="sm">
            <Text span fw={600} dir="auto" className="untrusted">
              {note.authorName.slice(0, 100)}
            </Text>{' '}
            added a note
          </Text>
          {note.pinned && (
            <Badge size="xs" variant="light" color="yellow" leftSection={<IconPin size={10} />}>
              Pinned
            </Badge>
          )}
        </Group>
      }
    >
      <div className={`${classes.card} ${note.pinned ? classes.pinned : ''}`}>
        {mode === 'edit' ? (
          <NoteEditor
            initial={note.body}
            submitLabel="Save"
            label="Edit note"
            onCancel={() => setMode('view')}
            onSubmit={async (body) => {
              if (await actions.update(note.id, { body })) setMode('view');
            }}
          />
        ) : (
          <Group align="flex-start" wrap="nowrap" gap="xs">
            <div style={{ flex: 1, minWidth: 0 }}>
              <SafeMarkdown text={note.body.length > 20_000 ? `${note.body.slice(0, 20_000)}…` : note.body} />
            </div>
            <Menu position="bottom-end" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon size="sm" aria-label="Note actions" mt={-2}>
                  <IconDots size={15} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setMode('edit')}>
                  Edit
                </Menu.Item>
                <Menu.Item leftSection={note.pinned ? <IconPinnedOff size={14} /> : <IconPin size={14} />} onClick={() => void actions.update(note.id, { pinned: !note.pinned })}>
                  {note.pinned ? 'Unpin' : 'Pin to top'}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void actions.remove(note)}>
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </div>
    </TimelineRow>
  );
}
