/**
 * Exports of contacts to a file: CSV, Excel (.xlsx), JSON or vCard (writers in core/export/).
 * A target is chosen rows, the list's filter (search and filters, a segment's filter included)
 * or a segment; the columns are chosen from the catalog below ("No marketing" always offered).
 * The job walks its contacts by pk in batches (the keyset of bulk actions), holds one batch at
 * a time, reports progress (job "export"), stops on Cancel after the current batch (removing
 * the unfinished file), and writes one audit entry: format, columns, counts, never values.
 */
import { randomUUID } from 'node:crypto';
import { marketingBlocked, type ContactFilter, type ExportColumnInfo, type ExportFormat, type ExportJob, type ExportTarget, type FieldValue } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { EXPORT_EXTENSIONS, openExportWriter, type ExportValue, type ExportWriter } from '../export/index.js';
import { describeTarget, targetWalker, type Walker } from './bulk.js';
import { nowIso } from './clock.js';
import { consentPurposes } from './consent.js';
import { consentStatusByContact } from './contacts.js';
import { newExportFile } from './export-files.js';
import { parseJsonObject } from './json.js';
import { getSegment, listSegments } from './segments.js';
import type { Workspace } from './workspace.js';

/** Contacts per batch: one read, one write, then the worker answers other calls. */
export const EXPORT_BATCH = 1000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

interface ContactRecord {
  pk: number;
  id: string;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  locale: string | null;
  timezone: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
  first_seen_at: string | null;
  conversation_count: number;
  custom_fields: string;
}

/** What a row needs besides the contact's own row, fetched once per batch. */
interface BatchExtras {
  tags: Map<number, string[]>;
  consent: Map<string, Record<string, string>>;
}

/** `custom` is the row's custom fields, parsed once per row. */
type Reader = (row: ContactRecord, extras: BatchExtras, custom: Record<string, FieldValue>) => ExportValue;

interface CatalogColumn extends ExportColumnInfo {
  read: Reader;
}

const basic = (id: string, label: string, column: keyof ContactRecord, group: ExportColumnInfo['group'] = 'Contact', type: ExportColumnInfo['type'] = 'text'): CatalogColumn => ({
  id,
  label,
  group,
  type,
  read: (row) => row[column],
});

/** The columns every workspace has; ids match the list's columns where the list has one. */
const BASIC_COLUMNS: CatalogColumn[] = [
  basic('name', 'Name', 'display_name'),
  basic('firstName', 'First name', 'first_name'),
  basic('lastName', 'Last name', 'last_name'),
  basic('email', 'Email', 'email'),
  basic('phone', 'Phone', 'phone'),
  basic('country', 'Country', 'country'),
  basic('city', 'City', 'city'),
  basic('locale', 'Language', 'locale'),
  basic('timezone', 'Time zone', 'timezone'),
  basic('source', 'Source', 'source'),
  { id: 'tags', label: 'Tags', group: 'Contact', type: 'list', read: (row, extras) => extras.tags.get(row.pk) ?? [] },
  basic('id', 'ID', 'id'),
  basic('lastSeen', 'Last seen', 'last_seen_at', 'Activity', 'date'),
  { id: 'firstSeen', label: 'First seen', group: 'Activity', type: 'date', read: (row) => row.first_seen_at ?? row.created_at },
  basic('conversations', 'Conversations', 'conversation_count', 'Activity', 'number'),
  basic('created', 'Created', 'created_at', 'Activity', 'date'),
  basic('updated', 'Updated', 'updated_at', 'Activity', 'date'),
];

const CUSTOM_TYPES: Record<string, ExportColumnInfo['type']> = { number: 'number', boolean: 'boolean', date: 'date', multi_select: 'list' };

/** Every column an export of this workspace can write, in the column chooser's groups. */
function catalog(ws: Workspace): CatalogColumn[] {
  const purposes = consentPurposes(ws);
  const custom = ws
    .fieldDefinitions()
    .filter((d) => !d.archived)
    .map(
      (d): CatalogColumn => ({
        id: `custom.${d.key}`,
        label: d.label,
        group: 'Custom fields',
        type: CUSTOM_TYPES[d.type] ?? 'text',
        read: (_row, _extras, custom) => customValue(custom[d.key]),
      }),
    );
  const consent = purposes
    .filter((p) => !p.archived)
    .map((p): CatalogColumn => ({ id: `consent.${p.key}`, label: `Consent: ${p.label}`, group: 'Consent', type: 'text', read: (row, extras) => extras.consent.get(row.id)?.[p.key] ?? null }));
  const noMarketing: CatalogColumn = {
    id: 'noMarketing',
    label: 'No marketing',
    group: 'Consent',
    type: 'boolean',
    read: (row, extras) => marketingBlocked((extras.consent.get(row.id) ?? {}) as Parameters<typeof marketingBlocked>[0], purposes),
  };
  return [...BASIC_COLUMNS, ...custom, noMarketing, ...consent];
}

