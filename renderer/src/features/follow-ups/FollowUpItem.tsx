import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlarmSnooze, IconCloudUpload, IconDots, IconTrash, IconUser } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { FollowUp } from '../../../../preload/contract';
import { Untrusted } from '../../components/Untrusted';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useUi } from '../../state/ui';
import { snoozeChoices, type FollowUpActions } from './useFollowUps';

/** One follow-up: done box, title, due time (red when overdue), assignee, snooze and delete. */
export function FollowUpItem({ followUp, actions, showContact }: { followUp: FollowUp; actions: FollowUpActions; showContact: boolean }) {
  const now = useNow();
  const openContact = useUi((s) => s.openContact);
  const done = followUp.doneAt !== null;
  // The box answers the click at once; the saved state follows (and wins if saving failed).
  const [checked, setChecked] = useState(done);
  useEffect(() => setChecked(done), [done]);
  const overdue = !done && Date.parse(followUp.dueAt) < now;
  const title = followUp.title.slice(0, 200);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" py={6} data-testid="follow-up">
      <Checkbox
        mt={2}
        checked={checked}
        aria-label={`${done ? 'Reopen' : 'Mark done'}: ${title}`}
        onChange={(event) => {
          const next = event.currentTarget.checked;
          setChecked(next);
          void actions.update({ id: followUp.id, done: next }, 'The follow-up could not be changed').then((saved) => {
            if (!saved) setChecked(done);
          });
        }}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={550} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined} className="ellipsis">
          <Untrusted text={followUp.title} line />
        </Text>
        <Group gap={8} wrap="wrap">
          <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : 400}>
            <time dateTime={followUp.dueAt} title={formatDateTime(followUp.dueAt)}>
              {done ? `Done ${formatRelative(followUp.doneAt, now)}` : `${overdue ? 'Overdue, due' : 'Due'} ${formatRelative(followUp.dueAt, now)} · ${formatDateTime(followUp.dueAt)}`}
            </time>
          </Text>
          {followUp.assignee && (
            <Text size="xs" c="dimmed" span>
              <Group gap={3} wrap="nowrap" component="span">
                <IconUser size={12} aria-hidden />
                <Untrusted text={followUp.assignee.name} line />
              </Group>
            </Text>
          )}
          {showContact && (
            <Anchor component="button" size="xs" onClick={() => openContact(followUp.contactId)} aria-label={`Open ${followUp.contactName ?? 'contact'}`}>
              <Untrusted text={followUp.contactName ?? 'Contact not synced yet'} line />
            </Anchor>
          )}
          {followUp.pending && (
            <Tooltip label="Saved on this device; will be sent to Nexvio.ai on the next sync">
              <Badge size="xs" variant="light" color="yellow" leftSection={<IconCloudUpload size={10} />} style={{ textTransform: 'none' }}>
                Pending sync
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Stack>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${title}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {!done && (
            <>
              <Menu.Label>Snooze</Menu.Label>
              {snoozeChoices(new Date(now)).map((choice) => (
                <Menu.Item
                  key={choice.label}
                  leftSection={<IconAlarmSnooze size={14} />}
                  onClick={() => void actions.update({ id: followUp.id, dueAt: choice.at.toISOString() }, 'The follow-up could not be snoozed')}
                >
                  {choice.label}
                </Menu.Item>
              ))}
              <Menu.Divider />
            </>
          )}
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void actions.remove(followUp)}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
