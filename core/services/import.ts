/**
 * Import of contacts from CSV, Excel (.xlsx) and vCard files (issue 6).
 *
 * A job is a file + a mapping (column → field) + a duplicate policy. It reads the file as a
 * stream of rows (core/import/source.ts) and writes them in batches of IMPORT_BATCH rows, each
 * batch one transaction, with exactly what single edits write: the row, its search row, field
 * changes, outbox `create` (source "import") or `update` with base. A row that breaks a rule
 * (a bad value, an erased person, an email taken) is rejected on its own savepoint, so the
 * batch's other rows stand; any other error rolls back the whole batch and stops the job.
 * Between batches the worker answers other calls, and a cancel lands. Every rejected row goes
 * to a CSV report in the exports folder with its line and why; one audit entry per job.
 *
 * How the file gets here: the renderer reads the chosen File in 1 MB slices and sends them in
 * order (`import.upload`, base64) to a file in the workspace's `imports/` folder, the same way
 * in Electron and in the browser host (which has no file paths); the CLI names a path.
 */
import { randomUUID } from 'node:crypto';
import { getCountries } from 'libphonenumber-js';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  IMPORT_BASIC_FIELDS,
  type DuplicatePolicy,
  type EditableContactFields,
  type FieldDefinition,
  type FieldValue,
  type ImportBasicField,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
  type ImportPreviewRow,
} from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { ImportFileError, openImportSource, type ImportSource, type SourceRow } from '../import/source.js';
import { XlsxFormatError } from '../files/xlsx-read.js';
import { nowIso } from './clock.js';
import { applyContactEdit, contactEditRules, insertContact } from './contacts.js';
import { csvCell } from './csv.js';
import { newExportFile } from './export-files.js';
import { normalisePhone } from './phone.js';
import { isSuppressed } from './suppression.js';
import type { Workspace } from './workspace.js';

/** Rows per batch: one transaction, then the worker answers other calls. */
export const IMPORT_BATCH = 500;
/** Rows the mapping step shows, parsed and checked. */
export const PREVIEW_ROWS = 20;
/** Rejected rows a job keeps in memory for the result screen (the report file has all). */
const REJECTS_SHOWN = 100;
/** Files up to this size are counted exactly before an import; larger ones are estimated. */
const COUNT_EXACTLY_BYTES = 32 * 1024 ** 2;
/** The largest rejects report sent to the renderer as text (larger ones are opened from the exports folder). */
const REPORT_TEXT_MAX_BYTES = 16 * 1024 ** 2;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------- automatic mapping

/** Header names (lower case, letters and digits only, accents removed) each field answers to. */
const SYNONYMS: Record<ImportBasicField, readonly string[]> = {
  fullName: ['name', 'fullname', 'displayname', 'contact', 'contactname', 'nombrecompleto', 'nomcomplet', 'vollername', 'vollstaendigername', 'vollstandigername', 'nomecompleto', 'naam', 'volledigenaam'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'nombre', 'prenom', 'nome', 'voornaam', 'imie'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'familienname', 'apellido', 'apellidos', 'nom', 'nomdefamille', 'cognome', 'achternaam', 'sobrenome', 'nazwisko'],
  email: ['email', 'emailaddress', 'mail', 'emailadresse', 'mailadresse', 'correo', 'correoelectronico', 'courriel', 'adresseemail', 'adressemail', 'eposta', 'postaelettronica', 'indirizzoemail', 'emailadres'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'telefon', 'telefonnummer', 'telefono', 'telefone', 'mobile', 'mobil', 'mobilephone', 'handy', 'cell', 'cellphone', 'movil', 'celular', 'portable', 'cellulare', 'telefoon', 'numero'],
  city: ['city', 'town', 'stadt', 'ort', 'wohnort', 'ciudad', 'ville', 'citta', 'cidade', 'plaats', 'woonplaats', 'miasto'],
  country: ['country', 'countrycode', 'land', 'pais', 'pays', 'paese', 'staat', 'kraj'],
  locale: ['locale', 'language', 'lang', 'sprache', 'idioma', 'langue', 'lingua', 'taal'],
  timezone: ['timezone', 'tz', 'zeitzone', 'zonahoraria', 'fuseauhoraire', 'fusoorario', 'fusohorario', 'tijdzone'],
};

