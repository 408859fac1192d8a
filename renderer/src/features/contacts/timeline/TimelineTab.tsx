import { Alert, Button, Group, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContactDetail, TimelineItem, TimelineKind } from '../../../../../preload/contract';
import { EmptyState } from '../../../components/EmptyState';
import { JumpToDate } from '../../../components/JumpToDate';
import { endOfDay, startOfDay } from '../../../lib/days';
import { formatDate } from '../../../lib/format';
import { useScrollToStartOnJump } from '../../../lib/useScrollToStartOnJump';
import { ConversationItem } from './ConversationItem';
import { DayGroups } from './DayGroups';
import type { Speaker } from './speaker';
import { EventItem } from './EventItem';
import { FieldChangeItem } from './FieldChangeItem';
import { MergeItem } from './MergeItem';
import { ConsentItem } from './ConsentItem';
import { LoadMoreSentinel } from './LoadMoreSentinel';
import { NoteItem } from './NoteItem';
import classes from './Timeline.module.css';
import { useTimeline } from './useTimeline';

type Filter = 'all' | 'conversation' | 'event' | 'note' | 'changes';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'conversation', label: 'Conversations' },
  { value: 'event', label: 'Events' },
  { value: 'note', label: 'Notes' },
  { value: 'changes', label: 'Changes' },
];

/** What each filter shows: "Changes" are edits, merges and consent statements. */
const FILTER_KINDS: Record<Exclude<Filter, 'all'>, TimelineKind[]> = {
  conversation: ['conversation'],
  event: ['event'],
  note: ['note'],
  changes: ['field_change', 'merge', 'consent'],
};

/** Everything that happened with the contact, newest first, grouped by day. */
export function TimelineTab({ contact }: { contact: ContactDetail }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [jumpDay, setJumpDay] = useState<string | null>(null);
  const timeline = useTimeline(contact.id, filter === 'all' ? undefined : FILTER_KINDS[filter], jumpDay ? endOfDay(jumpDay) : null);
  const list = useScrollToStartOnJump(jumpDay, timeline.loading, timeline.items.length > 0);
  return (
    <Stack gap="sm">
      {/* Sticks below the sticky tab bar, so scrolling never tucks it under the bar. */}
      <Stack gap={6} className={classes.filters}>
        <Group gap="xs" wrap="nowrap">
          <SegmentedControl size="xs" style={{ flex: 1 }} value={filter} onChange={(v) => setFilter(v as typeof filter)} data={FILTERS} aria-label="Show in timeline" />
          <JumpToDate day={jumpDay} onChange={setJumpDay} compact />
        </Group>
        {jumpDay && (
          <Group gap="xs" justify="space-between" className={classes.jumped} role="status">
            <Text size="xs">Showing {formatDate(startOfDay(jumpDay))} and earlier</Text>
            <Button size="compact-xs" variant="subtle" onClick={() => setJumpDay(null)}>
              Back to newest
            </Button>
          </Group>
        )}
      </Stack>
      {timeline.items.length === 0 && timeline.loading ? (
        <TimelineSkeleton />
      ) : timeline.items.length === 0 && timeline.error ? (
        <Alert color="red" variant="light" title="The timeline could not be loaded">
          {timeline.error.message}
        </Alert>
      ) : timeline.items.length === 0 ? (
        <EmptyState icon={<IconMoodEmpty size={24} />} color="gray" title={jumpDay ? 'Nothing on or before this day' : 'Nothing here yet'}>
          {jumpDay
            ? 'Pick a later date, or go back to the newest.'
            : filter === 'all'
              ? 'Conversations, events, notes, changes and consent for this contact will show up here.'
              : 'Nothing of this kind for this contact.'}
        </EmptyState>
      ) : (
        <div ref={list} className={classes.jumpTarget}>
          <TimelineList items={timeline.items} contact={contact} />
          <LoadMoreSentinel timeline={timeline} endText="That’s everything for this contact." />
        </div>
      )}
    </Stack>
  );
}

export function TimelineList({ items, contact }: { items: TimelineItem[]; contact: ContactDetail }) {
  return <DayGroups items={items} at={(item) => item.at} keyOf={(item) => `${item.kind}:${item.id}`} render={(item) => <TimelineEntry item={item} contact={contact} />} />;
}

/** One item of a timeline by its kind (also on the Activity page, whose rows name their contact). */
export function TimelineEntry({ item, contact }: { item: TimelineItem; contact: Speaker }) {
  switch (item.kind) {
    case 'conversation':
      return <ConversationItem item={item} contact={contact} />;
    case 'event':
      return <EventItem item={item} />;
    case 'note':
      return <NoteItem note={item.note} at={item.at} />;
    case 'field_change':
      return <FieldChangeItem item={item} />;
    case 'merge':
      return <MergeItem item={item} />;
    case 'consent':
      return <ConsentItem item={item} />;
  }
}

export function TimelineSkeleton({ label = 'Loading timeline' }: { label?: string }) {
  return (
    <Stack gap="lg" mt="sm" aria-busy aria-label={label}>
      {Array.from({ length: 4 }, (_, i) => (
        <Stack key={i} gap={6} pl={42} style={{ position: 'relative' }}>
          <Skeleton circle height={30} style={{ position: 'absolute', left: 0, top: 0 }} />
          <Skeleton height={12} width={`${50 + ((i * 23) % 40)}%`} mt={8} />
          <Skeleton height={40} />
        </Stack>
      ))}
    </Stack>
  );
}
