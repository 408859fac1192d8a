/**
 * Import contacts: choose a file (or drop it) → map its columns with a checked preview and
 * choose what duplicates do → import with progress and Cancel → the result, with the report
 * of rejected rows to download.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Radio,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileImport, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { IMPORT_BASIC_FIELDS, type DuplicatePolicy, type FieldDefinition, type ImportJob, type ImportPreview } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { FilePathField } from '../../../components/FilePathField';
import { formatCount, formatNumber } from '../../../lib/format';
import { downloadReport, useImportWizard, type ImportStep } from './importWizard';
import classes from './ImportWizard.module.css';

const STEP_INDEX: Record<ImportStep, number> = { choose: 0, uploading: 0, mapping: 1, running: 2, result: 3 };
const ACCEPT = '.csv,.tsv,.txt,.xlsx,.vcf,.vcard,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ImportWizard() {
  const opened = useImportWizard((s) => s.opened);
  const step = useImportWizard((s) => s.step);
  const close = useImportWizard((s) => s.close);
  return (
    <Modal opened={opened} onClose={close} title="Import contacts" size={step === 'mapping' ? 1100 : 'lg'} centered yOffset="2dvh" closeOnClickOutside={false} classNames={{ title: classes.title }}>
      <Stack gap="lg">
        <Stepper active={STEP_INDEX[step]} size="xs" allowNextStepsSelect={false} aria-label="Import steps">
          <Stepper.Step label="Choose a file" />
          <Stepper.Step label="Map columns" />
          <Stepper.Step label="Import" />
        </Stepper>
        {(step === 'choose' || step === 'uploading') && <ChooseFile />}
        {step === 'mapping' && <MappingStep />}
        {step === 'running' && <RunningStep />}
        {step === 'result' && <ResultStep />}
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------- choose

function ChooseFile() {
  const { step, fileName, uploaded, error, choose } = useImportWizard();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };
  if (step === 'uploading' && uploaded) {
    const percent = uploaded.size > 0 ? (100 * uploaded.sent) / uploaded.size : 0;
    return (
      <Paper withBorder radius="md" p="xl">
        <Stack gap="sm" align="center" ta="center">
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconFileSpreadsheet size={26} />
          </ThemeIcon>
          <Text fw={600} className="ellipsis" maw="100%">
            {fileName}
          </Text>
          <Progress value={percent} w="100%" maw={420} animated aria-label="Reading the file" />
          <Text size="sm" c="dimmed">
            {uploaded.sent < uploaded.size ? `Reading the file… ${Math.round(percent)}%` : 'Checking the columns and the first rows…'}
          </Text>
        </Stack>
      </Paper>
    );
  }
  return (
    <Stack gap="sm">
      <UnstyledButton
        className={classes.dropzone}
        data-dragging={dragging || undefined}
        onClick={() => input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        aria-label="Choose a file to import, or drop it here"
      >
        <Stack gap={6} align="center" ta="center">
          <ThemeIcon size={52} radius="xl" variant="light">
            <IconUpload size={26} />
          </ThemeIcon>
          <Text fw={600} size="lg">
            Drop a file here, or click to choose one
          </Text>
          <Text size="sm" c="dimmed" maw={460}>
            CSV (any delimiter; UTF-8, UTF-16 or Windows-1252), Excel (.xlsx, the first sheet) or vCard (.vcf). The first row of a CSV or sheet names the columns.
          </Text>
        </Stack>
      </UnstyledButton>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        aria-hidden
        tabIndex={-1}
        data-testid="import-file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void choose(file);
        }}
      />
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This file cannot be imported" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- mapping

const POLICIES: { value: DuplicatePolicy; label: string; description: string }[] = [
  { value: 'update', label: 'Update the existing contact', description: 'Values in the file replace theirs; empty cells leave a value as it is.' },
  { value: 'skip', label: 'Skip the row', description: 'The existing contact stays exactly as it is.' },
  { value: 'create', label: 'Create a new contact', description: 'Same phone: a second contact. A taken email is rejected (an email belongs to one contact).' },
];

function useFields(): FieldDefinition[] {
  const [fields, setFields] = useState<FieldDefinition[]>([]);
  useEffect(() => {
    let live = true;
    void api
      .call('fields.list', {})
      .then((all) => live && setFields(all.filter((f) => !f.archived)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return fields;
}

function describeFile(preview: ImportPreview): string {
  const kind = preview.kind === 'csv' ? 'CSV' : preview.kind === 'xlsx' ? 'Excel workbook' : 'vCard file';
  const delimiter = preview.delimiter ? { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[preview.delimiter] : null;
  const encoding = preview.encoding ? preview.encoding.toUpperCase().replace('WINDOWS', 'Windows') : null;
  const rows = `${preview.totalIsEstimate ? 'about ' : ''}${formatCount(preview.totalRows, 'row', 'rows')}`;
  return [kind, delimiter && `${delimiter}-separated`, encoding, rows].filter(Boolean).join(' · ');
}

function MappingStep() {
  const { preview, mapping, onDuplicate, error, setMapping, setOnDuplicate, back, start } = useImportWizard();
  const fields = useFields();
  const [starting, setStarting] = useState(false);
  if (!preview) return null;
  const options = [
    { group: 'Contact', items: IMPORT_BASIC_FIELDS.map((f) => ({ value: f.key, label: f.label })) },
    ...(fields.length ? [{ group: 'Custom fields', items: fields.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  const labelOf = (target: string | null) => (target ? (options.flatMap((g) => g.items).find((o) => o.value === target)?.label ?? target) : null);
  const chosen = mapping.filter(Boolean).length;
  const problemsByColumn = preview.headers.map((_, i) => preview.rows.filter((r) => r.cells[i]?.problem).length);
  const rejected = preview.rows.filter((r) => r.problem).length;
  const duplicates = preview.rows.filter((r) => r.match === 'existing' || r.match === 'earlier_row').length;
  const setTarget = (index: number, target: string | null) => {
    const next = preview.headers.map((_, i) => mapping[i] ?? null);
    // A field takes one column: choosing it here frees it elsewhere.
    if (target) next.forEach((t, i) => t === target && (next[i] = null));
    next[index] = target;
    void setMapping(next);
  };
  const run = async () => {
    setStarting(true);
    await start();
    setStarting(false);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon size={38} radius="md" variant="light">
            <IconFileSpreadsheet size={22} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text fw={600} className="ellipsis">
              {preview.fileName}
            </Text>
            <Text size="sm" c="dimmed">
              {describeFile(preview)}
            </Text>
          </div>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color="nexvio" radius="sm">
            {formatCount(chosen, 'column', 'columns')} to import
          </Badge>
          {rejected > 0 && (
            <Badge variant="light" color="red" radius="sm">
              {rejected} of the first {preview.rows.length} rows rejected
            </Badge>
          )}
          {duplicates > 0 && (
            <Badge variant="light" color="yellow" radius="sm">
              {formatCount(duplicates, 'duplicate', 'duplicates')}
            </Badge>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TablePanel title="Columns" maxHeight="clamp(200px, 27vh, 320px)">
            <Table verticalSpacing={6} horizontalSpacing="md" className={classes.columns}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>In the file</Table.Th>
                  <Table.Th w={210}>Import into</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.headers.map((header, i) => {
                  const samples = preview.rows
                    .map((r) => r.cells[i]?.value ?? '')
                    .filter((v) => v.trim() !== '')
                    .slice(0, 3);
                  return (
                    <Table.Tr key={i}>
                      <Table.Td style={{ maxWidth: 260 }}>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={500} className="ellipsis">
                            {header}
                          </Text>
                          {mapping[i] && problemsByColumn[i] ? (
                            <Tooltip label={`${formatCount(problemsByColumn[i] ?? 0, 'value does not fit', 'values do not fit')} ${labelOf(mapping[i] ?? null)}`}>
                              <Badge size="xs" color="red" variant="light" radius="sm" style={{ flexShrink: 0 }}>
                                {problemsByColumn[i]} {problemsByColumn[i] === 1 ? 'problem' : 'problems'}
                              </Badge>
                            </Tooltip>
                          ) : null}
                        </Group>
                        <Text size="xs" c="dimmed" className="ellipsis">
                          {samples.length ? samples.join(' · ') : 'No values in the first rows'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={`Import column ${header} into`}
                          data={[{ group: 'Skip', items: [{ value: '', label: 'Don’t import' }] }, ...options]}
                          value={mapping[i] ?? ''}
                          onChange={(value) => setTarget(i, value ? value : null)}
                          allowDeselect={false}
                          searchable
                          comboboxProps={{ withinPortal: true }}
                          styles={{ input: { color: mapping[i] ? undefined : 'var(--mantine-color-dimmed)' } }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
        </TablePanel>

        <Paper withBorder radius="md" p="md" className={classes.panel}>
          <Radio.Group
            value={onDuplicate}
            onChange={(value) => setOnDuplicate(value as DuplicatePolicy)}
            label="When a row matches a contact"
            description="Matched by email (any case) or phone number, in this workspace and among the file's earlier rows."
          >
            <Stack gap="sm" mt="sm">
              {POLICIES.map((p) => (
                <Radio key={p.value} value={p.value} label={p.label} description={p.description} />
              ))}
            </Stack>
          </Radio.Group>
          <Text size="xs" c="dimmed" mt="md">
            People who asked to be erased are never imported. Every rejected row is listed, with why, in a report you can download.
          </Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder radius="md" className={classes.panel}>
        <Group justify="space-between" px="md" pt="sm" pb={6}>
          <Text fw={600} size="sm">
            Preview of the first {formatCount(preview.rows.length, 'row', 'rows')}
          </Text>
          <Text size="xs" c="dimmed">
            Values that do not fit their field are marked red.
          </Text>
        </Group>
        <ScrollArea h="clamp(180px, 24vh, 320px)" type="auto" offsetScrollbars>
          <Table verticalSpacing={4} horizontalSpacing="sm" striped withColumnBorders stickyHeader className={classes.preview} aria-label="Preview of the first rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>Line</Table.Th>
                <Table.Th w={170}>Result</Table.Th>
                {preview.headers.map((header, i) => (
                  <Table.Th key={i} data-skipped={!mapping[i] || undefined}>
                    <Text size="xs" fw={600} className="ellipsis">
                      {header}
                    </Text>
                    <Text size="xs" c={mapping[i] ? 'nexvio' : 'dimmed'} fw={500} className="ellipsis">
                      {labelOf(mapping[i] ?? null) ?? 'Not imported'}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>
                    <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {row.line}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RowOutcome problem={row.problem} match={row.match} policy={onDuplicate} />
                  </Table.Td>
                  {preview.headers.map((_, i) => {
                    const cell = row.cells[i];
                    return (
                      <Table.Td key={i} data-problem={(mapping[i] && cell?.problem) || undefined} data-skipped={!mapping[i] || undefined} title={cell?.problem ?? undefined}>
                        <Text size="xs" className="ellipsis" maw={220}>
                          {cell?.value ?? ''}
                        </Text>
                        {mapping[i] && cell?.problem && (
                          <Text size="xs" c="red" className="ellipsis" maw={220}>
                            {cell.problem}
                          </Text>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>

      {preview.fileProblems.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={`${formatCount(preview.fileProblems.length, 'card is', 'cards are')} broken and will be rejected`}>
          {preview.fileProblems
            .slice(0, 3)
            .map((p) => p.message)
            .join(' ')}
        </Alert>
      )}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
          {error}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={back}>
          Choose another file
        </Button>
        <Button leftSection={<IconFileImport size={16} />} onClick={() => void run()} loading={starting} disabled={chosen === 0}>
          Import {preview.totalIsEstimate ? 'about ' : ''}
          {formatCount(preview.totalRows, 'row', 'rows')}
        </Button>
      </Group>
    </Stack>
  );
}

function RowOutcome({ problem, match, policy }: { problem: string | null; match: ImportPreview['rows'][number]['match']; policy: DuplicatePolicy }) {
  if (problem) {
    return (
      <Tooltip label={problem} multiline w={300}>
        <Badge size="sm" color="red" variant="light" radius="sm" style={{ textTransform: 'none' }}>
          Rejected
        </Badge>
      </Tooltip>
    );
  }
  if (match === 'new') {
    return (
      <Badge size="sm" color="teal" variant="light" radius="sm" style={{ textTransform: 'none' }}>
        New contact
      </Badge>
    );
  }
  const where = match === 'earlier_row' ? 'an earlier row' : 'a contact';
  const words = policy === 'update' ? `Updates ${where}` : policy === 'skip' ? `Skipped: matches ${where}` : `New (matches ${where})`;
  return (
    <Badge size="sm" color="yellow" variant="light" radius="sm" style={{ textTransform: 'none' }}>
      {words}
    </Badge>
  );
}

// ---------------------------------------------------------------- running and result

function RunningStep() {
  const { fileName, progress, cancelling, cancel } = useImportWizard();
  const done = progress?.done ?? 0;
  const total = Math.max(progress?.total ?? 0, done);
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600} className="ellipsis">
            Importing {fileName}
          </Text>
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} aria-live="polite">
            {formatNumber(done)} of {formatNumber(total)} rows
          </Text>
        </Group>
        <Progress value={total > 0 ? (100 * done) / total : 0} animated aria-label="Import progress" size="lg" radius="xl" />
        <Group justify="space-between" mt="xs">
          <Text size="sm" c="dimmed">
            Rows are written {formatNumber(500)} at a time; you can keep working meanwhile.
          </Text>
          <Button variant="default" color="red" onClick={() => void cancel()} loading={cancelling}>
            Cancel import
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder radius="md" p="sm" ta="center">
      <Text size="xl" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatNumber(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Paper>
  );
}

function ResultStep() {
  const job = useImportWizard((s) => s.job);
  const close = useImportWizard((s) => s.close);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (!job) return null;
  const stopped = job.state === 'cancelled' ? 'Cancelled: the rows imported before stay.' : job.state === 'failed' ? `The import stopped: ${job.error ?? 'an error'}` : null;
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon size={40} radius="xl" variant="light" color={job.state === 'finished' ? 'teal' : 'yellow'}>
          {job.state === 'finished' ? <IconCircleCheck size={24} /> : <IconAlertTriangle size={22} />}
        </ThemeIcon>
        <div>
          <Text fw={600}>{job.state === 'finished' ? 'Import finished' : job.state === 'cancelled' ? 'Import cancelled' : 'Import stopped'}</Text>
          <Text size="sm" c="dimmed">
            {formatCount(job.done, 'row', 'rows')} of {job.fileName} read. New and changed contacts are sent to Nexvio.ai at the next sync.
          </Text>
        </div>
      </Group>
      {stopped && (
        <Alert color={job.state === 'failed' ? 'red' : 'yellow'} icon={<IconAlertTriangle size={18} />}>
          {stopped}
        </Alert>
      )}
      <SimpleGrid cols={5} spacing="sm">
        <Stat label="Created" value={job.created} color="teal" />
        <Stat label="Updated" value={job.updated} color="nexvio" />
        <Stat label="Unchanged" value={job.unchanged} />
        <Stat label="Skipped" value={job.skipped} />
        <Stat label="Rejected" value={job.rejected} color={job.rejected > 0 ? 'red' : undefined} />
      </SimpleGrid>
      {job.rejected > 0 && <RejectedList job={job} />}
      {job.reportPath && <FilePathField path={job.reportPath} label="Report of rejected rows" />}
      {downloadError && (
        <Text size="sm" c="red" role="alert">
          {downloadError}
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        {job.reportPath && (
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void downloadReport(job).catch((e: unknown) => setDownloadError(e instanceof Error ? e.message : String(e)))}>
            Download report of rejected rows
          </Button>
        )}
        <Button onClick={close}>Done</Button>
      </Group>
    </Stack>
  );
}

function RejectedList({ job }: { job: ImportJob }) {
  return (
    <TablePanel title={`Rejected rows${job.rejected > job.rejectedRows.length ? ` (the first ${job.rejectedRows.length} of ${formatNumber(job.rejected)})` : ''}`} maxHeight={200}>
        <Table verticalSpacing={4} horizontalSpacing="md" aria-label="Rejected rows">
          <Table.Tbody>
            {job.rejectedRows.map((row, i) => (
              <Table.Tr key={i}>
                <Table.Td w={90}>
                  <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    Line {row.line}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.reason}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
    </TablePanel>
  );
}

/** A bordered panel with a small title over a table that scrolls past `maxHeight`. */
function TablePanel({ title, maxHeight, children }: { title: string; maxHeight: number | string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" className={classes.panel}>
      <Text fw={600} size="sm" px="md" pt="sm" pb={6}>
        {title}
      </Text>
      <ScrollArea.Autosize mah={maxHeight} type="auto">
        {children}
      </ScrollArea.Autosize>
    </Paper>
  );
}

/** The toolbar's "Import" button. */
export function ImportButton() {
  const open = useImportWizard((s) => s.open);
  return (
    <Button variant="default" size="compact-sm" leftSection={<IconFileImport size={14} />} onClick={open}>
      Import
    </Button>
  );
}
