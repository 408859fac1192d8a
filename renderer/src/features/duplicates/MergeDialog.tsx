import { Alert, Badge, Button, Group, Loader, Modal, Radio, ScrollArea, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { MERGE_FIELDS, type ContactRow, type FieldValue, type MergeCandidate, type MergeField } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { ContactAvatar } from '../../components/ContactAvatar';
import { ContactIdentity } from '../../components/ContactIdentity';
import { showUndoNotice } from '../../components/undoNotice';
import { countryName, formatCount, formatDate, valueToText } from '../../lib/format';
import classes from './Duplicates.module.css';

const FIELD_LABELS: Record<MergeField, string> = {
  fullName: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  city: 'City',
  country: 'Country',
  locale: 'Language',
  timezone: 'Time zone',
};

type Choice = Record<string, string>;

function fieldValue(candidate: MergeCandidate, field: MergeField): string | null {
  return candidate.contact[field];
}

function customValue(candidate: MergeCandidate, key: string): FieldValue | undefined {
  const value = candidate.contact.customFields[key];
  return value === null ? undefined : value;
}

/** "Germany (DE)": the name where the code is known. */
function countryLabel(code: string | null): string | null {
  if (!code) return code;
  const name = countryName(code);
  return name && name !== code ? `${name} (${code})` : code;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** Per field, the survivor's value when it has one, else the first other contact's that has one. */
function defaultChoices(candidates: MergeCandidate[], primaryId: string, customKeys: string[]): { fields: Choice; custom: Choice } {
  const ordered = [...candidates].sort((a, b) => (a.contact.id === primaryId ? -1 : b.contact.id === primaryId ? 1 : 0));
  const fields: Choice = {};
  for (const field of MERGE_FIELDS) {
    const from = ordered.find((c) => !isEmpty(fieldValue(c, field)));
    if (from) fields[field] = from.contact.id;
  }
  const custom: Choice = {};
  for (const key of customKeys) {
    const from = ordered.find((c) => !isEmpty(customValue(c, key)));
    if (from) custom[key] = from.contact.id;
  }
  return { fields, custom };
}

/**
 * Merging two or more contacts: which one to keep, and for each field whose value, side by
 * side; the tags they will share and what moves. `ids` null with `pickFor` set: first find
 * the other contact ("Merge with…" on a contact).
 */
export function MergeDialog({
  opened,
  onClose,
  ids,
  pickFor,
  onMerged,
}: {
  opened: boolean;
  onClose(): void;
  ids: string[] | null;
  pickFor?: { id: string; name: string } | undefined;
  onMerged?: ((primaryId: string) => void) | undefined;
}) {
  const [picked, setPicked] = useState<string[] | null>(null);
  useEffect(() => {
    if (!opened) setPicked(null);
  }, [opened]);
  const chosenIds = ids ?? picked;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={chosenIds && chosenIds.length > 2 ? 1100 : 860}
      title={
        <Group gap={8}>
          <IconArrowsJoin size={18} aria-hidden />
          <Text fw={650}>{chosenIds ? 'Merge contacts' : `Merge ${pickFor?.name ?? 'this contact'} with…`}</Text>
        </Group>
      }
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {chosenIds ? (
        <MergeForm key={chosenIds.join(',')} ids={chosenIds} preferredPrimaryId={pickFor?.id} onClose={onClose} onMerged={onMerged} onBack={ids ? undefined : () => setPicked(null)} />
      ) : pickFor ? (
        <ContactPicker exceptId={pickFor.id} onPick={(id) => setPicked([pickFor.id, id])} />
      ) : null}
    </Modal>
  );
}

/** Search for the contact to merge with. */
function ContactPicker({ exceptId, onPick }: { exceptId: string; onPick(id: string): void }) {
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 200);
  const results = useResource<ContactRow[]>(search ? `merge-pick:${search}` : null, async () =>
    (await api.call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: { search }, limit: 20 })).rows.filter((r) => r.id !== exceptId),
  );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Find the other record of the same person by name, email or phone. You choose which values to keep in the next step.
      </Text>
      <TextInput
        data-autofocus
        aria-label="Search contacts to merge with"
        placeholder="Name, email or phone"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <div role="list" aria-label="Contacts to merge with" className={classes.pickList}>
        {!search ? (
          <Text size="sm" c="dimmed" p="sm">
            Start typing to search.
          </Text>
        ) : results.loading ? (
          <Group p="sm">
            <Loader size="sm" aria-label="Searching" />
          </Group>
        ) : (results.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            No other contact matches “{search.slice(0, 80)}”.
          </Text>
        ) : (
          (results.data ?? []).map((row) => (
            <UnstyledButton key={row.id} role="listitem" className={classes.pickRow} onClick={() => onPick(row.id)} aria-label={`Merge with ${row.displayName.slice(0, 200)}`}>
              <ContactIdentity row={row} />
            </UnstyledButton>
          ))
        )}
      </div>
    </Stack>
  );
}

