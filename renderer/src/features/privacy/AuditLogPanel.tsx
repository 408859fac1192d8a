import { Alert, Anchor, Badge, Button, Group, Loader, Menu, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronDown, IconDownload, IconLink, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditChainCheck, AuditEntry, AuditQuery } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { FileReadyModal } from '../../components/FileReadyModal';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useUi } from '../../state/ui';
import { ACTION_GROUPS, actionLabel, describeDetails } from './auditText';

const PAGE = 100;

interface Filters {
  what: string | null;
  actorId: string | null;
  entityId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { what: null, actorId: null, entityId: '', from: '', to: '' };

/** The viewer's filters as the core's query ("what" is a group of actions or one action). */
function toQuery(filters: Filters): AuditQuery {
  const group = ACTION_GROUPS.find((g) => g.value === filters.what);
  const actions = group ? group.actions : filters.what ? [filters.what.replace(/^action:/, '')] : undefined;
  const day = (value: string, end: boolean) => {
    if (!value) return undefined;
    const date = new Date(`${value}T00:00:00`);
    if (end) date.setDate(date.getDate() + 1);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  };
  const from = day(filters.from, false);
  const to = day(filters.to, true);
  return {
    ...(actions ? { actions } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.entityId.trim() ? { entityId: filters.entityId.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/**
 * The audit trail: who did what and when, filtered, paged newest first, exported with its
 * hashes, and its hash chain checked (an edited, removed or inserted entry shows).
 */
export function AuditLogPanel() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = useMemo(() => toQuery(filters), [filters]);
  const queryKey = JSON.stringify(query);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<{ path: string; entries: number; head: { seq: number; hash: string } | null } | null>(null);
  const facets = useResource('audit-facets', () => api.call('audit.facets', {}));

  const load = useCallback(
    async (before: number | undefined) => {
      setLoading(true);
      try {
        const page = await api.call('audit.page', { query: JSON.parse(queryKey) as AuditQuery, limit: PAGE, ...(before !== undefined ? { before } : {}) });
        setEntries((current) => (before === undefined ? page.entries : [...current, ...page.entries]));
        setNextBefore(page.nextBefore);
        setError(null);
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setLoading(false);
      }
    },
    [queryKey],
  );
  useEffect(() => void load(undefined), [load]);
  // New entries arrive with every change; the first page refreshes after a quiet moment.
  useReloadOn(() => {
    if (entries.length <= PAGE) void load(undefined);
    facets.reload();
  }, (event) => event.type === 'contacts.changed' || event.type === 'workspace.changed', 2000);

  const exportAs = async (format: 'csv' | 'jsonl') => {
    try {
      setExported(await api.call('audit.export', { query, format }));
    } catch (failure) {
      notifications.show({ color: 'red', title: 'The audit log could not be exported', message: failure instanceof Error ? failure.message : String(failure) });
    }
  };

  const whatOptions = [
    { group: 'Kinds', items: ACTION_GROUPS.map((g) => ({ value: g.value, label: g.label })) },
    { group: 'Actions', items: (facets.data?.actions ?? []).map((a) => ({ value: `action:${a.action}`, label: `${actionLabel(a.action)} (${formatNumber(a.count)})` })) },
  ];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <Stack gap="md">
      <ChainStatus />
      <SectionCard
        id="privacy-audit"
        title="Audit log"
        description="Every change, export, request and erasure made in this app, with who and when. Entries name records by id and never hold personal data, so they outlive an erasure."
        actions={
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />}>
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{filtered ? 'The entries that match' : 'Every entry'}, oldest first, with hashes</Menu.Label>
              <Menu.Item onClick={() => void exportAs('csv')}>CSV (spreadsheets)</Menu.Item>
              <Menu.Item onClick={() => void exportAs('jsonl')}>JSON Lines (tools)</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      >
        <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
          <Select label="What" placeholder="Everything" data={whatOptions} value={filters.what} onChange={(what) => setFilters((f) => ({ ...f, what }))} clearable searchable w={240} />
          <Select
            label="Who"
            placeholder="Anyone"
            data={(facets.data?.actors ?? []).map((a) => ({ value: a.id, label: a.name }))}
            value={filters.actorId}
            onChange={(actorId) => setFilters((f) => ({ ...f, actorId }))}
            clearable
            searchable
            w={160}
          />
          <TextInput label="Record id" placeholder="A contact’s id" value={filters.entityId} onChange={(event) => setFilters((f) => ({ ...f, entityId: event.currentTarget.value }))} w={170} maxLength={64} />
          <TextInput label="From" type="date" value={filters.from} onChange={(event) => setFilters((f) => ({ ...f, from: event.currentTarget.value }))} w={140} />
          <TextInput label="To" type="date" value={filters.to} onChange={(event) => setFilters((f) => ({ ...f, to: event.currentTarget.value }))} w={140} />
          {filtered && (
            <Button variant="subtle" color="gray" onClick={() => setFilters(NO_FILTERS)}>
              Clear
            </Button>
          )}
        </Group>
        {error ? (
          <Alert color="red" icon={<IconAlertTriangle size={16} />} title="The log could not be read">
            {error}
          </Alert>
        ) : entries.length === 0 && !loading ? (
          <Text c="dimmed" size="sm" ta="center" py="xl">
            {filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
          </Text>
        ) : (
          <AuditTable entries={entries} />
        )}
        <Group justify="center" mt="sm">
          {loading ? <Loader size="sm" /> : nextBefore !== null && <Button variant="default" onClick={() => void load(nextBefore)}>Show older entries</Button>}
        </Group>
      </SectionCard>
      <FileReadyModal title="Audit log exported" path={exported?.path ?? null} onClose={() => setExported(null)}>
        {formatNumber(exported?.entries ?? 0)} {exported?.entries === 1 ? 'entry' : 'entries'} with their hashes.
        {exported?.head && (
          <>
            {' '}
            The newest is #{exported.head.seq}, hash <code>{exported.head.hash.slice(0, 16)}…</code>: keep the file somewhere safe, and a later check shows whether anything in
            the app’s copy was changed or cut since.
          </>
        )}
      </FileReadyModal>
    </Stack>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const openContact = useUi((s) => s.openContact);
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing={6} highlightOnHover aria-label="Audit entries" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>#</Table.Th>
            <Table.Th w={170}>When</Table.Th>
            <Table.Th w={150}>Who</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th w={190}>Record</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const details = describeDetails(entry.details);
            return (
              <Table.Tr key={entry.seq}>
                <Table.Td c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {entry.seq}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                <Table.Td>
                  <Text size="sm" truncate maw={150} title={entry.actor.id}>
                    {entry.actor.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={550}>
                    {actionLabel(entry.action)}
                  </Text>
                  {details && (
                    <Text size="xs" c="dimmed" lineClamp={2} title={details.slice(0, 2000)}>
                      {details}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {entry.entityId ? (
                    entry.entity === 'contact' && entry.action !== 'contact.erased' ? (
                      <Anchor component="button" size="xs" ff="monospace" onClick={() => openContact(entry.entityId as string)} title={`Open contact ${entry.entityId}`}>
                        <Group gap={4} wrap="nowrap">
                          <IconLink size={12} />
                          <span className="ellipsis" style={{ maxWidth: 150 }}>
                            {entry.entityId}
                          </span>
                        </Group>
                      </Anchor>
                    ) : (
                      <Text size="xs" ff="monospace" c="dimmed" truncate maw={170} title={`${entry.entity ?? ''} ${entry.entityId}`}>
                        {entry.entity ? `${entry.entity.replace('_', ' ')} ` : ''}
                        {entry.entityId}
                      </Text>
                    )
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The hash chain's state, checked when shown and on demand. */
export function ChainStatus({ compact = false }: { compact?: boolean }) {
  const [check, setCheck] = useState<AuditChainCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verify = useCallback(async () => {
    setChecking(true);
    try {
      setCheck(await api.call('audit.verify', {}));
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setChecking(false);
    }
  }, []);
  useEffect(() => void verify(), [verify]);

  const again = (
    <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={checking} onClick={() => void verify()}>
      Check again
    </Button>
  );
  if (error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The audit log could not be checked">
        <Group justify="space-between">
          <Text size="sm">{error}</Text>
          {again}
        </Group>
      </Alert>
    );
  }
  if (!check) {
    return (
      <Alert color="gray" icon={<Loader size={16} />} title="Checking the audit log…">
        Recomputing every entry’s hash.
      </Alert>
    );
  }
  if (!check.ok) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The audit log was tampered with" role="alert">
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <Text size="sm">
            Entry #{check.brokenAt} does not match the chain: it, or one before it, was edited, removed or inserted outside the app. Entries after it cannot be trusted. Keep a copy
            of this database for investigation.
          </Text>
          {again}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="teal" icon={<IconShieldCheck size={18} />} title={compact ? 'Audit log intact' : 'The audit log is intact'}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Text size="sm">
          {formatNumber(check.entries)} {check.entries === 1 ? 'entry' : 'entries'}, each chained to the one before by its SHA-256 hash; checked {formatDateTime(check.checkedAt)}.
          {check.head && (
            <>
              {' '}
              Newest{' '}
              <Tooltip label={check.head.hash}>
                <Badge variant="light" color="gray" size="sm" ff="monospace" style={{ textTransform: 'none' }}>
                  #{check.head.seq} · {check.head.hash.slice(0, 12)}
                </Badge>
              </Tooltip>
            </>
          )}
        </Text>
        {!compact && again}
      </Group>
    </Alert>
  );
}
