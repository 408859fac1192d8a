import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Table, Text } from '@mantine/core';
import { IconDots, IconFilter, IconListCheck, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Segment } from '../../../../preload/contract';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { RelativeTime } from '../../components/RelativeTime';
import { formatNumber } from '../../lib/format';
import { DEFAULT_COLUMNS, DEFAULT_SORT, useListView } from '../../state/listView';
import { useUi } from '../../state/ui';
import { DeleteSegmentDialog, NewSegmentDialog, RenameSegmentDialog } from './SegmentDialogs';
import { useSegments } from './useSegments';

/** Every saved segment and list, with counts; open, rename or delete them, or start a list. */
export function SegmentsView() {
  const segments = useSegments((s) => s.segments);
  const counts = useSegments((s) => s.counts);
  const openSegment = useListView((s) => s.openSegment);
  const setView = useUi((s) => s.setView);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Segment | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);

  const open = (segment: Segment) => {
    openSegment(segment);
    setView('contacts');
  };

  return (
    <Page
      title="Segments"
      description="Saved filters that stay current as contacts change, and lists of contacts you chose. Each opens with its own columns and sort."
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New list
        </Button>
      }
    >
      {segments && segments.length === 0 ? (
        <EmptyState icon={<IconFilter size={26} stroke={1.6} />} color="nexvio" title="No segments yet">
          Filter the contact list (for example “Country is Germany” and “Last seen in the last 30 days”) and choose “Save as segment”, or start a list
          here and add contacts to it from their “More actions” menu.
        </EmptyState>
      ) : (
        <Card withBorder radius="md" padding={0}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Segments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Contacts</Table.Th>
                <Table.Th>Changed</Table.Th>
                <Table.Th aria-label="Actions" w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(segments ?? []).map((segment) => {
                const count = counts[segment.id];
                return (
                  <Table.Tr key={segment.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {segment.kind === 'list' ? <IconListCheck size={16} stroke={1.7} aria-hidden /> : <IconFilter size={16} stroke={1.7} aria-hidden />}
                        <Anchor component="button" fw={600} size="sm" onClick={() => open(segment)} dir="auto" className="ellipsis">
                          {segment.name}
                        </Anchor>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={segment.kind === 'list' ? 'teal' : 'nexvio'} radius="sm" style={{ textTransform: 'none' }}>
                        {segment.kind === 'list' ? 'List' : 'Saved filter'}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {count ? `${formatNumber(count.count)}${count.capped ? '+' : ''}` : <Text span c="dimmed">…</Text>}
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={segment.updatedAt} size="sm" c="dimmed" />
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${segment.name}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(segment)}>
                            Rename…
                          </Menu.Item>
                          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(segment)}>
                            Delete…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <NewSegmentDialog opened={creating} onClose={() => setCreating(false)} kind="list" filter={{}} view={{ columns: DEFAULT_COLUMNS, sort: DEFAULT_SORT }} allowKindChoice={false} />
      <RenameSegmentDialog segment={renaming} onClose={() => setRenaming(null)} />
      <DeleteSegmentDialog segment={deleting} onClose={() => setDeleting(null)} />
    </Page>
  );
}
