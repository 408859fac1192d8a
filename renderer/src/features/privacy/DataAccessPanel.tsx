/**
 * Data-access requests (the Privacy page's Requests tab): what a request is and what the
 * package holds, a contact picker, "Build package" with progress and the result, and the
 * packages made before (from the audit log).
 */
import { Button, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileDescription, IconFileZip, IconHistory, IconJson, IconListDetails, IconSearch, IconUserSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ContactRow, DataAccessLogEntry } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { formatBytes, formatDateTime, formatRelative } from '../../lib/format';
import { useUi } from '../../state/ui';
import { BuildStatus, useDataAccessBuild } from './dataAccess';

const INCLUDED = [
  { icon: IconFileDescription, title: 'A readable report', text: 'report.html: what is held and why, then every detail, conversation and note. Opens in any browser and prints.' },
  { icon: IconJson, title: 'Machine-readable data', text: 'person.json with everything in one document, and a CSV file per kind for spreadsheets.' },
  { icon: IconListDetails, title: 'The full history', text: 'Consent decisions, changes to details, merged records and audit entries, not only the current state.' },
];

export function DataAccessPanel() {
  const history = useResource('privacy.dataAccessHistory', () => api.call('privacy.dataAccessHistory', { limit: 20 }));
  const { state, build } = useDataAccessBuild(() => history.reload());
  const [contact, setContact] = useState<ContactRow | null>(null);
  const building = state.phase === 'building';
  const titleId = 'data-access-title';
  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" size={40} radius="md" aria-hidden>
              <IconFileZip size={22} />
            </ThemeIcon>
            <div>
              <Title order={2} size="h4" fw={650} id={titleId}>
                Data-access requests
              </Title>
              <Text size="sm" c="dimmed" maw={680}>
                Anyone can ask what personal data you hold about them. Pick the person and build their package: one ZIP file with everything this workspace holds about them, and nothing about anyone else. It is saved in the workspace’s exports folder, and the request is written to the audit log.
              </Text>
            </div>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {INCLUDED.map(({ icon: Icon, title, text }) => (
              <Group key={title} gap="sm" wrap="nowrap" align="flex-start" p="sm" style={{ border: '1px solid var(--app-border, var(--mantine-color-default-border))', borderRadius: 'var(--mantine-radius-md)' }}>
                <Icon size={20} stroke={1.6} color="var(--mantine-color-nexvio-6, var(--mantine-primary-color-6))" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <div>
                  <Text size="sm" fw={600}>
                    {title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {text}
                  </Text>
                </div>
              </Group>
            ))}
          </SimpleGrid>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <ContactSelect value={contact} onChange={setContact} disabled={building} />
            <Button leftSection={<IconFileZip size={16} />} disabled={!contact} loading={building} onClick={() => contact && void build(contact.id)}>
              Build package
            </Button>
          </Group>
          <BuildStatus state={state} />
        </Stack>
      </Card>
      <PastPackages entries={history.data} loading={history.loading} />
    </Stack>
  );
}

/** Search contacts by name, email or phone and pick one. */
function ContactSelect({ value, onChange, disabled }: { value: ContactRow | null; onChange(contact: ContactRow | null): void; disabled: boolean }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  // The chosen contact's label is in the box: searching for it again would only find itself.
  const query = debounced && debounced !== value?.displayName ? debounced : '';
  const results = useResource<ContactRow[]>(query ? `dsar-pick:${query}` : null, async () => (await api.call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: { search: query }, limit: 20 })).rows);
  const rows = useMemo(() => {
    const found = results.data ?? [];
    return value && !found.some((r) => r.id === value.id) ? [value, ...found] : found;
  }, [results.data, value]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  return (
    <Select
      label="Person"
      aria-label="Person whose data to package"
      placeholder="Search by name, email or phone"
      searchable
      clearable
      disabled={disabled}
      leftSection={<IconSearch size={16} />}
      rightSection={results.loading ? <Loader size={14} aria-label="Searching" /> : undefined}
      searchValue={search}
      onSearchChange={setSearch}
      // The core searches; every row it returns is a match.
      filter={({ options }) => options}
      data={rows.map((r) => ({ value: r.id, label: r.displayName.slice(0, 200) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? (byId.get(id) ?? null) : null)}
      nothingFoundMessage={query ? 'No contact matches' : 'Start typing to search'}
      renderOption={({ option }) => {
        const row = byId.get(option.value);
        return (
          <div style={{ minWidth: 0 }}>
            <Text component="span" display="block" size="sm" className="ellipsis untrusted" dir="auto">
              {option.label}
            </Text>
            <Text component="span" display="block" size="xs" c="dimmed" className="ellipsis untrusted" dir="auto">
              {[row?.email, row?.phone, row?.city].filter(Boolean).join(' · ') || 'No email or phone'}
            </Text>
          </div>
        );
      }}
      style={{ flex: 1, minWidth: 280, maxWidth: 480 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function PastPackages({ entries, loading }: { entries: DataAccessLogEntry[] | undefined; loading: boolean }) {
  const openContact = useUi((s) => s.openContact);
  const titleId = 'data-access-history-title';
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Group gap={8} mb="sm">
        <IconHistory size={18} aria-hidden />
        <Title order={3} size="h5" fw={650} id={titleId}>
          Packages made before
        </Title>
      </Group>
      {loading ? (
        <Loader size="sm" aria-label="Loading earlier packages" />
      ) : !entries || entries.length === 0 ? (
        // A line, not a big empty state: the erasure panel follows on the same tab.
        <Group gap="sm" wrap="nowrap">
          <IconUserSearch size={20} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="sm" c="dimmed">
            <Text span fw={600} c="var(--mantine-color-text)">
              No packages yet.
            </Text>{' '}
            Packages you build appear here with when, by whom and for which contact, so you can show a request was answered.
          </Text>
        </Group>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Packages made before">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Person</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={`${entry.at}-${entry.fileName}`}>
                  <Table.Td>
                    <Tooltip label={formatDateTime(entry.at)}>
                      <Text size="sm" component="time" dateTime={entry.at}>
                        {formatRelative(entry.at)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td style={{ maxWidth: 260 }}>
                    {entry.contactName !== null ? (
                      <Button variant="subtle" size="compact-sm" px={4} onClick={() => openContact(entry.contactId)} aria-label={`Open contact ${entry.contactName.slice(0, 200)}`} styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}>
                        <span className="untrusted" dir="auto">
                          {entry.contactName}
                        </span>
                      </Button>
                    ) : (
                      <Text size="sm" c="dimmed">
                        No longer here · {entry.contactId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actorName}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" className="ellipsis" maw={420} title={entry.fileName}>
                      {entry.fileName}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatBytes(entry.bytes)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