function MergeForm({
  ids,
  preferredPrimaryId,
  onClose,
  onMerged,
  onBack,
}: {
  ids: string[];
  preferredPrimaryId: string | undefined;
  onClose(): void;
  onMerged?: ((primaryId: string) => void) | undefined;
  onBack?: (() => void) | undefined;
}) {
  const preview = useResource(`merge-preview:${ids.join(',')}`, () => api.call('contacts.mergePreview', { ids }));
  const fieldDefs = useResource('fields', () => api.call('fields.list', {}));
  const candidates = preview.data;
  const [primaryId, setPrimaryId] = useState<string | null>(null);
  const [choices, setChoices] = useState<{ fields: Choice; custom: Choice } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const customKeys = useMemo(() => {
    const keys = new Set<string>();
    for (const c of candidates ?? []) for (const [key, value] of Object.entries(c.contact.customFields)) if (!isEmpty(value)) keys.add(key);
    const order = new Map((fieldDefs.data ?? []).map((d, i) => [d.key, i]));
    return [...keys].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  }, [candidates, fieldDefs.data]);

  // The proposed survivor: the one asked for, else the one with the most conversations (then the oldest).
  useEffect(() => {
    if (!candidates || primaryId) return;
    const proposed =
      candidates.find((c) => c.contact.id === preferredPrimaryId) ??
      [...candidates].sort((a, b) => b.contact.conversationCount - a.contact.conversationCount || a.contact.createdAt.localeCompare(b.contact.createdAt))[0];
    if (!proposed) return;
    setPrimaryId(proposed.contact.id);
    setChoices(defaultChoices(candidates, proposed.contact.id, customKeys));
  }, [candidates, preferredPrimaryId, primaryId, customKeys]);

  if (preview.error) {
    return (
      <Alert color="red" variant="light" title="These contacts cannot be merged">
        {preview.error.message}
      </Alert>
    );
  }
  if (!candidates || !primaryId || !choices) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading the contacts to merge" />
      </Group>
    );
  }

  const primary = candidates.find((c) => c.contact.id === primaryId) ?? (candidates[0] as MergeCandidate);
  const others = candidates.filter((c) => c.contact.id !== primaryId);
  const labelOf = (key: string) => fieldDefs.data?.find((d) => d.key === key)?.label ?? key;
  const fieldRows = MERGE_FIELDS.filter((field) => candidates.some((c) => !isEmpty(fieldValue(c, field))));
  const tags = [...new Set(candidates.flatMap((c) => c.contact.tags))].sort((a, b) => a.localeCompare(b));
  const moving = others.reduce(
    (sum, c) => ({
      conversations: sum.conversations + c.counts.conversations,
      events: sum.events + c.counts.events,
      notes: sum.notes + c.counts.notes,
      followUps: sum.followUps + c.counts.followUps,
    }),
    { conversations: 0, events: 0, notes: 0, followUps: 0 },
  );
  const movingText =
    [
      moving.conversations && formatCount(moving.conversations, 'conversation', 'conversations'),
      moving.events && formatCount(moving.events, 'event', 'events'),
      moving.notes && formatCount(moving.notes, 'note', 'notes'),
      moving.followUps && formatCount(moving.followUps, 'follow-up', 'follow-ups'),
    ]
      .filter(Boolean)
      .join(', ') || 'no conversations, events, notes or follow-ups';

  const choosePrimary = (id: string) => {
    setPrimaryId(id);
    setChoices(defaultChoices(candidates, id, customKeys));
  };

  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      const names = others.map((c) => c.contact.displayName);
      const result = await api.call('contacts.merge', { primaryId, otherIds: others.map((c) => c.contact.id), choices: choices.fields, customFields: choices.custom });
      onClose();
      onMerged?.(primaryId);
      showUndoNotice({
        id: `merged-${result.mergeId}`,
        title: 'Contacts merged',
        what: `${names.join(', ')} merged into ${result.primary.displayName}`,
        undoUntil: result.undoUntil,
        undo: async () => {
          await api.call('contacts.undoMerge', { mergeId: result.mergeId });
          notifications.show({ color: 'teal', title: 'Merge undone', message: `${formatCount(names.length + 1, 'contact', 'contacts')} are separate again.`, autoClose: 3000 });
        },
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const columns = [primary, ...others];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Choose the contact to keep and, for each field, the value it keeps. Tags are combined, consent history is kept, and conversations, events, notes and
        follow-ups move to the contact you keep. You can undo the merge for a short while afterwards.
      </Text>
      <div className={classes.tableWrap}>
        <Table className={classes.mergeTable} verticalSpacing="xs" horizontalSpacing="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: 160 }}>
                <Text size="xs" c="dimmed" fw={600}>
                  Field
                </Text>
              </Table.Th>
              {columns.map((c) => (
                <Table.Th key={c.contact.id}>
                  <Group gap="sm" wrap="nowrap">
                    <ContactAvatar id={c.contact.id} name={c.contact.displayName} size={32} />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={650} className="ellipsis untrusted" dir="auto" title={c.contact.displayName.slice(0, 500)}>
                        {c.contact.displayName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Created {formatDate(c.contact.createdAt)}
                      </Text>
                    </div>
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr className={classes.keepRow}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  Keep
                </Text>
              </Table.Td>
              {columns.map((c) => (
                <Table.Td key={c.contact.id}>
                  <Radio
                    name="merge-primary"
                    checked={c.contact.id === primaryId}
                    onChange={() => choosePrimary(c.contact.id)}
                    label={c.contact.id === primaryId ? 'Contact to keep' : 'Keep this one instead'}
                    aria-label={`Keep ${c.contact.displayName.slice(0, 200)} as the merged contact`}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
            {fieldRows.map((field) => (
              <ChoiceRow
                key={field}
                label={FIELD_LABELS[field]}
                columns={columns}
                valueOf={(c) => (field === 'country' ? countryLabel(fieldValue(c, field)) : fieldValue(c, field))}
                chosen={choices.fields[field]}
                onChoose={(id) => setChoices({ ...choices, fields: { ...choices.fields, [field]: id } })}
              />
            ))}
            {customKeys.map((key) => (
              <ChoiceRow
                key={`custom:${key}`}
                label={labelOf(key)}
                columns={columns}
                valueOf={(c) => customValue(c, key)}
                chosen={choices.custom[key]}
                onChoose={(id) => setChoices({ ...choices, custom: { ...choices.custom, [key]: id } })}
              />
            ))}
            <Table.Tr>
              <Table.Td>
                <Text size="sm" fw={600}>
                  Activity
                </Text>
              </Table.Td>
              {columns.map((c) => (
                <Table.Td key={c.contact.id}>
                  <Text size="xs" c="dimmed">
                    {formatCount(c.counts.conversations, 'conversation', 'conversations')} · {formatCount(c.counts.events, 'event', 'events')} ·{' '}
                    {formatCount(c.counts.notes, 'note', 'notes')}
                  </Text>
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </div>
      <div className={classes.summary} role="group" aria-label="After the merge">
        <Group gap={6} align="center" wrap="wrap">
          <Text size="sm" fw={600}>
            Tags
          </Text>
          {tags.length === 0 ? (
            <Text size="sm" c="dimmed">
              None
            </Text>
          ) : (
            tags.map((tag) => (
              <Badge key={tag} variant="light" color="gray" size="sm" style={{ textTransform: 'none' }} className="untrusted">
                {tag}
              </Badge>
            ))
          )}
        </Group>
        <Text size="sm" mt={6}>
          <Text span fw={600}>
            Moves to {primary.contact.displayName.slice(0, 80)}:
          </Text>{' '}
          {movingText}.
        </Text>
      </div>
      {error && (
        <Alert color="red" variant="light" title="The contacts could not be merged">
          {error}
        </Alert>
      )}
      <Group justify="space-between">
        {onBack ? (
          <Button variant="subtle" onClick={onBack}>
            Pick another contact
          </Button>
        ) : (
          <span />
        )}
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button leftSection={<IconArrowsJoin size={16} />} loading={busy} onClick={() => void merge()}>
            Merge {formatCount(columns.length, 'contact', 'contacts')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function ChoiceRow({
  label,
  columns,
  valueOf,
  chosen,
  onChoose,
}: {
  label: string;
  columns: MergeCandidate[];
  valueOf(c: MergeCandidate): unknown;
  chosen: string | undefined;
  onChoose(id: string): void;
}) {
  const values = columns.map((c) => valueOf(c));
  const same = values.every((v) => JSON.stringify(v ?? null) === JSON.stringify(values[0] ?? null));
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} className="ellipsis" title={label}>
          {label}
        </Text>
      </Table.Td>
      {columns.map((c, i) => {
        const value = values[i];
        const text = isEmpty(value) ? '' : valueToText(value, 200);
        if (isEmpty(value)) {
          return (
            <Table.Td key={c.contact.id}>
              <Text size="sm" c="dimmed" fs="italic">
                empty
              </Text>
            </Table.Td>
          );
        }
        if (same) {
          return (
            <Table.Td key={c.contact.id}>
              <Text size="sm" className="ellipsis untrusted" dir="auto" title={text}>
                {text}
              </Text>
            </Table.Td>
          );
        }
        return (
          <Table.Td key={c.contact.id}>
            <Radio
              name={`merge-${label}`}
              checked={chosen === c.contact.id}
              onChange={() => onChoose(c.contact.id)}
              classNames={{ label: 'untrusted' }}
              label={
                <Text span size="sm" dir="auto" className="ellipsis" title={text} style={{ display: 'block' }}>
                  {text}
                </Text>
              }
              aria-label={`${label}: ${text.slice(0, 120)} (from ${c.contact.displayName.slice(0, 120)})`}
            />
          </Table.Td>
        );
      })}
    </Table.Tr>
  );
}