function customValue(value: FieldValue | undefined): ExportValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(String);
  return value;
}

export function exportColumns(ws: Workspace): ExportColumnInfo[] {
  return catalog(ws).map(({ id, label, group, type }) => ({ id, label, group, type }));
}

/** The chosen columns in their order; an unknown one is refused by its place in the list. */
function chooseColumns(ws: Workspace, ids: readonly string[], format: ExportFormat): CatalogColumn[] {
  const all = new Map(catalog(ws).map((c) => [c.id, c]));
  const chosen = ids.map((id, i) => {
    const column = all.get(id);
    if (!column) throw new CoreError('bad_request', `There is no column “${id}” to export (a custom field or purpose may have been archived).`, ['columns', i]);
    return column;
  });
  if (new Set(ids).size !== ids.length) throw new CoreError('bad_request', 'Choose each column once.', ['columns']);
  // A vCard needs a formatted name (FN) on every card.
  if (format === 'vcf' && !ids.includes('name')) chosen.unshift(all.get('name') as CatalogColumn);
  return chosen;
}

/** A target as the walker takes it: a segment is its members (a saved filter or a fixed list). */
function resolveTarget(ws: Workspace, target: ExportTarget): { ids: string[] } | { filter: ContactFilter } {
  if ('segment' in target) {
    getSegment(ws, target.segment);
    return { filter: { segment: target.segment } };
  }
  return target;
}

/** The segment called `name` (CLI), case-insensitively; a clear error naming the ones there are. */
export function segmentByName(ws: Workspace, name: string): { id: string; name: string } {
  const segments = listSegments(ws);
  const found = segments.find((s) => s.name === name) ?? segments.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) {
    const names = segments.map((s) => `“${s.name}”`).join(', ');
    throw new CoreError('not_found', `There is no segment called “${name}”.${names ? ` There are: ${names}.` : ' This workspace has no segments.'}`, ['segment']);
  }
  return { id: found.id, name: found.name };
}

export interface ExportRequest {
  target: ExportTarget;
  format: ExportFormat;
  columns: string[];
}

export interface ExportOutcome {
  state: 'finished' | 'cancelled' | 'failed';
  done: number;
  total: number;
  truncatedCells: number;
  error: string | null;
}

/** A prepared export: checked, counted, its file open; `run` writes it. */
export interface PreparedExport {
  total: number;
  columns: number;
  run(hooks?: { progress?(done: number, total: number): void; cancelled?(): boolean }): Promise<ExportOutcome>;
}

/**
 * Checks the request (columns, target), counts the contacts and opens the file: at `out`
 * when given (the CLI), else a new dated file in the exports folder. Nothing is written
 * when the check fails.
 */
export async function prepareExport(ws: Workspace, request: ExportRequest, out?: string): Promise<PreparedExport & { path: string }> {
  const columns = chooseColumns(ws, request.columns, request.format);
  const target = resolveTarget(ws, request.target);
  const walk = targetWalker(ws, target);
  if (walk.total === 0) throw new CoreError('bad_request', 'No contact matches, so there is nothing to export.', ['target']);
  const file = out === undefined ? newExportFile(ws, 'contacts', EXPORT_EXTENSIONS[request.format]) : { path: out, fd: undefined };
  const writer = await openExportWriter(request.format, file.path, columns, file.fd);
  return { path: file.path, total: walk.total, columns: columns.length, run: (hooks = {}) => writeAll(ws, request, target, columns, walk, writer, hooks) };
}

