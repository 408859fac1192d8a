import { Group, Text } from '@mantine/core';
import { IconArrowRight, IconEdit, IconRefresh } from '@tabler/icons-react';
import type { TimelineItem } from '../../../../../preload/contract';
import { humanize, valueToText } from '../../../lib/format';
import { ActorTitle } from './ActorTitle';
import { TimelineRow } from './TimelineRow';

type FieldChange = Extract<TimelineItem, { kind: 'field_change' }>;

const FIELD_LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  fullName: 'full name',
  first_name: 'first name',
  last_name: 'last name',
  full_name: 'full name',
  timezone: 'time zone',
};

/** "city", "first name", "preferred channel preference". */
function fieldLabel(field: string): string {
  if (field.startsWith('preferences.')) return `${humanize(field.slice('preferences.'.length)).toLowerCase()} preference`;
  return FIELD_LABELS[field] ?? humanize(field).toLowerCase();
}

/** "Alex changed city: Berlin → Munich". */
export function FieldChangeItem({ item }: { item: FieldChange }) {
  const field = fieldLabel(item.field);
  const who = item.actorName ?? (item.origin === 'sync' ? 'Nexvio.ai' : 'Someone');
  return (
    <TimelineRow
      icon={item.origin === 'sync' ? <IconRefresh size={16} /> : <IconEdit size={16} />}
      color={item.origin === 'sync' ? 'cyan' : 'nexvio'}
      at={item.at}
      title={
        <ActorTitle who={who} synced={item.origin === 'sync'}>
          changed <Text span fw={600}>{field}</Text>
        </ActorTitle>
      }
    >
      <Group gap={6} wrap="nowrap" mt={4} style={{ minWidth: 0 }}>
        <Value value={item.oldValue} old />
        <IconArrowRight size={12} style={{ flexShrink: 0 }} aria-label="to" />
        <Value value={item.newValue} />
      </Group>
    </TimelineRow>
  );
}

function Value({ value, old }: { value: unknown; old?: boolean }) {
  const empty = value === null || value === undefined || value === '';
  return (
    <Text
      span
      size="xs"
      px={6}
      py={1}
      dir="auto"
      className="ellipsis"
      title={empty ? undefined : valueToText(value, 1000)}
      c={empty ? 'dimmed' : undefined}
      td={old && !empty ? 'line-through' : undefined}
      style={{ background: 'var(--app-subtle-bg)', borderRadius: 4, maxWidth: '45%' }}
    >
      {empty ? 'empty' : valueToText(value, 200)}
    </Text>
  );
}
