import { Alert, Anchor, Button, Checkbox, Group, Loader, Modal, Progress, Radio, ScrollArea, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconBraces, IconFileCheck, IconFileSpreadsheet, IconFileTypeCsv, IconIdBadge2 } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { EXPORT_COLUMN_GROUPS, type ContactFilter, type ExportColumnInfo, type ExportFormat, type ExportTarget } from '../../../../../preload/contract';
import { ApiError, api } from '../../../api/client';
import { useResource } from '../../../api/useResource';
import { FilePathField } from '../../../components/FilePathField';
import { formatCount, formatNumber } from '../../../lib/format';
import { stripPathPrefix } from '../../../lib/text';
import { useViewPart } from '../../../state/listView';
import { FORMAT_INFO, useExport } from './exportJob';

const FORMAT_ICONS: Record<ExportFormat, ReactNode> = {
  csv: <IconFileTypeCsv size={20} />,
  xlsx: <IconFileSpreadsheet size={20} />,
  json: <IconBraces size={20} />,
  vcf: <IconIdBadge2 size={20} />,
};

const errorText = (error: unknown) => (error instanceof ApiError ? stripPathPrefix(error.message, error.path) : error instanceof Error ? error.message : String(error));

/**
 * Export contacts to a file: the format (each with a line on what it is for), the columns
 * (grouped like the column chooser, with "The list's columns" and "Everything"), how many
 * contacts in words; then the progress with Cancel, and the file's path when it is ready.
 * `listFilter`/`listCount` are what the list shows, for an export opened from the toolbar or
 * the command palette.
 */
export function ExportDialog({ listFilter, listCount }: { listFilter: ContactFilter; listCount: { count: number; capped: boolean } | undefined }) {
  const subject = useExport((s) => s.subject);
  const phase = useExport((s) => s.phase);
  const close = useExport((s) => s.close);
  const ended = useExport((s) => s.job?.state);
  if (!subject) return null;
  const target: ExportTarget = subject.kind === 'selection' ? subject.target : { filter: listFilter };
  const countText = subject.kind === 'selection' ? subject.countText : listCount ? `${formatNumber(listCount.count)}${listCount.capped ? '+' : ''}` : '';
  const count = subject.kind === 'selection' ? subject.count : (listCount?.count ?? 0);
  const busy = phase === 'running' || phase === 'starting';
  return (
    <Modal
      opened
      onClose={close}
      title={phase === 'ended' ? (ended === 'finished' ? 'Export ready' : 'Export stopped') : subject.kind === 'selection' ? `Export ${countText} chosen ${count === 1 ? 'contact' : 'contacts'}` : 'Export contacts'}
      centered
      size="xl"
      closeButtonProps={{ 'aria-label': busy ? 'Hide (the export goes on)' : 'Close' }}
    >
      {phase === 'choosing' || phase === 'starting' ? (
        <ChooseStep target={target} count={count} countText={countText} fromList={subject.kind === 'list'} />
      ) : phase === 'running' ? (
        <RunningStep />
      ) : (
        <EndedStep />
      )}
    </Modal>
  );
}

