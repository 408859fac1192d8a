import { ActionIcon, Alert, Badge, Button, Card, Group, Loader, Modal, Skeleton, Stack, Table, Text, TextInput, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEraser, IconInfoCircle, IconSearch, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContactRow, SuppressionEntry } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { ContactIdentity } from '../../components/ContactIdentity';
import { RelativeTime } from '../../components/RelativeTime';
import { formatNumber } from '../../lib/format';
import { EraseContactDialog } from './EraseContactDialog';
import classes from './ErasurePanel.module.css';

const ORIGIN_LABEL: Record<SuppressionEntry['origin'], string> = {
  local: 'Erased on this device',
  service: 'Erased on Nexvio.ai',
  retention: 'Retention rule',
  cli: 'Command line',
};

/**
 * Erasure on the Privacy page: find a person and erase them (the same confirmation as the
 * contact's menu), the suppression list that keeps erased people from coming back (hash
 * prefixes only, with remove for a mistaken match), and what erasure does, in plain words.
 */
export function ErasurePanel() {
  const [erasing, setErasing] = useState<string | null>(null);
  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="privacy-erase">
        <Group gap="sm" wrap="nowrap" align="flex-start" mb="sm">
          <ThemeIcon color="red" variant="light" radius="md" size={36}>
            <IconEraser size={20} />
          </ThemeIcon>
          <div>
            <Title order={2} size="h4" id="privacy-erase" fw={650}>
              Erase a person
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              For a right-to-erasure request. Everything this device holds about the person is removed for good (details, conversations and
              messages, events, notes, follow-ups, consent records, tags and history), and Nexvio.ai is asked to erase them too.
            </Text>
          </div>
        </Group>
        <ContactSearch onPick={setErasing} />
      </Card>
      <SuppressionListCard />
      <HowItWorks />
      <EraseContactDialog contactId={erasing} onClose={() => setErasing(null)} />
    </Stack>
  );
}

function ContactSearch({ onPick }: { onPick(id: string): void }) {
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 200);
  const results = useResource<ContactRow[]>(search ? `erase-pick:${search}` : null, async () =>
    (await api.call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: { search }, limit: 8 })).rows,
  );
  useReloadOn(results.reload, (event) => event.type === 'contacts.changed', 300);
  const rows = results.data ?? [];
  return (
    <Stack gap="xs">
      <TextInput
        aria-label="Search contacts to erase"
        placeholder="Find the person by name, email or phone"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        maw={520}
      />
      {search && (
        <div role="list" aria-label="Contacts to erase" className={classes.pickList}>
          {results.loading ? (
            <Group p="sm">
              <Loader size="sm" aria-label="Searching" />
            </Group>
          ) : rows.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              No contact matches “{search.slice(0, 80)}”.
            </Text>
          ) : (
            rows.map((row) => (
              <Group key={row.id} role="listitem" className={classes.pickRow} justify="space-between" wrap="nowrap" gap="sm">
                <ContactIdentity row={row} />
                <Button size="compact-sm" variant="light" color="red" leftSection={<IconEraser size={14} />} onClick={() => onPick(row.id)} aria-label={`Erase ${row.displayName.slice(0, 200)}…`}>
                  Erase…
                </Button>
              </Group>
            ))
          )}
        </div>
      )}
    </Stack>
  );
}

