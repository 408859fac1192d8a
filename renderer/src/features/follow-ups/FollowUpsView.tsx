import { Badge, Card, Group, Loader, SegmentedControl, Stack, Title } from '@mantine/core';
import { Page } from '../../components/Page';
import { IconAlarm } from '@tabler/icons-react';
import { useState } from 'react';
import type { FollowUp } from '../../../../preload/contract';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { FollowUpItem } from './FollowUpItem';
import classes from './FollowUpsView.module.css';
import { groupByDue, useFollowUps, type FollowUpActions } from './useFollowUps';

/** "My follow-ups": what is overdue, due today and coming up, for me or for everyone. */
export function FollowUpsView() {
  const [assignee, setAssignee] = useState<'me' | 'anyone'>('me');
  const followUps = useFollowUps({ assignee });
  const now = useNow(30_000);
  const groups = groupByDue(followUps.data ?? [], new Date(now));
  const total = groups.overdue.length + groups.today.length + groups.upcoming.length;
  return (
    <Page
      title="Follow-ups"
      description="People to get back to, by when. Mark one done or snooze it; changes sync with your team."
      actions={
        <SegmentedControl
          aria-label="Whose follow-ups"
          value={assignee}
          onChange={(value) => setAssignee(value === 'anyone' ? 'anyone' : 'me')}
          data={[
            { value: 'me', label: 'Mine' },
            { value: 'anyone', label: 'Everyone' },
          ]}
        />
      }
    >
      {followUps.loading ? (
        <Loader aria-label="Loading follow-ups" />
      ) : total === 0 ? (
        <EmptyState icon={<IconAlarm size={26} />} title={assignee === 'me' ? 'Nothing to follow up' : 'No open follow-ups'}>
          Open a contact and use “Add follow-up” in its details to be reminded to get back to them.
        </EmptyState>
      ) : (
        <>
          <DueGroup title="Overdue" color="red" items={groups.overdue} actions={followUps} />
          <DueGroup title="Today" color="nexvio" items={groups.today} actions={followUps} />
          <DueGroup title="Upcoming" color="gray" items={groups.upcoming} actions={followUps} />
        </>
      )}
    </Page>
  );
}

function DueGroup({ title, color, items, actions }: { title: string; color: string; items: FollowUp[]; actions: FollowUpActions }) {
  if (items.length === 0) return null;
  const id = `follow-ups-${title.toLowerCase()}`;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Group gap="xs" mb="xs">
        <Title order={2} size="h5" id={id} fw={650}>
          {title}
        </Title>
        <Badge size="sm" variant="light" color={color} radius="xl">
          {formatNumber(items.length)}
        </Badge>
      </Group>
      <Stack gap={0} component="ul" aria-label={`${title} follow-ups`} className={classes.list}>
        {items.map((f) => (
          <li key={f.id}>
            <FollowUpItem followUp={f} actions={actions} showContact />
          </li>
        ))}
      </Stack>
    </Card>
  );
}
