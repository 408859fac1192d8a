import { Group, Kbd, Text, useMantineColorScheme } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconAddressBook, IconAlarm, IconArrowsExchange, IconArrowsJoin, IconCloudDownload, IconDatabaseExport, IconDownload, IconFileImport, IconFilter, IconKeyboard, IconListCheck, IconMoon, IconNotes, IconPlus, IconRefresh, IconSearch, IconSettings, IconSun, IconTag, IconTimeline, IconTrash, IconUser } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { ContactRow } from '../../../preload/contract';
import { api } from '../api/client';
import { ContactAvatar } from '../components/ContactAvatar';
import { deleteWithUndo } from '../features/contacts/detail/deleteWithUndo';
import { formatBytes } from '../lib/format';
import { useListView } from '../state/listView';
import { useUi } from '../state/ui';
import { useSegments } from '../features/segments/useSegments';
import { useImportWizard } from '../features/contacts/import/importWizard';
import { startFollowUp, startNote, startTag } from './contactShortcuts';
import { useExport } from '../features/contacts/export/exportJob';

interface Command {
  id: string;
  group: 'Go to' | 'Open contact' | 'Actions';
  label: string;
  description?: string;
  icon: ReactNode;
  keys?: string[];
  run(): void;
}

/** Opens the command palette (also Ctrl/⌘+P). */
export const openCommandPalette = () => spotlight.open();

/**
 * The command palette: jump to any contact (full-text search as you type), to any view, or
 * run an action on the open contact. Everything here is also reachable without it.
 */
export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const [contacts, setContacts] = useState<ContactRow[]>([]);
  const selectedId = useUi((s) => s.selectedId);
  const { colorScheme, setColorScheme } = useMantineColorScheme();

  useEffect(() => {
    if (debounced === '') {
      setContacts([]);
      return;
    }
    let live = true;
    api
      .call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: { search: debounced }, limit: 7 })
      .then((page) => live && setContacts(page.rows))
      .catch(() => live && setContacts([]));
    return () => {
      live = false;
    };
  }, [debounced]);

  const ui = useUi.getState;
  const segments = useSegments((state) => state.segments);
  const commands: Command[] = [
    ...contacts.map<Command>((c) => ({
      id: `contact-${c.id}`,
      group: 'Open contact',
      label: c.displayName.slice(0, 120) || 'Unnamed contact',
      description: (c.email ?? c.phone ?? '').slice(0, 120),
      icon: <ContactAvatar id={c.id} name={c.displayName} size={28} />,
      run: () => ui().openContact(c.id),
    })),
    {
      id: 'go-contacts',
      group: 'Go to',
      label: 'Contacts',
      icon: <IconAddressBook size={18} />,
      run: () => {
        useListView.getState().openAll();
        ui().setView('contacts');
      },
    },
    ...(segments ?? []).map<Command>((segment) => ({
      id: `segment-${segment.id}`,
      group: 'Go to',
      label: segment.name.slice(0, 120),
      description: segment.kind === 'list' ? 'List' : 'Segment',
      icon: segment.kind === 'list' ? <IconListCheck size={18} /> : <IconFilter size={18} />,
      run: () => {
        useListView.getState().openSegment(segment);
        ui().setView('contacts');
      },
    })),
    { id: 'go-segments', group: 'Go to', label: 'Segments', description: 'Saved filters and lists', icon: <IconFilter size={18} />, run: () => ui().setView('segments') },
    { id: 'go-duplicates', group: 'Go to', label: 'Duplicates', description: 'Review and merge people who reached you twice', icon: <IconArrowsJoin size={18} />, run: () => ui().setView('duplicates') },
    { id: 'go-follow-ups', group: 'Go to', label: 'Follow-ups', description: 'Overdue, today and upcoming', icon: <IconAlarm size={18} />, run: () => ui().setView('follow-ups') },
    { id: 'go-activity', group: 'Go to', label: 'Activity', description: 'What happened across all contacts', icon: <IconTimeline size={18} />, run: () => ui().setView('activity') },
    { id: 'go-sync', group: 'Go to', label: 'Sync', description: 'Status, conflicts and rejected changes', icon: <IconArrowsExchange size={18} />, run: () => ui().openSync() },
    { id: 'go-settings', group: 'Go to', label: 'Open settings', description: 'Theme, date language, sync, notifications, updates, backups, data folder', icon: <IconSettings size={18} />, run: () => ui().openSettings() },
    ...(selectedId
      ? ([
          { id: 'note', group: 'Actions', label: 'Add a note to this contact', icon: <IconNotes size={18} />, keys: ['N'], run: startNote },
          { id: 'tag', group: 'Actions', label: 'Add a tag to this contact', icon: <IconTag size={18} />, keys: ['T'], run: startTag },
          { id: 'follow-up', group: 'Actions', label: 'Add a follow-up for this contact', icon: <IconPlus size={18} />, keys: ['F'], run: startFollowUp },
          {
            id: 'delete',
            group: 'Actions',
            label: 'Delete this contact',
            description: 'Can be undone for a few seconds',
            icon: <IconTrash size={18} />,
            run: () => {
              void api.call('contacts.get', { id: selectedId }).then((contact) => deleteWithUndo(contact, ui().select));
            },
          },
        ] satisfies Command[])
      : []),
    {
      id: 'export',
      group: 'Actions',
      label: 'Export contacts…',
      description: 'What the list shows, to CSV, Excel, JSON or vCard',
      icon: <IconDownload size={18} />,
      run: () => {
        ui().setView('contacts');
        useExport.getState().open({ kind: 'list' });
      },
    },
    {
      id: 'import',
      group: 'Actions',
      label: 'Import contacts',
      description: 'From a CSV, Excel or vCard file',
      icon: <IconFileImport size={18} />,
      run: () => {
        ui().setView('contacts');
        useImportWizard.getState().open();
      },
    },
    {
      id: 'sync-now',
      group: 'Actions',
      label: 'Sync now',
      icon: <IconRefresh size={18} />,
      run: () => void api.call('sync.now', {}).catch(() => undefined),
    },
    { id: 'check-updates', group: 'Actions', label: 'Check for updates', icon: <IconCloudDownload size={18} />, run: checkForUpdates },
    { id: 'back-up', group: 'Actions', label: 'Back up now', description: 'A copy of the workspace in its backups folder', icon: <IconDatabaseExport size={18} />, run: backUpNow },
    {
      id: 'theme',
      group: 'Actions',
      label: colorScheme === 'dark' ? 'Use the light theme' : 'Use the dark theme',
      icon: colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />,
      run: () => setColorScheme(colorScheme === 'dark' ? 'light' : 'dark'),
    },
    { id: 'shortcuts', group: 'Actions', label: 'Show keyboard shortcuts', icon: <IconKeyboard size={18} />, keys: ['?'], run: () => ui().setShortcutsOpen(true) },
  ];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = commands.filter(
    (c) => c.group === 'Open contact' || words.every((w) => `${c.label} ${c.description ?? ''} ${c.group}`.toLowerCase().includes(w)),
  );
  const groups = (['Open contact', 'Go to', 'Actions'] as const).map((group) => ({ group, items: shown.filter((c) => c.group === group) }));

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + P', 'mod + shift + P']}
      tagsToIgnore={[]}
      scrollable
      maxHeight={440}
      aria-label="Command palette"
    >
      <Spotlight.Search placeholder="Jump to a contact, a view or an action…" leftSection={<IconSearch size={18} stroke={1.7} />} aria-label="Command" />
      <Spotlight.ActionsList aria-label="Commands">
        {shown.length === 0 ? (
          <Spotlight.Empty>{debounced === '' ? 'Type to search' : 'No contact or command matches'}</Spotlight.Empty>
        ) : (
          groups.map(
            ({ group, items }) =>
              items.length > 0 && (
                <Spotlight.ActionsGroup key={group} label={group}>
                  {items.map((c) => (
                    <Spotlight.Action key={c.id} onClick={c.run} leftSection={c.icon} label={c.label} description={c.description} rightSection={c.keys ? <Keys keys={c.keys} /> : undefined} />
                  ))}
                </Spotlight.ActionsGroup>
              ),
          )
        )}
      </Spotlight.ActionsList>
      <Spotlight.Footer>
        <Group gap="md" c="dimmed" justify="space-between" wrap="nowrap">
          <Text size="xs">
            <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> choose · <Kbd size="xs">Enter</Kbd> run · <Kbd size="xs">Esc</Kbd> close
          </Text>
          <Group gap={4} wrap="nowrap">
            <IconUser size={12} />
            <Text size="xs">Finds names, emails, phones, fields and notes</Text>
          </Group>
        </Group>
      </Spotlight.Footer>
    </Spotlight.Root>
  );
}

