import { Alert, SegmentedControl, Skeleton, Stack } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContactDetail, TimelineItem, TimelineKind } from '../../../../../preload/contract';
import { EmptyState } from '../../../components/EmptyState';
import { formatDay } from '../../../lib/format';
import { ConversationItem } from './ConversationItem';
import { EventItem } from './EventItem';
import { FieldChangeItem } from './FieldChangeItem';
import { MergeItem } from './MergeItem';
import { LoadMoreSentinel } from './LoadMoreSentinel';
import { NoteItem } from './NoteItem';
import classes from './Timeline.module.css';
import { useTimeline } from './useTimeline';

const FILTERS: { value: 'all' | TimelineKind; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'conversation', label: 'Conversations' },
  { value: 'event', label: 'Events' },
  { value: 'note', label: 'Notes' },
  { value: 'field_change', label: 'Changes' },
];

/** Everything that happened with the contact, newest first, grouped by day. */
export function TimelineTab({ contact }: { contact: ContactDetail }) {
  const [filter, setFilter] = useState<'all' | TimelineKind>('all');
  const timeline = useTimeline(contact.id, filter === 'all' ? undefined : [filter]);
  return (
    <Stack gap="sm">
      {/* Sticks below the sticky tab bar, so scrolling never tucks it under the bar. */}
      <div className={classes.filters}>
        <SegmentedControl size="xs" fullWidth value={filter} onChange={(v) => setFilter(v as typeof filter)} data={FILTERS} aria-label="Show in timeline" />
      </div>
      {timeline.items.length === 0 && timeline.loading ? (
        <TimelineSkeleton />
      ) : timeline.items.length === 0 && timeline.error ? (
        <Alert color="red" variant="light" title="The timeline could not be loaded">
          {timeline.error.message}
        </Alert>
      ) : timeline.items.length === 0 ? (
        <EmptyState icon={<IconMoodEmpty size={24} />} color="gray" title="Nothing here yet">
          {filter === 'all' ? 'Conversations, events, notes and changes for this contact will show up here.' : 'Nothing of this kind for this contact.'}
        </EmptyState>
      ) : (
        <>
          <TimelineList items={timeline.items} contact={contact} />
          <LoadMoreSentinel timeline={timeline} endText="That’s everything for this contact." />
        </>
      )}
    </Stack>
  );
}

export function TimelineList({ items, contact }: { items: TimelineItem[]; contact: ContactDetail }) {
  const groups: { day: string; items: TimelineItem[] }[] = [];
  for (const item of items) {
    const day = formatDay(item.at);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return (
    <div>
      {groups.map((group, i) => (
        <section key={`${group.day}:${i}`} aria-label={group.day}>
          <div className={classes.day}>{group.day}</div>
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {group.items.map((item) => (
              <TimelineEntry key={`${item.kind}:${item.id}`} item={item} contact={contact} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function TimelineEntry({ item, contact }: { item: TimelineItem; contact: ContactDetail }) {
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
  }
}

function TimelineSkeleton() {
  return (
    <Stack gap="lg" mt="sm" aria-busy aria-label="Loading timeline">
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