function SuppressionListCard() {
  const list = useResource('suppression-list', () => api.call('privacy.suppressionList', { limit: 200 }));
  useReloadOn(list.reload, (event) => event.type === 'contacts.changed', 300);
  const [removing, setRemoving] = useState<SuppressionEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const total = list.data?.total ?? 0;

  const remove = async (entry: SuppressionEntry) => {
    setBusy(true);
    try {
      list.set(await api.call('privacy.unsuppress', { id: entry.id }));
      notifications.show({ color: 'teal', title: 'Entry removed', message: `This ${entry.kind === 'email' ? 'email address' : 'phone number'} can be used again.`, autoClose: 4000 });
      setRemoving(null);
    } catch (error) {
      notifications.show({ color: 'red', title: 'The entry could not be removed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="privacy-suppression">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon color="gray" variant="light" radius="md" size={36}>
            <IconShieldCheck size={20} />
          </ThemeIcon>
          <div>
            <Title order={2} size="h4" id="privacy-suppression" fw={650}>
              Suppression list
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              The email addresses and phone numbers of erased people, kept only as salted hashes. A new contact, an edit, an import or a record
              from Nexvio.ai with one of them is refused, so an erased person does not come back.
            </Text>
          </div>
        </Group>
        <Badge variant="light" color="gray" size="lg" style={{ flexShrink: 0, textTransform: 'none' }} aria-label={`${total} entries on the suppression list`}>
          {formatNumber(total)} {total === 1 ? 'entry' : 'entries'}
        </Badge>
      </Group>
      {list.loading ? (
        <Stack gap={6} aria-busy aria-label="Loading the suppression list">
          <Skeleton height={28} />
          <Skeleton height={28} />
        </Stack>
      ) : list.error && !list.data ? (
        <Alert color="red" variant="light" title="The suppression list could not be loaded">
          {list.error.message}
        </Alert>
      ) : total === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          No one has been erased yet. When someone is, their email and phone number are added here automatically.
        </Text>
      ) : (
        <Table verticalSpacing={6} highlightOnHover aria-label="Suppression list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Hash</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>Origin</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.entries ?? []).map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <Badge variant="default" size="sm" radius="sm" style={{ textTransform: 'none' }}>
                    {entry.kind === 'email' ? 'Email' : 'Phone'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" c="dimmed">
                    {entry.hashPrefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RelativeTime iso={entry.addedAt} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{ORIGIN_LABEL[entry.origin]}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Tooltip label="Remove from the list">
                    <ActionIcon variant="subtle" color="gray" onClick={() => setRemoving(entry)} aria-label={`Remove suppression entry ${entry.hashPrefix}`}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > (list.data?.entries.length ?? 0) && (
        <Text size="xs" c="dimmed" mt="xs">
          The newest {formatNumber(list.data?.entries.length ?? 0)} of {formatNumber(total)} are shown.
        </Text>
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={<Text fw={650}>Remove this entry from the suppression list?</Text>} size={480}>
        <Stack gap="md">
          <Text size="sm">
            Do this only when a different person uses this {removing?.kind === 'email' ? 'email address' : 'phone number'}. Afterwards it can be used in
            new contacts, edits and imports again, and records from Nexvio.ai with it are stored. The removal is recorded in the audit log.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setRemoving(null)} disabled={busy}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={() => removing && void remove(removing)}>
              Remove entry
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function HowItWorks() {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="privacy-erase-how">
      <Group gap="sm" mb="xs" wrap="nowrap">
        <IconInfoCircle size={20} aria-hidden color="var(--mantine-color-dimmed)" />
        <Title order={2} size="h4" id="privacy-erase-how" fw={650}>
          How erasure works
        </Title>
      </Group>
      <Stack gap={10} maw={760}>
        <Explained title="Gone from this device at once">
          The person’s rows leave every table in one step, and the database overwrites the freed space with zeros and clears the search index and
          the write-ahead log, so their words are not left in the file either.
        </Explained>
        <Explained title="Erased on Nexvio.ai too">
          The erasure is sent to the service with the next sync, or kept until this device is online again. People erased on the service are
          removed here the same way when their erasure arrives.
        </Explained>
        <Explained title="No personal data kept about the request">
          The audit log records that a contact was erased, when and by whom, with counts of what was removed: no name, email, phone or text.
        </Explained>
        <Explained title="Backups">
          This app keeps no backups of its own. Copies of the data folder made by your operating system or backup tools still hold the person: a
          restored copy erases them again from the service’s erasure records (kept for its tombstone retention period) and the suppression list.
          Exclude the data folder from backups or rotate them. Exported files (the exports folder) are yours to delete.
        </Explained>
      </Stack>
    </Card>
  );
}

function Explained({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </div>
  );
}
