import { ActionIcon, Badge, Button, Group, Menu, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconDeviceFloppy, IconDots, IconFilter, IconListCheck, IconPencil, IconTrash } from '@tabler/icons-react';
import { memo, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { activeFilterCount, filterOfView, savedViewOf, useCurrentView, useListView, viewOfSegment } from '../../state/listView';
import { DeleteSegmentDialog, NewSegmentDialog, RenameSegmentDialog } from './SegmentDialogs';

/** "Contacts", or the open segment's name with what it is. */
export function ListTitle() {
  const open = useListView((s) => s.open);
  if (!open) {
    return (
      <Title order={1} size="h3" fw={650} style={{ letterSpacing: '-0.015em' }}>
        Contacts
      </Title>
    );
  }
  const { segment } = open;
  return (
    <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
      {segment.kind === 'list' ? <IconListCheck size={20} stroke={1.7} aria-hidden /> : <IconFilter size={20} stroke={1.7} aria-hidden />}
      <Title order={1} size="h3" fw={650} style={{ letterSpacing: '-0.015em' }} className="ellipsis" dir="auto">
        {segment.name}
      </Title>
      <Badge variant="light" color="gray" radius="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
        {segment.kind === 'list' ? 'List' : 'Segment'}
      </Badge>
    </Group>
  );
}

/**
 * Saving what the list shows: "Save as segment" for a filtered list; on an open segment whose
 * filter was changed, "Save changes" or "Discard changes"; and the segment's own menu.
 */
export const ListActions = memo(function ListActions() {
  const view = useCurrentView();
  const open = useListView((s) => s.open);
  const openSegment = useListView((s) => s.openSegment);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const segment = open?.segment ?? null;

  const currentFilter = filterOfView(view);
  const savedFilter = segment ? filterOfView(viewOfSegment(segment)) : null;
  const changed = segment?.kind === 'filter' && JSON.stringify(currentFilter) !== JSON.stringify(savedFilter);
  const canSaveNew = !segment && activeFilterCount(view) > 0;

  const saveChanges = async () => {
    if (!segment) return;
    try {
      const saved = await api.call('segments.update', { id: segment.id, filter: currentFilter });
      useListView.getState().segmentSaved(saved);
      notifications.show({ color: 'teal', title: 'Segment updated', message: `“${saved.name}” now keeps this filter.` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'The segment was not saved', message: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <Group gap="xs" wrap="nowrap">
      {canSaveNew && (
        <Button size="compact-sm" variant="light" leftSection={<IconDeviceFloppy size={14} />} onClick={() => setCreating(true)}>
          Save as segment
        </Button>
      )}
      {changed && segment && (
        <>
          <Tooltip label="Go back to the segment's saved filter">
            <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconArrowBackUp size={14} />} onClick={() => openSegment(segment)}>
              Discard changes
            </Button>
          </Tooltip>
          <Button size="compact-sm" leftSection={<IconDeviceFloppy size={14} />} onClick={() => void saveChanges()}>
            Save changes
          </Button>
        </>
      )}
      {segment && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="default" size={26} aria-label={`Actions for ${segment.kind === 'list' ? 'list' : 'segment'} ${segment.name}`}>
              <IconDots size={15} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(true)}>
              Rename…
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(true)}>
              Delete {segment.kind === 'list' ? 'list' : 'segment'}…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <NewSegmentDialog opened={creating} onClose={() => setCreating(false)} kind="filter" filter={currentFilter} view={savedViewOf(view)} allowKindChoice={false} />
      <RenameSegmentDialog segment={renaming ? segment : null} onClose={() => setRenaming(false)} />
      <DeleteSegmentDialog segment={deleting ? segment : null} onClose={() => setDeleting(false)} />
    </Group>
  );
});

/** Saves an open segment's columns and sort shortly after they change (views remember them). */
export function useSegmentViewAutosave(): void {
  const open = useListView((s) => s.open);
  const columns = open?.view.columns;
  const sort = open?.view.sort;
  useEffect(() => {
    if (!open || !columns || !sort) return;
    const next = { columns, sort };
    const saved = { columns: open.segment.view.columns ?? null, sort: open.segment.view.sort ?? null };
    if (JSON.stringify(next) === JSON.stringify(saved)) return;
    const id = open.segment.id;
    const save = () =>
      void api
        .call('segments.update', { id, view: next })
        .then((segment) => useListView.getState().segmentSaved(segment))
        .catch(() => {
          // The next change tries again; the view on screen is right either way.
        });
    let pending = true;
    const timer = setTimeout(() => {
      pending = false;
      save();
    }, 600);
    return () => {
      clearTimeout(timer);
      // Leaving the segment (another one, All contacts) saves at once what was still waiting.
      if (pending && useListView.getState().open?.segment.id !== id) save();
    };
    // Only a change of the columns or the sort starts a save.
  }, [open?.segment.id, columns, sort]);
}

