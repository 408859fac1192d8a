import { Button, Group } from '@mantine/core';
import { IconListCheck, IconSearchOff } from '@tabler/icons-react';
import { EmptyState } from '../../../components/EmptyState';
import { activeFilterCount, useCurrentView, useListView } from '../../../state/listView';
import { useUi } from '../../../state/ui';

/** Nothing matches the search or the filters: say so, and offer the way back. */
export function NoResults({ searching }: { searching: boolean }) {
  const search = useUi((s) => s.search);
  const setSearch = useUi((s) => s.setSearch);
  const view = useCurrentView();
  const clearFilters = useListView((s) => s.clearFilters);
  const openList = useListView((s) => (s.open?.segment.kind === 'list' ? s.open.segment : null));
  const filtered = activeFilterCount(view) > 0;
  if (openList && !searching && !filtered) {
    return (
      <EmptyState icon={<IconListCheck size={26} stroke={1.6} />} color="gray" title={`“${openList.name}” has no contacts yet`}>
        Add contacts to this list from a contact’s “More actions” menu, or select contacts in the list and choose “Add to list”.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={<IconSearchOff size={26} stroke={1.6} />}
      color="gray"
      title={searching ? 'No contacts match your search' : 'No contacts match these filters'}
      actions={
        <Group gap="sm" mt="sm">
          {searching && <Button onClick={() => setSearch('')}>Clear search</Button>}
          {filtered && (
            <Button variant={searching ? 'default' : 'filled'} onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Group>
      }
    >
      {searching ? (
        <>
          Nothing found for “<bdi>{search.slice(0, 80)}</bdi>”{filtered ? ' with the current filters' : ''}. Search looks at names, emails, phone
          numbers, custom fields and notes, and matches the beginnings of words.
        </>
      ) : (
        'Try removing a filter to see more contacts.'
      )}
    </EmptyState>
  );
}