/** Checks now and says what it found (the Updates settings show the rest). */
function checkForUpdates(): void {
  void api
    .call('updates.check', {})
    .then((status) => {
      const found = status.state === 'available' || status.state === 'downloading' || status.state === 'ready';
      notifications.show({
        color: status.state === 'error' ? 'red' : found ? 'nexvio' : 'teal',
        title:
          status.state === 'off'
            ? 'Automatic updates are not set up in this build'
            : status.state === 'error'
              ? 'Could not check for updates'
              : found
                ? `Nexvio Contacts ${status.availableVersion ?? ''} is available`
                : 'Nexvio Contacts is up to date',
        message: status.state === 'error' ? (status.message ?? 'The update server could not be reached.') : found ? 'It downloads in the background; the app asks before it restarts.' : `You have version ${status.currentVersion}.`,
      });
    })
    .catch((error: unknown) => notifications.show({ color: 'red', title: 'Could not check for updates', message: error instanceof Error ? error.message : String(error) }));
}

/** An online copy of the workspace now, rotated with the daily ones. */
function backUpNow(): void {
  const id = notifications.show({ loading: true, autoClose: false, withCloseButton: false, title: 'Backing up the workspace…', message: 'You can keep working.' });
  void api
    .call('backups.create', {})
    .then((backup) =>
      notifications.update({ id, loading: false, autoClose: 6000, withCloseButton: true, color: 'teal', title: 'Backup taken', message: `${formatBytes(backup.sizeBytes)}, kept with the other backups (Settings → Backups).` }),
    )
    .catch((error: unknown) =>
      notifications.update({ id, loading: false, autoClose: false, withCloseButton: true, color: 'red', title: 'The backup failed', message: error instanceof Error ? error.message : String(error) }),
    );
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <Group gap={2}>
      {keys.map((k) => (
        <Kbd key={k} size="xs">
          {k}
        </Kbd>
      ))}
    </Group>
  );
}