function ChooseStep({ target, count, countText, fromList }: { target: ExportTarget; count: number; countText: string; fromList: boolean }) {
  const catalog = useResource('export.columns', () => api.call('export.columns', {}));
  const listColumns = useViewPart('columns');
  const phase = useExport((s) => s.phase);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const columns = useMemo(() => catalog.data ?? [], [catalog.data]);
  const presets = useMemo(() => {
    const known = new Set(columns.map((c) => c.id));
    // The list's columns, and "No marketing" always: a list taken elsewhere carries the person's answer.
    const list = [...listColumns.map((c) => c.id).filter((id) => known.has(id)), 'noMarketing'];
    return { list: new Set(list), everything: new Set(columns.map((c) => c.id)) };
  }, [columns, listColumns]);
  useEffect(() => {
    if (chosen === null && columns.length > 0) setChosen(presets.list);
  }, [chosen, columns.length, presets.list]);

  const picked = chosen ?? new Set<string>();
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((id) => b.has(id));
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
    setError(null);
  };
  const start = async () => {
    // In the catalog's order: the order of the chooser is the order of the file.
    const ids = columns.filter((c) => picked.has(c.id)).map((c) => c.id);
    if (ids.length === 0) return setError('Choose at least one column.');
    setError(null);
    try {
      await useExport.getState().start(target, format, ids);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const who = fromList ? `${countText} ${count === 1 && !countText.endsWith('+') ? 'contact' : 'contacts'} the list shows` : `${countText} chosen ${count === 1 ? 'contact' : 'contacts'}`;
  return (
    <Stack gap="lg">
      <Radio.Group value={format} onChange={(value) => setFormat(value as ExportFormat)} label="Format" labelProps={{ mb: 6 }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(Object.keys(FORMAT_INFO) as ExportFormat[]).map((key) => (
            <Radio.Card key={key} value={key} radius="md" p="sm" aria-label={FORMAT_INFO[key].label}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <ThemeIcon variant="light" size={32} radius="md" color={format === key ? 'nexvio' : 'gray'}>
                  {FORMAT_ICONS[key]}
                </ThemeIcon>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {FORMAT_INFO[key].label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {FORMAT_INFO[key].explanation}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>

      <Stack gap={6}>
        <Group justify="space-between" align="baseline">
          <Text size="sm" fw={500}>
            Columns
            <Text span size="xs" c="dimmed" ml={8}>
              {formatCount(picked.size, 'column', 'columns')} chosen
            </Text>
          </Text>
          <Group gap="xs">
            <Button size="compact-xs" variant={same(picked, presets.list) ? 'light' : 'subtle'} onClick={() => setChosen(presets.list)}>
              The list&rsquo;s columns
            </Button>
            <Button size="compact-xs" variant={same(picked, presets.everything) ? 'light' : 'subtle'} onClick={() => setChosen(presets.everything)}>
              Everything
            </Button>
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setChosen(new Set())}>
              None
            </Button>
          </Group>
        </Group>
        {catalog.loading && !catalog.data ? (
          <Group justify="center" py="lg">
            <Loader size="sm" aria-label="Loading the columns" />
          </Group>
        ) : (
          <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars>
            {/* Groups flow through three columns (a long group continues in the next), like a printed index. */}
            <div style={{ columnCount: 3, columnGap: 'var(--mantine-spacing-lg)' }}>
              {EXPORT_COLUMN_GROUPS.map((group) => (
                <ColumnGroup key={group} group={group} columns={columns.filter((c) => c.group === group)} picked={picked} toggle={toggle} />
              ))}
            </div>
          </ScrollArea.Autosize>
        )}
        {format === 'vcf' && (
          <Text size="xs" c="dimmed">
            Every card carries the name; the other columns become the card&rsquo;s email, phone, address and categories, or X-NEXVIO fields.
          </Text>
        )}
      </Stack>

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} role="alert" py="xs">
          {error}
        </Alert>
      )}
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          Exports {who}, as {FORMAT_INFO[format].noun}, into the workspace&rsquo;s exports folder.
        </Text>
        <Group gap="sm" wrap="nowrap">
          <Button variant="default" onClick={() => useExport.getState().close()}>
            Cancel
          </Button>
          <Button onClick={() => void start()} loading={phase === 'starting'} disabled={catalog.data === undefined}>
            Export
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function ColumnGroup({ group, columns, picked, toggle }: { group: string; columns: ExportColumnInfo[]; picked: Set<string>; toggle(id: string): void }) {
  if (columns.length === 0) return null;
  return (
    <Stack gap={4} role="group" aria-label={group} mb="sm" style={{ breakInside: 'avoid-column' }}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {group}
      </Text>
      {columns.map((column) => (
        <Checkbox key={column.id} size="xs" label={column.label} checked={picked.has(column.id)} onChange={() => toggle(column.id)} aria-label={`Export ${column.label}`} />
      ))}
    </Stack>
  );
}

function RunningStep() {
  const { job, progress, cancelling, cancel } = useExport();
  const done = progress?.done ?? 0;
  const total = progress?.total ?? job?.total ?? 0;
  return (
    <Stack gap="md">
      <Text size="sm">
        Writing {job ? FORMAT_INFO[job.format].noun : 'the file'}
        {'…'}
      </Text>
      <Progress value={total > 0 ? (100 * done) / total : 0} aria-label="Export progress" animated size="lg" radius="xl" />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} aria-live="polite">
          {formatNumber(done)} of {formatCount(total, 'contact', 'contacts')}
        </Text>
        <Group gap="sm">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            You can close this window: the export goes on.
          </Text>
          <Button variant="default" onClick={() => void cancel()} loading={cancelling}>
            Cancel export
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function EndedStep() {
  const job = useExport((s) => s.job);
  const close = useExport((s) => s.close);
  const again = () => useExport.setState({ phase: 'choosing', job: null });
  if (!job) return null;
  const finished = job.state === 'finished' && job.path;
  return (
    <Stack gap="md">
      {finished ? (
        <>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconFileCheck size={22} color="var(--mantine-color-teal-6)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm">
              {formatCount(job.done, 'contact was', 'contacts were')} saved as {FORMAT_INFO[job.format].noun}, with {formatCount(job.columns, 'column', 'columns')}.
            </Text>
          </Group>
          {job.truncatedCells > 0 && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} py="xs">
              Excel holds at most 32,767 characters in a cell: {formatCount(job.truncatedCells, 'longer value was', 'longer values were')} cut. CSV and JSON keep every character.
            </Alert>
          )}
          <FilePathField path={job.path as string} />
        </>
      ) : (
        <Alert color={job.state === 'failed' ? 'red' : 'gray'} variant="light" icon={<IconAlertTriangle size={16} />} title={job.state === 'failed' ? 'The export stopped' : 'Export cancelled'}>
          {job.state === 'failed' ? `${job.error ?? 'Something went wrong.'} ` : ''}No file was kept.
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Anchor component="button" type="button" size="sm" onClick={again}>
          Export again
        </Anchor>
        <Button onClick={close}>Done</Button>
      </Group>
    </Stack>
  );
}