function normaliseHeader(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function activeFields(ws: Workspace): FieldDefinition[] {
  return ws.fieldDefinitions().filter((f) => !f.archived);
}

/** Each column's field by its header (basic fields by name in several languages, custom fields by key or label); each field once. */
export function autoMapping(headers: string[], fields: FieldDefinition[]): ImportMapping {
  const taken = new Set<string>();
  return headers.map((header) => {
    const name = normaliseHeader(header);
    let target: string | null = null;
    for (const field of IMPORT_BASIC_FIELDS) if (!target && SYNONYMS[field.key].includes(name)) target = field.key;
    for (const field of fields) if (!target && (normaliseHeader(field.key) === name || normaliseHeader(field.label) === name)) target = `custom.${field.key}`;
    if (!target || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
}

function targetLabel(target: string, fields: Map<string, FieldDefinition>): string {
  if (target.startsWith('custom.')) return fields.get(target.slice('custom.'.length))?.label ?? target;
  return IMPORT_BASIC_FIELDS.find((f) => f.key === target)?.label ?? target;
}

/** Refuses a mapping that names a field twice or a custom field that does not exist. */
function checkMapping(mapping: ImportMapping, headers: string[], fields: Map<string, FieldDefinition>): ImportMapping {
  const seen = new Map<string, number>();
  const full = headers.map((_, i) => mapping[i] ?? null);
  full.forEach((target, i) => {
    if (!target) return;
    if (target.startsWith('custom.') && !fields.has(target.slice('custom.'.length))) {
      throw new CoreError('bad_request', `There is no custom field “${target.slice('custom.'.length)}” to import into.`, ['mapping', i]);
    }
    const other = seen.get(target);
    if (other !== undefined) {
      throw new CoreError('bad_request', `“${headers[other]}” and “${headers[i]}” both import into ${targetLabel(target, fields)}; choose one.`, ['mapping', i]);
    }
    seen.set(target, i);
  });
  if (!full.some((t) => t !== null)) throw new CoreError('bad_request', 'Choose at least one column to import.', ['mapping']);
  return full;
}

// ---------------------------------------------------------------- values

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'ja', 'si', 'sí', 'oui', 'vrai', 'wahr', 'sim']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'nein', 'non', 'faux', 'falsch', 'nao', 'não']);
const BASIC_LIMITS: Partial<Record<ImportBasicField, number>> = { firstName: 200, lastName: 200, fullName: 400, city: 200, locale: 35, timezone: 64 };

function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

/** A date as YYYY-MM-DD from ISO (with or without a time), YYYY/MM/DD or DD.MM.YYYY; null when it is none. */
export function importDate(value: string): string | null {
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  let parts: [string, string, string] | null = match ? [match[1] as string, match[2] as string, match[3] as string] : null;
  if (!parts) {
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
    if (match) parts = [match[3] as string, match[2] as string, match[1] as string];
  }
  if (!parts) return null;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A number as people write it: 1234.5, 1,234.5, 1.234,5 or 1234,5. */
export function importNumber(value: string): number | null {
  let text = value.replace(/[\s\u00a0']/g, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text) || /^-?\d+,\d+$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
  else text = text.replace(/,/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Country names in the languages of the header synonyms, lower case → ISO code (built on first use). */
let countryNames: Map<string, string> | null = null;

/** "Germany", "Deutschland", "Allemagne" → "DE"; null when the text names no country. */
export function countryCodeByName(name: string): string | null {
  if (!countryNames) {
    countryNames = new Map();
    for (const locale of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl']) {
      const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
      // The regions phone numbers know: countries and territories, no unions or retired codes.
      for (const code of getCountries()) {
        const label = names.of(code);
        if (label && !countryNames.has(label.toLowerCase())) countryNames.set(label.toLowerCase(), code);
      }
    }
  }
  return countryNames.get(name.trim().toLowerCase()) ?? null;
}

type Converted = { value: FieldValue } | { problem: string };

function customValue(field: FieldDefinition, value: string): Converted {
  switch (field.type) {
    case 'number': {
      const n = importNumber(value);
      return n === null ? { problem: `${quoted(value)} is not a number.` } : { value: n };
    }
    case 'boolean': {
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { problem: `${quoted(value)} is not yes or no.` };
    }
    case 'date': {
      const date = importDate(value);
      return date ? { value: date } : { problem: `${quoted(value)} is not a date (YYYY-MM-DD or DD.MM.YYYY).` };
    }
    case 'select': {
      const option = field.options.find((o) => o.toLowerCase() === value.toLowerCase());
      return option ? { value: option } : { problem: `${quoted(value)} is not one of: ${field.options.join(', ')}.` };
    }
    case 'multi_select': {
      const chosen: string[] = [];
      for (const part of value.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
        const option = field.options.find((o) => o.toLowerCase() === part.toLowerCase());
        if (!option) return { problem: `${quoted(part)} is not one of: ${field.options.join(', ')}.` };
        if (!chosen.includes(option)) chosen.push(option);
      }
      return { value: chosen };
    }
    case 'email':
      return EMAIL.test(value) ? { value: value.toLowerCase() } : { problem: `${quoted(value)} is not an email address.` };
    case 'phone':
      try {
        return { value: normalisePhone(value, null) };
      } catch {
        return { problem: `${quoted(value)} is not a phone number in international format (+ and the country code).` };
      }
    case 'url':
      return /^https?:\/\/\S+$/i.test(value) ? { value } : { problem: `${quoted(value)} is not a web address starting with http:// or https://.` };
    case 'text':
      return { value };
  }
}

interface ConvertedRow {
  fields: EditableContactFields;
  cellProblems: (string | null)[];
  /** Why the row cannot be imported (its first problem, in words with the column), or null. */
  problem: string | null;
}

/** A row's cells as contact fields under a mapping, each value checked by its field's type. */
export function convertRow(ws: Workspace, cells: string[], mapping: ImportMapping, headers: string[], fields: Map<string, FieldDefinition>): ConvertedRow {
  const cellProblems: (string | null)[] = mapping.map(() => null);
  const basic: Partial<Record<ImportBasicField, string>> = {};
  const custom: Record<string, FieldValue> = {};
  const countryColumn = mapping.indexOf('country');
  const countryText = countryColumn >= 0 ? (cells[countryColumn] ?? '').trim() : '';
  const country = /^[A-Za-z]{2}$/.test(countryText) ? countryText.toUpperCase() : countryCodeByName(countryText);
  mapping.forEach((target, i) => {
    const value = (cells[i] ?? '').trim();
    if (!target || value === '') return;
    if (target.startsWith('custom.')) {
      const field = fields.get(target.slice('custom.'.length));
      if (!field) return;
      const converted = customValue(field, value);
      if ('problem' in converted) cellProblems[i] = converted.problem;
      else custom[field.key] = converted.value;
      return;
    }
    const key = target as ImportBasicField;
    const limit = BASIC_LIMITS[key];
    if (limit !== undefined && value.length > limit) {
      cellProblems[i] = `Longer than ${limit} characters.`;
    } else if (key === 'email') {
      if (EMAIL.test(value) && value.length <= 320) basic.email = value.toLowerCase();
      else cellProblems[i] = `${quoted(value)} is not an email address.`;
    } else if (key === 'phone') {
      try {
        basic.phone = normalisePhone(value.slice(0, 60), country);
      } catch {
        cellProblems[i] = `${quoted(value)} is not a valid phone number${country ? ` in ${country}` : ' (start it with + and the country code)'}.`;
      }
    } else if (key === 'country') {
      if (country) basic.country = country;
      else cellProblems[i] = `${quoted(value)} is not a country (a two-letter code such as DE, or its name).`;
    } else basic[key] = value;
  });
  const out: EditableContactFields = { ...basic };
  if (Object.keys(custom).length > 0) {
    out.customFields = custom;
    try {
      // The rules of a single edit, unchanged (core/services/contacts.ts).
      contactEditRules.validateCustomFields(ws, custom);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      const key = error.path?.[2];
      const column = mapping.indexOf(`custom.${String(key)}`);
      if (column >= 0) cellProblems[column] ??= error.message;
    }
  }
  const firstProblem = cellProblems.findIndex((p) => p !== null);
  let problem: string | null = firstProblem >= 0 ? `${headers[firstProblem]}: ${cellProblems[firstProblem]}` : null;
  if (!problem && !out.fullName && !out.firstName && !out.lastName && !out.email && !out.phone) problem = 'The row has no name, email or phone number.';
  return { fields: out, cellProblems, problem };
}

// ---------------------------------------------------------------- duplicates

interface SeenInFile {
  emails: Map<string, string>;
  phones: Map<string, string>;
}

type Match = { id: string; via: 'existing' | 'earlier_row'; by: 'email' | 'phone' };

/** The contact a row duplicates: by email (case-insensitive), else by phone (E.164), in the file's earlier rows first, then in the workspace. */
function findDuplicate(ws: Workspace, fields: EditableContactFields, ...seenLayers: SeenInFile[]): Match | null {
  if (fields.email) {
    const email = fields.email;
    const earlier = seenLayers.map((seen) => seen.emails.get(email)).find(Boolean);
    if (earlier) return { id: earlier, via: 'earlier_row', by: 'email' };
    const existing = ws.stmt<[string], { id: string }>('SELECT id FROM contacts WHERE lower(email) = ? AND email IS NOT NULL LIMIT 1').get(fields.email);
    if (existing) return { id: existing.id, via: 'existing', by: 'email' };
  }
  if (fields.phone) {
    const phone = fields.phone;
    const earlier = seenLayers.map((seen) => seen.phones.get(phone)).find(Boolean);
    if (earlier) return { id: earlier, via: 'earlier_row', by: 'phone' };
    const existing = ws.stmt<[string], { id: string }>('SELECT id FROM contacts WHERE phone = ? AND phone IS NOT NULL LIMIT 1').get(fields.phone);
    if (existing) return { id: existing.id, via: 'existing', by: 'phone' };
  }
  return null;
}

function suppressionReason(ws: Workspace, fields: EditableContactFields): string | null {
  const { matched } = isSuppressed(ws, { email: fields.email, phone: fields.phone });
  if (!matched) return null;
  return `This person asked to be erased: their ${matched === 'email' ? 'email address' : 'phone number'} is on the suppression list, so they are not imported.`;
}

// ---------------------------------------------------------------- preview

function sourceOrError(path: string, fileName: string): ImportSource {
  try {
    return openImportSource(path, fileName);
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof XlsxFormatError) throw new CoreError('bad_request', error.message, ['file']);
    throw error;
  }
}

/** How many data rows the file has: counted when small, estimated from the first megabytes when large. */
function countRows(source: ImportSource): { total: number; estimate: boolean } {
  let n = 0;
  const exact = source.sizeBytes <= COUNT_EXACTLY_BYTES;
  for (const _row of source.rows()) {
    n++;
    if (!exact && source.bytesRead() >= 4 * 1024 ** 2 && n >= 1000) {
      return { total: Math.round((n * source.sizeBytes) / source.bytesRead()), estimate: true };
    }
  }
  return { total: n, estimate: false };
}

export function previewImport(
  ws: Workspace,
  path: string,
  fileName: string,
  uploadId: string,
  mapping?: ImportMapping,
  counted?: { total: number; estimate: boolean },
): ImportPreview {
  const source = sourceOrError(path, fileName);
  const definitions = activeFields(ws);
  const fields = new Map(definitions.map((f) => [f.key, f]));
  const chosen = mapping ? checkMapping(mapping, source.headers, fields) : autoMapping(source.headers, definitions);
  const rows: ImportPreviewRow[] = [];
  const seen: SeenInFile = { emails: new Map(), phones: new Map() };
  for (const row of source.rows()) {
    if (rows.length >= PREVIEW_ROWS) break;
    const converted = convertRow(ws, row.cells, chosen, source.headers, fields);
    const problem = row.problem ?? converted.problem ?? suppressionReason(ws, converted.fields);
    const match = problem ? null : findDuplicate(ws, converted.fields, seen);
    if (!problem && !match) {
      const marker = `row-${row.line}`;
      if (converted.fields.email) seen.emails.set(converted.fields.email, marker);
      if (converted.fields.phone) seen.phones.set(converted.fields.phone, marker);
    }
    rows.push({
      line: row.line,
      cells: source.headers.map((_, i) => ({ value: (row.cells[i] ?? '').slice(0, 200), problem: converted.cellProblems[i] ?? null })),
      problem,
      match: problem ? null : match ? match.via : 'new',
    });
  }
  // Counted once per file: a change of the mapping does not read the file again.
  const { total, estimate } = counted ?? countRows(source);
  return {
    uploadId,
    fileName,
    kind: source.kind,
    encoding: source.encoding,
    delimiter: source.delimiter,
    sizeBytes: source.sizeBytes,
    headers: source.headers,
    mapping: chosen,
    rows,
    totalRows: total,
    totalIsEstimate: estimate,
    fileProblems: source.fileProblems.slice(0, 50),
  };
}

// ---------------------------------------------------------------- running

export interface ImportOptions {
  path: string;
  fileName: string;
  /** Column targets; the automatic mapping when left out (the CLI). */
  mapping?: ImportMapping;
  onDuplicate: DuplicatePolicy;
  /** The rows counted already (by the preview), so the file is not read an extra time. */
  counted?: { total: number; estimate: boolean };
  jobId?: string;
  onProgress?: (job: ImportJob) => void;
  isCancelled?: () => boolean;
}

/** The rejected-rows report, opened at the first rejected row. */
class RejectReport {
  private file: { path: string; fd: number } | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly headers: string[],
  ) {}

  get path(): string | null {
    return this.file?.path ?? null;
  }

  write(rows: { line: number; reason: string; cells: string[] }[]): void {
    if (rows.length === 0) return;
    if (!this.file) {
      this.file = newExportFile(this.ws, 'import-rejected-rows', '.csv');
      writeSync(this.file.fd, `\uFEFF${['Line', 'Why it was rejected', ...this.headers].map(csvCell).join(',')}\r\n`);
    }
    const text = rows.map((r) => [r.line, r.reason, ...this.headers.map((_, i) => r.cells[i] ?? '')].map(csvCell).join(',')).join('\r\n');
    writeSync(this.file.fd, `${text}\r\n`);
  }

  close(): void {
    if (this.file) closeSync(this.file.fd);
  }
}

/**
 * Imports a file. Resolves with the job's outcome; a rule broken by a row rejects that row,
 * any other error stops the job after rolling back its batch (state "failed", what earlier
 * batches imported stays).
 */
export async function importFile(ws: Workspace, options: ImportOptions): Promise<ImportJob> {
  const source = sourceOrError(options.path, options.fileName);
  const definitions = activeFields(ws);
  const fields = new Map(definitions.map((f) => [f.key, f]));
  const mapping = options.mapping ? checkMapping(options.mapping, source.headers, fields) : checkMapping(autoMapping(source.headers, definitions), source.headers, fields);
  const counted = options.counted ?? countRows(source);
  const job: ImportJob = {
    id: options.jobId ?? randomUUID(),
    fileName: options.fileName,
    state: 'running',
    onDuplicate: options.onDuplicate,
    done: 0,
    total: counted.total + source.fileProblems.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    rejectedRows: [],
    reportPath: null,
    error: null,
    startedAt: nowIso(),
    finishedAt: null,
  };
  const report = new RejectReport(ws, source.headers);
  const seen: SeenInFile = { emails: new Map(), phones: new Map() };
  const noteRejects = (rejects: { line: number; reason: string; cells: string[] }[]) => {
    report.write(rejects);
    job.rejected += rejects.length;
    for (const r of rejects) if (job.rejectedRows.length < REJECTS_SHOWN) job.rejectedRows.push({ line: r.line, reason: r.reason });
  };
  // Broken vCards never become rows: they are rejected as they are found.
  noteRejects(source.fileProblems.map((p) => ({ line: p.line, reason: p.message, cells: [] })));
  job.done = source.fileProblems.length;
  options.onProgress?.({ ...job });

  const rows = source.rows();
  try {
    await pause();
    for (;;) {
      const batch: SourceRow[] = [];
      while (batch.length < IMPORT_BATCH) {
        const next = rows.next();
        if (next.done) break;
        batch.push(next.value);
      }
      if (batch.length === 0) break;
      const outcome = ws.transaction(() => importBatch(ws, batch, mapping, source.headers, fields, options.onDuplicate, seen));
      // Only a committed batch counts and remembers its emails and phones.
      for (const [email, id] of outcome.seen.emails) seen.emails.set(email, id);
      for (const [phone, id] of outcome.seen.phones) seen.phones.set(phone, id);
      job.created += outcome.created;
      job.updated += outcome.updated;
      job.unchanged += outcome.unchanged;
      job.skipped += outcome.skipped;
      noteRejects(outcome.rejects);
      job.done += batch.length;
      job.total = Math.max(job.total, job.done);
      job.reportPath = report.path;
      if (outcome.created + outcome.updated > 0) ws.contactsChanged(null);
      options.onProgress?.({ ...job });
      if (batch.length < IMPORT_BATCH) break;
      await pause();
      if (options.isCancelled?.()) {
        job.state = 'cancelled';
        break;
      }
    }
    if (job.state === 'running') job.state = 'finished';
  } catch (error) {
    job.state = 'failed';
    const line = job.done < job.total ? ` The batch after row ${job.done.toLocaleString('en')} was rolled back; the rows before it were imported.` : '';
    job.error = `${error instanceof Error ? error.message : String(error)}${line}`;
  } finally {
    // A cancelled or failed import stops mid-file: close it.
    rows.return(undefined);
    report.close();
  }
  job.reportPath = report.path;
  job.total = job.state === 'finished' ? job.done : job.total;
  job.finishedAt = nowIso();
  ws.transaction(() =>
    ws.audit.append(ws.agent, {
      action: 'contacts.import',
      entityId: job.id,
      details: { kind: source.kind, onDuplicate: job.onDuplicate, rows: job.done, created: job.created, updated: job.updated, unchanged: job.unchanged, skipped: job.skipped, rejected: job.rejected, state: job.state },
    }),
  );
  return job;
}

interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejects: { line: number; reason: string; cells: string[] }[];
  seen: SeenInFile;
}

function importBatch(
  ws: Workspace,
  batch: SourceRow[],
  mapping: ImportMapping,
  headers: string[],
  fields: Map<string, FieldDefinition>,
  policy: DuplicatePolicy,
  committed: SeenInFile,
): BatchOutcome {
  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, skipped: 0, rejects: [], seen: { emails: new Map(), phones: new Map() } };
  const updated: string[] = [];
  const created: string[] = [];
  for (const row of batch) {
    const reject = (reason: string) => outcome.rejects.push({ line: row.line, reason, cells: row.cells });
    if (row.problem) {
      reject(row.problem);
      continue;
    }
    const converted = convertRow(ws, row.cells, mapping, headers, fields);
    if (converted.problem) {
      reject(converted.problem);
      continue;
    }
    const suppressed = suppressionReason(ws, converted.fields);
    if (suppressed) {
      reject(suppressed);
      continue;
    }
    // Earlier rows of the file: this batch's so far, then those of committed batches.
    const match = findDuplicate(ws, converted.fields, outcome.seen, committed);
    if (match && policy === 'skip') {
      outcome.skipped++;
      continue;
    }
    if (match && policy === 'create' && match.by === 'email') {
      reject(`${match.via === 'earlier_row' ? 'An earlier row of the file' : 'Another contact'} already has this email address, and an email belongs to one contact. Import with “Update” or “Skip” for such rows.`);
      continue;
    }
    // Its own savepoint: a rule broken half-way takes back only this row (prepared statements:
    // a nested ws.transaction per row costs a fifth of the import's time).
    ws.stmt('SAVEPOINT import_row').run();
    try {
      let id: string;
      if (match && policy === 'update') {
        const changed = applyContactEdit(ws, match.id, converted.fields);
        if (changed) {
          outcome.updated++;
          updated.push(match.id);
        } else outcome.unchanged++;
        id = match.id;
      } else {
        id = insertContact(ws, converted.fields, 'import');
        outcome.created++;
        created.push(id);
      }
      ws.stmt('RELEASE import_row').run();
      if (converted.fields.email) outcome.seen.emails.set(converted.fields.email, id);
      if (converted.fields.phone) outcome.seen.phones.set(converted.fields.phone, id);
    } catch (error) {
      ws.stmt('ROLLBACK TO import_row').run();
      ws.stmt('RELEASE import_row').run();
      if (!(error instanceof CoreError)) throw error;
      reject(error.message);
    }
  }
  // A contact created and then updated by a later row of this batch gets its row once, as it ends.
  const createdHere = new Set(created);
  ws.search.addNew(created);
  ws.search.refresh(new Set(updated.filter((id) => !createdHere.has(id))));
  return outcome;
}

// ---------------------------------------------------------------- the contract's jobs (uploads, one import at a time)

interface Upload {
  id: string;
  fileName: string;
  path: string;
  size: number;
  received: number;
  fd: number | null;
  counted?: { total: number; estimate: boolean };
}

export class ImportJobs {
  private readonly uploads = new Map<string, Upload>();
  private running: { job: ImportJob; cancel: boolean } | null = null;
  private latest: ImportJob | null = null;

  constructor(private readonly ws: Workspace) {
    // Uploads of an earlier run are never resumed: their copies go.
    rmSync(this.folder(), { recursive: true, force: true });
  }

  private folder(): string {
    return join(dirname(this.ws.options.databasePath), 'imports');
  }

  begin(fileName: string, size: number): { uploadId: string } {
    const id = randomUUID();
    mkdirSync(this.folder(), { recursive: true, mode: 0o700 });
    const extension = /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? '';
    const path = join(this.folder(), `${id}${extension.toLowerCase()}`);
    this.uploads.set(id, { id, fileName, path, size, received: 0, fd: openSync(path, 'wx', 0o600) });
    return { uploadId: id };
  }

  upload(uploadId: string, offset: number, data: string): { received: number } {
    const upload = this.upload_(uploadId);
    if (upload.fd === null) throw new CoreError('conflict', 'This file has been uploaded completely already.', ['uploadId']);
    if (offset !== upload.received) throw new CoreError('bad_request', `Expected the part starting at byte ${upload.received}, not ${offset}.`, ['offset']);
    const bytes = Buffer.from(data, 'base64');
    if (upload.received + bytes.length > upload.size) throw new CoreError('bad_request', 'The file is longer than its announced size.', ['data']);
    writeSync(upload.fd, bytes, 0, bytes.length, offset);
    upload.received += bytes.length;
    if (upload.received === upload.size) {
      closeSync(upload.fd);
      upload.fd = null;
    }
    return { received: upload.received };
  }

  preview(uploadId: string, mapping?: ImportMapping): ImportPreview {
    const upload = this.complete(uploadId);
    const preview = previewImport(this.ws, upload.path, upload.fileName, upload.id, mapping, upload.counted);
    upload.counted = { total: preview.totalRows, estimate: preview.totalIsEstimate };
    return preview;
  }

  start(uploadId: string, mapping: ImportMapping, onDuplicate: DuplicatePolicy): ImportJob {
    if (this.running) throw new CoreError('conflict', 'Another import is still running. Wait for it to finish or cancel it first.', ['uploadId']);
    const upload = this.complete(uploadId);
    const jobId = randomUUID();
    const running = {
      job: { id: jobId, fileName: upload.fileName, state: 'running', onDuplicate, done: 0, total: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0, rejectedRows: [], reportPath: null, error: null, startedAt: nowIso(), finishedAt: null } as ImportJob,
      cancel: false,
    };
    // Checks the file and the mapping before answering, so a bad one is an error of this call.
    const source = sourceOrError(upload.path, upload.fileName);
    const definitions = activeFields(this.ws);
    checkMapping(mapping, source.headers, new Map(definitions.map((f) => [f.key, f])));
    this.running = running;
    const finished = importFile(this.ws, {
      path: upload.path,
      fileName: upload.fileName,
      mapping,
      onDuplicate,
      ...(upload.counted ? { counted: upload.counted } : {}),
      jobId,
      isCancelled: () => running.cancel,
      onProgress: (job) => {
        running.job = job;
        this.ws.events.emit({ type: 'progress', job: 'import', done: job.done, total: job.total });
      },
    });
    void finished
      .catch((error: unknown): ImportJob => ({ ...running.job, state: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: nowIso() }))
      .then((job) => {
        this.running = null;
        this.latest = job;
        this.discard(uploadId);
        this.ws.contactsChanged(null);
        this.ws.events.emit({ type: 'import.finished', job });
      });
    return running.job;
  }

  cancel(jobId: string): ImportJob {
    if (this.running?.job.id === jobId) {
      this.running.cancel = true;
      return this.running.job;
    }
    if (this.latest?.id === jobId) return this.latest;
    throw new CoreError('not_found', 'This import is not running.', ['jobId']);
  }

  status(): ImportJob | null {
    return this.running?.job ?? this.latest;
  }

  report(jobId: string): { fileName: string; text: string } {
    const job = this.latest;
    if (!job || job.id !== jobId || !job.reportPath) throw new CoreError('not_found', 'This import has no report of rejected rows.', ['jobId']);
    if (statSync(job.reportPath).size > REPORT_TEXT_MAX_BYTES) {
      throw new CoreError('bad_request', `The report is larger than 16 MB; open it from ${job.reportPath}.`, ['jobId']);
    }
    return { fileName: basename(job.reportPath), text: readFileSync(job.reportPath, 'utf8') };
  }

  discard(uploadId: string): { discarded: boolean } {
    const upload = this.uploads.get(uploadId);
    if (!upload) return { discarded: false };
    if (upload.fd !== null) closeSync(upload.fd);
    rmSync(upload.path, { force: true });
    this.uploads.delete(uploadId);
    return { discarded: true };
  }

  /** Resolves when no import runs (tests; closing the workspace). */
  async idle(): Promise<void> {
    while (this.running) await pause();
  }

  /** The uploads still on disk (tests). */
  pendingFiles(): string[] {
    try {
      return readdirSync(this.folder());
    } catch {
      return [];
    }
  }

  private upload_(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new CoreError('not_found', 'This upload is not known (it may have been imported or discarded already). Choose the file again.', ['uploadId']);
    return upload;
  }

  private complete(uploadId: string): Upload {
    const upload = this.upload_(uploadId);
    if (upload.fd !== null) throw new CoreError('bad_request', `The file has not been uploaded completely (${upload.received} of ${upload.size} bytes).`, ['uploadId']);
    return upload;
  }
}
