import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconDownload, IconSparkles } from '@tabler/icons-react';
import { formatNumber } from '../../../lib/format';
import { DrillChip } from '../../analytics/DrillChip';
import { ListActions, ListTitle } from '../../segments/ListActions';
import { useExport } from '../export/exportJob';
import { ImportButton } from '../import/ImportWizard';
import { ColumnChooser } from './ColumnChooser';
import { FilterBar } from './FilterBar';

/** "Contacts · 12,345 contacts", the filters, and a hint while searching. */
export function ContactsToolbar({ count, loading, searching }: { count: { count: number; capped: boolean } | undefined; loading: boolean; searching: boolean }) {
  const label = count
    ? count.capped
      ? `${formatNumber(count.count)}+ matches`
      : `${formatNumber(count.count)} ${searching ? (count.count === 1 ? 'match' : 'matches') : count.count === 1 ? 'contact' : 'contacts'}`
    : '';
  return (
    <Stack gap={10}>
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Group gap="sm" wrap="nowrap" align="baseline" style={{ minWidth: 0 }}>
          <ListTitle />
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="contact-count" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {label}
          </Text>
          {loading && <Loader size={12} type="dots" aria-label="Counting" />}
        </Group>
        <Group gap="sm" wrap="nowrap">
          {searching && (
            <Group gap={6} wrap="nowrap">
              <IconSparkles size={14} color="var(--mantine-color-nexvio-5)" aria-hidden />
              <Text size="xs" c="dimmed">
                Search results, newest first
              </Text>
            </Group>
          )}
          <ListActions />
          <ImportButton />
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconDownload size={14} />}
            aria-label="Export what the list shows"
            disabled={count?.count === 0}
            onClick={() => useExport.getState().open({ kind: 'list' })}
          >
            Export
          </Button>
          <ColumnChooser />
        </Group>
      </Group>
      <DrillChip />
      <FilterBar />
    </Stack>
  );
}