async function writeAll(
  ws: Workspace,
  request: ExportRequest,
  target: ReturnType<typeof resolveTarget>,
  columns: CatalogColumn[],
  walk: Walker,
  writer: ExportWriter,
  hooks: { progress?(done: number, total: number): void; cancelled?(): boolean },
): Promise<ExportOutcome> {
  const needsTags = columns.some((c) => c.id === 'tags');
  const needsConsent = columns.some((c) => c.group === 'Consent');
  const needsCustom = columns.some((c) => c.group === 'Custom fields');
  let afterPk = 0;
  let done = 0;
  let state: ExportOutcome['state'] = 'finished';
  let error: string | null = null;
  hooks.progress?.(0, walk.total);
  try {
    for (;;) {
      const pks = walk.next(afterPk, EXPORT_BATCH);
      if (pks.length === 0) break;
      afterPk = pks[pks.length - 1] as number;
      const rows = contactRecords(ws, pks);
      const extras: BatchExtras = {
        tags: needsTags ? tagsOf(ws, pks) : new Map(),
        consent: needsConsent ? consentStatusByContact(ws, rows.map((r) => r.id)) : new Map(),
      };
      await writer.write(
        rows.map((row) => {
          const custom = needsCustom ? parseJsonObject<FieldValue>(row.custom_fields) : {};
          return columns.map((column) => column.read(row, extras, custom));
        }),
      );
      done += rows.length;
      hooks.progress?.(done, Math.max(walk.total, done));
      if (pks.length < EXPORT_BATCH) break;
      await pause();
      if (hooks.cancelled?.()) {
        state = 'cancelled';
        break;
      }
    }
    if (state === 'finished') await writer.end();
  } catch (err) {
    state = 'failed';
    error = err instanceof Error ? err.message : String(err);
  }
  if (state !== 'finished') await writer.abort().catch(() => undefined);
  ws.transaction(() =>
    ws.audit.append(ws.agent, {
      action: 'export.contacts',
      details: { format: request.format, columns: columns.map((c) => c.id), target: describeTarget(target), total: walk.total, exported: state === 'finished' ? done : 0, state },
    }),
  );
  return { state, done, total: walk.total, truncatedCells: writer.truncatedCells, error };
}

function contactRecords(ws: Workspace, pks: number[]): ContactRecord[] {
  return ws
    .stmt<[string], ContactRecord>(
      `SELECT pk, id, display_name, first_name, last_name, email, phone, country, city, locale, timezone, source,
              created_at, updated_at, last_seen_at, first_seen_at, conversation_count, custom_fields
         FROM contacts WHERE pk IN (SELECT value FROM json_each(?)) ORDER BY pk`,
    )
    .all(JSON.stringify(pks));
}

function tagsOf(ws: Workspace, pks: number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  const rows = ws
    .stmt<[string], { contact_pk: number; name: string }>(
      'SELECT ct.contact_pk, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk IN (SELECT value FROM json_each(?)) ORDER BY t.name',
    )
    .all(JSON.stringify(pks));
  for (const row of rows) {
    const list = result.get(row.contact_pk);
    if (list) list.push(row.name);
    else result.set(row.contact_pk, [row.name]);
  }
  return result;
}

// ---------------------------------------------------------------- jobs (the app)

interface RunningExport {
  job: ExportJob;
  cancel: boolean;
}

/** The app's exports: one at a time, in the background; the last one is remembered for this session. */
export class ExportJobs {
  private current: RunningExport | null = null;

  constructor(private readonly ws: Workspace) {}

  async start(request: ExportRequest): Promise<{ jobId: string; total: number; job: ExportJob }> {
    if (this.current?.job.state === 'running') throw new CoreError('conflict', 'Another export is still running. Wait for it to finish or cancel it first.', ['format']);
    const prepared = await prepareExport(this.ws, request);
    const job: ExportJob = {
      id: randomUUID(),
      format: request.format,
      state: 'running',
      total: prepared.total,
      done: 0,
      columns: prepared.columns,
      path: null,
      truncatedCells: 0,
      error: null,
      startedAt: nowIso(),
      finishedAt: null,
    };
    const running: RunningExport = { job, cancel: false };
    this.current = running;
    const ws = this.ws;
    void pause()
      .then(() =>
        prepared.run({
          progress: (done, total) => {
            job.done = done;
            ws.events.emit({ type: 'progress', job: 'export', done, total });
          },
          cancelled: () => running.cancel,
        }),
      )
      .then((outcome) => {
        Object.assign(job, { state: outcome.state, done: outcome.done, truncatedCells: outcome.truncatedCells, error: outcome.error, finishedAt: nowIso(), path: outcome.state === 'finished' ? prepared.path : null });
      })
      .catch((error: unknown) => {
        Object.assign(job, { state: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: nowIso() });
      })
      .finally(() => ws.events.emit({ type: 'export.finished', job: { ...job } }));
    return { jobId: job.id, total: job.total, job: { ...job } };
  }

  cancel(jobId: string): ExportJob {
    if (this.current?.job.id !== jobId) throw new CoreError('not_found', 'This export is not known (it may have been started before the app restarted).', ['jobId']);
    if (this.current.job.state === 'running') this.current.cancel = true;
    return { ...this.current.job };
  }

  status(): ExportJob | null {
    return this.current ? { ...this.current.job } : null;
  }

  /** Resolves when no export runs (tests). */
  async idle(): Promise<void> {
    while (this.current?.job.state === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
