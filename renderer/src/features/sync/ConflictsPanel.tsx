import { Alert, Anchor, Badge, Button, Group, Skeleton, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import type { Conflict } from '../../../../preload/contract';
import { ContactAvatar } from '../../components/ContactAvatar';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../lib/format';
import { useUi } from '../../state/ui';
import { ConflictValue } from './ConflictValue';
import { entityLabel, fieldLabel } from './fields';
import { useConflictResolution, type ConflictResolution } from './useConflictResolution';
import { useConflicts } from './useSyncLists';
import classes from './SyncView.module.css';

interface ContactConflicts {
  key: string;
  contactId: string | null;
  name: string | null;
  conflicts: Conflict[];
}

/**
 * Fields that you and the service both changed since the last sync: both values side by side,
 * grouped by contact, and a choice per field. Open ones first; resolved ones on request.
 */
export function ConflictsPanel() {
  const [showResolved, setShowResolved] = useState(false);
  const conflicts = useConflicts(showResolved);
  const resolution = useConflictResolution(conflicts.reload);
  const groups = groupByContact(conflicts.data ?? []);
  const openConflicts = (conflicts.data ?? []).filter((c) => !c.resolvedAt);
  const openRecords = new Set(openConflicts.map(groupKey)).size;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          {openConflicts.length > 0
            ? `${formatCount(openConflicts.length, 'open conflict', 'open conflicts')} in ${formatCount(openRecords, 'record', 'records')}. Pick the value to keep for each field.`
            : ''}
        </Text>
        <Switch label="Show resolved" checked={showResolved} onChange={(event) => setShowResolved(event.currentTarget.checked)} />
      </Group>
      {conflicts.loading ? (
        <Stack gap="sm" aria-busy aria-label="Loading conflicts">
          <Skeleton height={44} />
          <Skeleton height={88} />
          <Skeleton height={88} />
        </Stack>
      ) : conflicts.error && !conflicts.data ? (
        <Alert color="red" variant="light" title="The conflicts could not be loaded">
          {conflicts.error.message}
        </Alert>
      ) : groups.length === 0 ? (
        <EmptyState icon={<IconGitMerge size={26} stroke={1.6} />} color="teal" title="No conflicts">
          Edits from everyone merged cleanly. When you and the chatbot change the same field before a sync, both values wait here for you to choose.
        </EmptyState>
      ) : (
        <Table className={classes.conflicts} verticalSpacing="sm" horizontalSpacing="md" aria-label="Conflicts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="17%">Field</Table.Th>
              <Table.Th>Your value</Table.Th>
              <Table.Th>Service value</Table.Th>
              <Table.Th w={104}>Detected</Table.Th>
              <Table.Th w={212}>
                <VisuallyHidden>Decision</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          {groups.map((group) => (
            <ConflictGroup key={group.key} group={group} resolution={resolution} />
          ))}
        </Table>
      )}
    </Stack>
  );
}

function ConflictGroup({ group, resolution }: { group: ContactConflicts; resolution: ConflictResolution }) {
  const openContact = useUi((s) => s.openContact);
  const first = group.conflicts[0]!;
  return (
    <Table.Tbody>
      <Table.Tr className={classes.groupRow}>
        <Table.Th colSpan={5} scope="rowgroup">
          <Group gap="sm" wrap="nowrap">
            {group.contactId ? <ContactAvatar id={group.contactId} name={group.name ?? ''} size={28} /> : null}
            {group.contactId ? (
              <Anchor component="button" fw={600} size="sm" className="ellipsis" dir="auto" onClick={() => openContact(group.contactId!)} title={group.name ?? undefined}>
                {group.name?.slice(0, 200) || 'Unnamed contact'}
              </Anchor>
            ) : (
              <Text fw={600} size="sm">
                {entityLabel(first.entity)} {first.entityId.slice(0, 64)}{' '}
                <Text span c="dimmed" size="sm" fw={400}>
                  (no longer on this device)
                </Text>
              </Text>
            )}
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {formatCount(group.conflicts.length, 'field', 'fields')}
            </Text>
          </Group>
        </Table.Th>
      </Table.Tr>
      {group.conflicts.map((conflict) => (
        <ConflictRow key={conflict.id} conflict={conflict} resolution={resolution} />
      ))}
    </Table.Tbody>
  );
}

function ConflictRow({ conflict, resolution }: { conflict: Conflict; resolution: ConflictResolution }) {
  const label = fieldLabel(conflict.entity, conflict.field);
  const choice = resolution.pending.get(conflict.id);
  const kept = conflict.resolution ?? choice ?? null;
  return (
    <Table.Tr data-resolved={conflict.resolvedAt ? true : undefined} aria-label={`${label}${conflict.contactName ? ` of ${conflict.contactName.slice(0, 80)}` : ''}`}>
      <Table.Th scope="row" fw={600}>
        {label}
      </Table.Th>
      <Table.Td>
        <div className={classes.value} data-side="mine" data-kept={kept === 'mine' || undefined} data-dropped={kept === 'theirs' || undefined}>
          <ConflictValue value={conflict.localValue} other={conflict.serverValue} />
        </div>
      </Table.Td>
      <Table.Td>
        <div className={classes.value} data-side="theirs" data-kept={kept === 'theirs' || undefined} data-dropped={kept === 'mine' || undefined}>
          <ConflictValue value={conflict.serverValue} other={conflict.localValue} />
        </div>
      </Table.Td>
      <Table.Td>
        <RelativeTime iso={conflict.detectedAt} size="xs" c="dimmed" />
      </Table.Td>
      <Table.Td>
        {conflict.resolvedAt ? (
          <Stack gap={2} align="flex-start">
            <Badge variant="light" color="teal" leftSection={<IconCheck size={12} />} style={{ textTransform: 'none' }}>
              {conflict.resolution === 'mine' ? 'Kept yours' : 'Kept the service’s'}
            </Badge>
            <RelativeTime iso={conflict.resolvedAt} size="xs" c="dimmed" />
          </Stack>
        ) : choice ? (
          <Group gap={8} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {choice === 'mine' ? 'Keeping yours…' : 'Keeping theirs…'}
            </Text>
            <Button size="compact-sm" variant="default" leftSection={<IconArrowBackUp size={14} />} onClick={() => resolution.undo(conflict.id)}>
              Undo
            </Button>
          </Group>
        ) : (
          <Group gap={6} wrap="nowrap" justify="flex-end">
            <Button size="compact-sm" variant="light" onClick={() => resolution.choose(conflict, 'mine')}>
              Keep mine
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => resolution.choose(conflict, 'theirs')}>
              Keep theirs
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function groupKey(conflict: Conflict): string {
  return conflict.contactId ?? `${conflict.entity}:${conflict.entityId}`;
}

/** Groups in the order of their newest conflict (the list comes newest first, open before resolved). */
function groupByContact(conflicts: Conflict[]): ContactConflicts[] {
  const groups = new Map<string, ContactConflicts>();
  for (const conflict of conflicts) {
    const key = groupKey(conflict);
    let group = groups.get(key);
    if (!group) {
      group = { key, contactId: conflict.contactId, name: conflict.contactName, conflicts: [] };
      groups.set(key, group);
    }
    group.conflicts.push(conflict);
  }
  return [...groups.values()];
}
