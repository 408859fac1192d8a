import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlarm, IconArrowUp, IconFilterOff, IconRefresh, IconTimeline, IconUser } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { ActivityItem, ActivityKind, Person } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { ContactAvatar } from '../../components/ContactAvatar';
import { EmptyState } from '../../components/EmptyState';
import { JumpToDate } from '../../components/JumpToDate';
import { Page } from '../../components/Page';
import { Untrusted } from '../../components/Untrusted';
import { today } from '../../lib/days';
import { formatDate, formatDateTime } from '../../lib/format';
import { useScrollToStartOnJump } from '../../lib/useScrollToStartOnJump';
import { useUi } from '../../state/ui';
import { LoadMoreSentinel } from '../contacts/timeline/LoadMoreSentinel';
import { TimelineEntry, TimelineSkeleton } from '../contacts/timeline/TimelineTab';
import { DayGroups } from '../contacts/timeline/DayGroups';
import { RowSubject, TimelineRow } from '../contacts/timeline/TimelineRow';
import classes from './ActivityView.module.css';
import { NO_ACTIVITY_FILTERS, useActivity, type ActivityFilters } from './useActivity';

const KINDS: { value: ActivityKind | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'conversation', label: 'Conversations' },
  { value: 'event', label: 'Events' },
  { value: 'note', label: 'Notes' },
  { value: 'field_change', label: 'Changes' },
  { value: 'follow_up', label: 'Follow-ups' },
];

/** For managers: what happened across every contact, newest first, by kind, agent and date. */
export function ActivityView() {
  const [filters, setFilters] = useState<ActivityFilters>(NO_ACTIVITY_FILTERS);
  const feed = useActivity(filters);
  const list = useScrollToStartOnJump(filters.jumpDay, feed.loading, feed.items.length > 0);
  const set = (change: Partial<ActivityFilters>) => setFilters((f) => ({ ...f, ...change }));
  // A page can hold nothing yet and still say there is more (an agent's conversations are
  // looked for a window at a time): go on until something shows or the feed ends.
  const { loading, hasMore, error, loadMore } = feed;
  const empty = feed.items.length === 0;
  useEffect(() => {
    if (empty && !loading && hasMore && !error) loadMore();
  }, [empty, loading, hasMore, error, loadMore]);
  const filtered = filters.kind !== 'all' || filters.agent !== null || filters.fromDay !== null || filters.toDay !== null || filters.jumpDay !== null;
  return (
    <Page
      title="Activity"
      description="Conversations, events, notes, changes and follow-ups across every contact, newest first."
      maxWidth={1040}
      actions={
        <Tooltip label="Refresh">
          <ActionIcon variant="default" size="lg" aria-label="Refresh activity" onClick={feed.showNewActivity}>
            <IconRefresh size={16} />
          </ActionIcon>
        </Tooltip>
      }
    >
      <ActivityFilterBar filters={filters} set={set} onClear={() => setFilters(NO_ACTIVITY_FILTERS)} filtered={filtered} />
      {feed.hasNewActivity && feed.items.length > 0 && (
        <Button
          className={classes.newActivity}
          size="xs"
          radius="xl"
          leftSection={<IconArrowUp size={14} />}
          onClick={() => {
            feed.showNewActivity();
            list.current?.scrollIntoView({ block: 'start' });
          }}
        >
          Show new activity
        </Button>
      )}
      {feed.items.length === 0 && (feed.loading || (feed.hasMore && !feed.error)) ? (
        <ActivitySkeleton scannedTo={feed.scannedTo} />
      ) : feed.items.length === 0 && feed.error ? (
        <Alert color="red" variant="light" title="The activity could not be loaded">
          {feed.error.message}
          <Button size="xs" variant="light" color="red" mt="sm" display="block" onClick={feed.reload}>
            Try again
          </Button>
        </Alert>
      ) : feed.items.length === 0 && !feed.hasMore ? (
        <EmptyState icon={<IconTimeline size={26} />} color="gray" title={filtered ? 'Nothing matches these filters' : 'No activity yet'}>
          {filtered
            ? 'Try another kind, agent or dates, or clear the filters.'
            : 'Conversations, events, notes and changes show up here as they happen and as they sync.'}
        </EmptyState>
      ) : (
        <Card withBorder radius="md" padding="lg" ref={list} className={classes.feed}>
          <ActivityList items={feed.items} />
          <LoadMoreSentinel timeline={feed} endText="That’s all the activity." noun="the activity" />
        </Card>
      )}
    </Page>
  );
}

