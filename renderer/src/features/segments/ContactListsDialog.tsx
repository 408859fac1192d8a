import { Button, Checkbox, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContactDetail } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { DEFAULT_COLUMNS, DEFAULT_SORT } from '../../state/listView';
import { NewSegmentDialog } from './SegmentDialogs';
import { useSegments } from './useSegments';

/** Which lists a contact is on: a checkbox per list, changed at once. */
export function ContactListsDialog({ contact, opened, onClose }: { contact: ContactDetail; opened: boolean; onClose(): void }) {
  const lists = (useSegments((s) => s.segments) ?? []).filter((s) => s.kind === 'list');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const on = new Set(contact.lists.map((l) => l.id));

  const toggle = async (id: string, name: string, add: boolean) => {
    setBusy(id);
    try {
      if (add) await api.call('segments.addContacts', { id, contactIds: [contact.id] });
      else await api.call('segments.removeContacts', { id, contactIds: [contact.id] });
    } catch (error) {
      notifications.show({ color: 'red', title: `“${name}” was not changed`, message: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Modal opened={opened && !creating} onClose={onClose} title={`Lists for ${contact.displayName.slice(0, 60)}`} centered>
        <Stack gap="sm">
          {lists.length === 0 ? (
            <Text size="sm" c="dimmed">
              No lists yet. A list keeps contacts you pick, such as “Call back this week”.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={320}>
              <Stack gap={8} role="group" aria-label="Lists">
                {lists.map((list) => (
                  <Checkbox
                    key={list.id}
                    label={list.name}
                    checked={on.has(list.id)}
                    disabled={busy === list.id}
                    onChange={(event) => void toggle(list.id, list.name, event.currentTarget.checked)}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          <Group justify="space-between" mt="xs">
            <Button variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
              New list
            </Button>
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
      <NewSegmentDialog
        opened={creating}
        onClose={() => setCreating(false)}
        kind="list"
        filter={{}}
        view={{ columns: DEFAULT_COLUMNS, sort: DEFAULT_SORT }}
        allowKindChoice={false}
        initialMembers={[contact.id]}
      />
    </>
  );
}
