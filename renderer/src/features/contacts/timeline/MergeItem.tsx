import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin } from '@tabler/icons-react';
import { useState } from 'react';
import type { TimelineItem } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { ActorTitle } from './ActorTitle';
import { TimelineRow } from './TimelineRow';

type Merge = Extract<TimelineItem, { kind: 'merge' }>;

/** "Alex merged Anna B. into this contact", with Undo while the merge has not been sent. */
export function MergeItem({ item }: { item: Merge }) {
  const [busy, setBusy] = useState(false);
  const who = item.actorName ?? (item.origin === 'sync' ? 'Another agent' : 'Someone');
  const names = item.mergedNames.map((n) => n.slice(0, 80)).join(', ');
  const undo = async () => {
    setBusy(true);
    try {
      await api.call('contacts.undoMerge', { mergeId: item.id });
      notifications.show({ color: 'teal', title: 'Merge undone', message: `${names} is a separate contact again.`, autoClose: 3000 });
    } catch (error) {
      notifications.show({ color: 'red', title: 'It could not be undone', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <TimelineRow
      icon={<IconArrowsJoin size={16} />}
      color="grape"
      at={item.at}
      title={
        <ActorTitle who={who} synced={item.origin === 'sync'}>
          merged{' '}
          <Text span fw={600} dir="auto" className="untrusted">
            {names}
          </Text>{' '}
          into this contact
        </ActorTitle>
      }
    >
      <Group gap="xs" mt={4}>
        <Text size="xs" c="dimmed">
          {item.undoable ? 'Not sent to Nexvio.ai yet: it can still be undone.' : 'Their conversations, events, notes and tags now belong to this contact.'}
        </Text>
        {item.undoable && (
          <Button size="compact-xs" variant="light" loading={busy} onClick={() => void undo()} aria-label={`Undo merge of ${names}`}>
            Undo merge
          </Button>
        )}
      </Group>
    </TimelineRow>
  );
}
