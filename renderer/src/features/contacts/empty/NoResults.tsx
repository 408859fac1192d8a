import { Button, Group } from '@mantine/core';
import { IconSearchOff } from '@tabler/icons-react';
import { EmptyState } from '../../../components/EmptyState';
import { activeFilterCount, useUi } from '../../../state/ui';

/** Nothing matches the search or the filters: say so, and offer the way back. */
export function NoResults({ searching }: { searching: boolean }) {
  const search = useUi((s) => s.search);
  const setSearch = useUi((s) => s.setSearch);
  const filters = useUi((s) => s.filters);
  const clearFilters = useUi((s) => s.clearFilters);
  const filtered = activeFilterCount(filters) > 0;
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
