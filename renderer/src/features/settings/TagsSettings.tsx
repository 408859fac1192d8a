import { ActionIcon, Badge, Button, ColorSwatch, Group, Menu, Modal, Progress, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconDots, IconPalette, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TagInfo } from '../../../../preload/contract';
import { SectionCard } from '../../components/SectionCard';
import { api, ApiError } from '../../api/client';
import { useAppEvent, useReloadOn } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { formatCount, formatNumber } from '../../lib/format';

const COLORS = ['#fa5252', '#fd7e14', '#fab005', '#40c057', '#12b886', '#15aabf', '#228be6', '#4c6ef5', '#7950f2', '#be4bdb', '#e64980', '#868e96'];

type Action = { kind: 'rename' | 'merge' | 'delete'; tag: TagInfo };

/** Every tag with its usage: colour, rename, merge into another, delete (across all its contacts). */
export function TagsSettings() {
  const tags = useResource('tags', () => api.call('tags.list', {}));
  useReloadOn(tags.reload, (event) => event.type === 'contacts.changed' && event.ids === null, 500);
  const [action, setAction] = useState<Action | null>(null);
  const list = tags.data ?? [];

  const setColor = async (tag: TagInfo, color: string | null) => {
    try {
      tags.set(await api.call('tags.setColor', { id: tag.id, color }));
    } catch (error) {
      notifications.show({ color: 'red', title: 'The colour could not be set', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <SectionCard
      id="settings-tags"
      title="Tags"
      description="Rename, merge or delete a tag on every contact that carries it; each contact’s change syncs. Colours are for this device."
    >
      {list.length === 0 && !tags.loading ? (
        <Text size="sm" c="dimmed" py="md">
          No tags yet. Add one on a contact, in its details.
        </Text>
      ) : (
        <Table verticalSpacing={6} highlightOnHover aria-label="Tags">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tag</Table.Th>
              <Table.Th>Contacts</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((tag) => (
              <Table.Tr key={tag.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Menu position="bottom-start" withinPortal>
                      <Menu.Target>
                        <Tooltip label="Colour">
                          <ActionIcon variant="subtle" color="gray" aria-label={`Colour of ${tag.name}`}>
                            {tag.color ? <ColorSwatch color={tag.color} size={16} /> : <IconPalette size={16} />}
                          </ActionIcon>
                        </Tooltip>
                      </Menu.Target>
                      <Menu.Dropdown p="xs">
                        <Group gap={6} maw={180}>
                          {COLORS.map((color) => (
                            <ColorSwatch key={color} component="button" color={color} size={22} aria-label={`Use ${color}`} onClick={() => void setColor(tag, color)} style={{ cursor: 'pointer' }} />
                          ))}
                        </Group>
                        <Button size="compact-xs" variant="subtle" mt="xs" fullWidth onClick={() => void setColor(tag, null)}>
                          No colour
                        </Button>
                      </Menu.Dropdown>
                    </Menu>
                    <Badge variant="light" color={tag.color ?? 'gray'} style={{ textTransform: 'none' }} size="md">
                      {tag.name}
                    </Badge>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatNumber(tag.count)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${tag.name}`}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setAction({ kind: 'rename', tag })}>
                          Rename
                        </Menu.Item>
                        <Menu.Item leftSection={<IconArrowMerge size={14} />} onClick={() => setAction({ kind: 'merge', tag })} disabled={list.length < 2}>
                          Merge into another tag
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setAction({ kind: 'delete', tag })}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {action && <TagActionDialog action={action} tags={list} onClose={() => setAction(null)} onDone={(next) => tags.set(next)} />}
    </SectionCard>
  );
}

const TITLES = { rename: 'Rename tag', merge: 'Merge tag', delete: 'Delete tag' } as const;

/** One of the operations that change every contact carrying the tag, with its progress. */
function TagActionDialog({ action, tags, onClose, onDone }: { action: Action; tags: TagInfo[]; onClose(): void; onDone(tags: TagInfo[]): void }) {
  const { kind, tag } = action;
  const [name, setName] = useState(tag.name);
  const [intoId, setIntoId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const running = progress !== null;
  useAppEvent((event) => {
    if (running && event.type === 'progress' && event.job === 'tags') setProgress({ done: event.done, total: event.total });
  });

  const run = async () => {
    if (kind === 'rename' && name.trim() === '') return setError('A tag needs a name');
    if (kind === 'merge' && !intoId) return setError('Choose the tag to merge into');
    setError(null);
    setProgress({ done: 0, total: tag.count });
    try {
      const next =
        kind === 'rename'
          ? await api.call('tags.rename', { id: tag.id, name: name.trim() })
          : kind === 'merge'
            ? await api.call('tags.merge', { fromId: tag.id, intoId: Number(intoId) })
            : await api.call('tags.delete', { id: tag.id });
      onDone(next);
      notifications.show({ color: 'teal', title: `${TITLES[kind].replace(' tag', '')}d: ${tag.name.slice(0, 60)}`, message: `${formatCount(tag.count, 'contact', 'contacts')} changed.` });
      onClose();
    } catch (err) {
      setProgress(null);
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Modal opened onClose={running ? () => undefined : onClose} title={`${TITLES[kind]} “${tag.name}”`} centered closeOnEscape={!running} withCloseButton={!running}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <Stack gap="sm">
          {kind === 'rename' && <TextInput label="New name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} error={error} data-autofocus disabled={running} />}
          {kind === 'merge' && (
            <Select
              label="Merge into"
              placeholder="Choose a tag"
              data={tags.filter((t) => t.id !== tag.id).map((t) => ({ value: String(t.id), label: `${t.name} (${formatNumber(t.count)})` }))}
              value={intoId}
              onChange={setIntoId}
              searchable
              error={error}
              disabled={running}
            />
          )}
          <Text size="sm" c="dimmed">
            {kind === 'delete'
              ? `The tag is removed from ${formatCount(tag.count, 'contact', 'contacts')}.`
              : kind === 'merge'
                ? `Its ${formatCount(tag.count, 'contact', 'contacts')} get the other tag instead, and “${tag.name}” goes.`
                : `The ${formatCount(tag.count, 'contact', 'contacts')} carrying it get the new name.`}{' '}
            Each change syncs to your workspace.
          </Text>
          {kind === 'delete' && error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          {running && (
            <Stack gap={4}>
              <Progress value={progress.total > 0 ? (100 * progress.done) / progress.total : 100} aria-label="Progress" animated />
              <Text size="xs" c="dimmed">
                {formatNumber(progress.done)} of {formatNumber(progress.total)} contacts
              </Text>
            </Stack>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose} disabled={running}>
              Cancel
            </Button>
            <Button type="submit" color={kind === 'delete' ? 'red' : undefined} loading={running}>
              {kind === 'rename' ? 'Rename' : kind === 'merge' ? 'Merge' : 'Delete tag'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