function ActivityFilterBar({ filters, set, onClear, filtered }: { filters: ActivityFilters; set(change: Partial<ActivityFilters>): void; onClear(): void; filtered: boolean }) {
  const agents = useResource('activity.agents', () => api.call('activity.agents', {}));
  const options = useMemo(() => (agents.data ?? []).map((p, i) => ({ value: p.id, label: i === 0 ? `${p.name} (you)` : p.name })), [agents.data]);
  const byId = useMemo(() => new Map<string, Person>((agents.data ?? []).map((p) => [p.id, p])), [agents.data]);
  const max = today();
  return (
    <Card withBorder radius="md" padding="sm" className={classes.filters}>
      <Stack gap="sm">
        <SegmentedControl size="xs" value={filters.kind} onChange={(v) => set({ kind: v as ActivityFilters['kind'] })} data={KINDS} aria-label="Kind of activity" />
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            size="xs"
            label="Agent"
            placeholder="Anyone"
            data={options}
            value={filters.agent?.id ?? null}
            onChange={(id) => set({ agent: (id && byId.get(id)) || null })}
            searchable
            clearable
            nothingFoundMessage="No one by that name"
            leftSection={<IconUser size={14} />}
            w={220}
            aria-label="Agent"
          />
          <TextInput
            size="xs"
            type="date"
            label="From"
            value={filters.fromDay ?? ''}
            max={filters.toDay ?? max}
            onChange={(e) => set({ fromDay: e.currentTarget.value || null, jumpDay: null })}
            w={150}
          />
          <TextInput
            size="xs"
            type="date"
            label="To"
            value={filters.toDay ?? ''}
            min={filters.fromDay ?? undefined}
            max={max}
            onChange={(e) => set({ toDay: e.currentTarget.value || null, jumpDay: null })}
            w={150}
          />
          <div style={{ flex: 1 }} />
          <JumpToDate day={filters.jumpDay} onChange={(jumpDay) => set({ jumpDay })} min={filters.fromDay ?? undefined} max={filters.toDay ?? max} />
          {filtered && (
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconFilterOff size={14} />} onClick={onClear}>
              Clear filters
            </Button>
          )}
        </Group>
        {filters.agent && (
          <Text size="xs" c="dimmed">
            What {filters.agent.name} did: their notes, changes and follow-ups, and the conversations they answered.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function ActivityList({ items }: { items: ActivityItem[] }) {
  return (
    <DayGroups
      items={items}
      at={(entry) => entry.item.at}
      keyOf={(entry) => `${entry.item.kind}:${entry.item.id}`}
      render={(entry) => (
        <RowSubject.Provider value={<ContactLink contact={entry.contact} />}>
          <ActivityEntryView entry={entry} />
        </RowSubject.Provider>
      )}
    />
  );
}

function ActivityEntryView({ entry }: { entry: ActivityItem }) {
  const { item, contact } = entry;
  return item.kind === 'follow_up' ? <FollowUpEntry item={item} /> : <TimelineEntry item={item} contact={contact} />;
}

/** "Follow-up for Sofia: Call back about the refund · due …" */
function FollowUpEntry({ item }: { item: Extract<ActivityItem['item'], { kind: 'follow_up' }> }) {
  return (
    <TimelineRow
      icon={<IconAlarm size={16} />}
      color="orange"
      at={item.at}
      title={
        <Group gap={6} wrap="wrap">
          <Text span size="sm">
            Follow-up{item.assignee ? ' for ' : ''}
            {item.assignee && (
              <Text span fw={600} dir="auto" className="untrusted">
                {item.assignee.name.slice(0, 100)}
              </Text>
            )}
          </Text>
          {item.doneAt && (
            <Badge size="xs" variant="light" color="teal">
              done
            </Badge>
          )}
        </Group>
      }
    >
      <Text size="sm" mt={2} className="ellipsis">
        <Untrusted text={item.title} line />
      </Text>
      <Text size="xs" c="dimmed">
        Due <time dateTime={item.dueAt}>{formatDateTime(item.dueAt)}</time>
      </Text>
    </TimelineRow>
  );
}

/** Whose item it is: a link that opens the contact. */
function ContactLink({ contact }: { contact: ActivityItem['contact'] }) {
  const openContact = useUi((s) => s.openContact);
  if (contact.name === null) {
    return (
      <Text size="xs" c="dimmed" mb={2}>
        Contact not synced yet
      </Text>
    );
  }
  return (
    <Anchor component="button" type="button" size="xs" fw={600} className={classes.contact} onClick={() => openContact(contact.id)} aria-label={`Open ${contact.name.slice(0, 100)}`}>
      <ContactAvatar id={contact.id} name={contact.name} size={18} />
      <Untrusted text={contact.name.slice(0, 100)} line />
    </Anchor>
  );
}

function ActivitySkeleton({ scannedTo }: { scannedTo: string | null }) {
  return (
    <Card withBorder radius="md" padding="lg">
      {scannedTo && (
        <Group gap="xs" role="status">
          <Loader size="xs" type="dots" />
          <Text size="sm" c="dimmed">
            Looking through older conversations… back to {formatDate(scannedTo)}
          </Text>
        </Group>
      )}
      <TimelineSkeleton label="Loading activity" />
    </Card>
  );
}
