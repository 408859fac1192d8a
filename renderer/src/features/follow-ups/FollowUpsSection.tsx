import { Button, Loader, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Section } from '../contacts/detail/Section';
import { FollowUpForm } from './FollowUpForm';
import { FollowUpItem } from './FollowUpItem';
import { useFollowUps } from './useFollowUps';

/** A contact's follow-ups in its details: open ones by due time, then the done ones. */
export function FollowUpsSection({ contactId }: { contactId: string }) {
  const followUps = useFollowUps({ contactId });
  const [adding, setAdding] = useState(false);
  const items = followUps.data ?? [];
  return (
    <Section
      title="Follow-ups"
      aside={
        !adding && (
          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} data-action="add-follow-up">
            Add follow-up
          </Button>
        )
      }
    >
      {adding && <FollowUpForm contactId={contactId} actions={followUps} onDone={() => setAdding(false)} />}
      {followUps.loading ? (
        <Loader size="xs" aria-label="Loading follow-ups" />
      ) : items.length === 0 ? (
        !adding && (
          <Text size="sm" c="dimmed">
            No follow-ups. Add one to be reminded to get back to this person.
          </Text>
        )
      ) : (
        <Stack gap={0} component="ul" aria-label="Follow-ups of this contact" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((f) => (
            <li key={f.id}>
              <FollowUpItem followUp={f} actions={followUps} showContact={false} />
            </li>
          ))}
        </Stack>
      )}
    </Section>
  );
}
