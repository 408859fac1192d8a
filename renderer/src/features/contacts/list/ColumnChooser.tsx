import { ActionIcon, Button, Checkbox, Divider, Group, Popover, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns3, IconSearch } from '@tabler/icons-react';
import { useWindowEvent } from '@mantine/hooks';
import { memo, useMemo, useState } from 'react';
import { DEFAULT_COLUMNS, useListView, useViewPart } from '../../../state/listView';
import { useFieldDefinitions } from '../useFacets';
import { columnCatalog, type ColumnGroup } from './columns';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';

const GROUPS: ColumnGroup[] = ['Contact', 'Activity', 'Custom fields', 'Consent'];

/**
 * Which columns the list shows and in what order: the shown ones at the top with ↑/↓ to move
 * them, every other column below by group, each a checkbox. The name always shows. Widths are
 * set by dragging a column's edge in the list.
 */
export const ColumnChooser = memo(function ColumnChooser() {
  const columns = useViewPart('columns');
  const setColumns = useListView((s) => s.setColumns);
  const resetColumns = useListView((s) => s.resetColumns);
  const fields = useFieldDefinitions().data;
  const purposes = useConsentPurposes((s) => s.purposes);
  const catalog = useMemo(() => columnCatalog(fields ?? [], purposes), [fields, purposes]);
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  // Ticking a column moves it between the two lists, so focus may leave the dropdown: Escape
  // must still close it.
  useWindowEvent('keydown', (event) => {
    if (opened && event.key === 'Escape') setOpened(false);
  });

  const shown = columns.filter((c) => catalog.some((info) => info.id === c.id));
  const labelOf = (id: string) => catalog.find((info) => info.id === id)?.label ?? id;
  const needle = search.trim().toLowerCase();
  const hidden = catalog.filter((info) => !shown.some((c) => c.id === info.id) && (!needle || info.label.toLowerCase().includes(needle)));

  const move = (index: number, by: -1 | 1) => {
    const next = [...shown];
    const [column] = next.splice(index, 1);
    if (!column) return;
    next.splice(index + by, 0, column);
    setColumns(next);
  };
  const hide = (id: string) => setColumns(shown.filter((c) => c.id !== id));
  const show = (id: string) => {
    const info = catalog.find((c) => c.id === id);
    if (info) setColumns([...shown, { id, width: info.width }]);
  };
  const isDefault = JSON.stringify(shown) === JSON.stringify(DEFAULT_COLUMNS);

  return (
    <Popover opened={opened} onChange={setOpened} width={300} position="bottom-end" shadow="lg" radius="md" trapFocus withinPortal>
      <Popover.Target>
        <Button size="compact-sm" variant="default" leftSection={<IconColumns3 size={14} />} aria-label="Choose columns" onClick={() => setOpened((o) => !o)}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Stack gap={0}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
            Shown, in order
          </Text>
          <ScrollArea.Autosize mah={240} px="xs">
            <Stack gap={0}>
              {shown.map((column, index) => (
                <Group key={column.id} gap={4} wrap="nowrap" px={4} py={2} justify="space-between">
                  <Checkbox
                    size="xs"
                    label={labelOf(column.id)}
                    checked
                    disabled={column.id === 'name'}
                    onChange={() => hide(column.id)}
                    aria-label={`Show ${labelOf(column.id)}`}
                    styles={{ body: { alignItems: 'center' } }}
                  />
                  <Group gap={0} wrap="nowrap">
                    <ActionIcon size="sm" variant="subtle" color="gray" disabled={index === 0} aria-label={`Move ${labelOf(column.id)} left`} onClick={() => move(index, -1)}>
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      disabled={index === shown.length - 1}
                      aria-label={`Move ${labelOf(column.id)} right`}
                      onClick={() => move(index, 1)}
                    >
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Group>
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Divider my={6} />
          <TextInput
            size="xs"
            mx="sm"
            placeholder="Find a column"
            leftSection={<IconSearch size={13} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            aria-label="Find a column"
          />
          <ScrollArea.Autosize mah={260} px="xs" py={4}>
            {GROUPS.map((group) => {
              const items = hidden.filter((info) => info.group === group);
              if (items.length === 0) return null;
              return (
                <Stack key={group} gap={2} py={4}>
                  <Text size="xs" fw={600} c="dimmed" px={4}>
                    {group}
                  </Text>
                  {items.map((info) => (
                    <Checkbox
                      key={info.id}
                      size="xs"
                      px={4}
                      py={2}
                      label={info.label}
                      checked={false}
                      onChange={() => show(info.id)}
                      aria-label={`Show ${info.label}`}
                    />
                  ))}
                </Stack>
              );
            })}
            {hidden.length === 0 && (
              <Text size="xs" c="dimmed" px={4} py="xs">
                {needle ? 'No column by that name.' : 'Every column is shown.'}
              </Text>
            )}
          </ScrollArea.Autosize>
          <Divider />
          <Group justify="flex-end" p="xs">
            <Button size="compact-xs" variant="subtle" color="gray" disabled={isDefault} onClick={resetColumns}>
              Reset columns
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});
