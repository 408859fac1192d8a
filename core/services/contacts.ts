/**
 * Contacts: the list (keyset pages under every offered sort, filters, search), counts,
 * facets, detail, and the agent's edits. Every edit commits the row, its search row, its
 * field changes, its outbox mutation and its audit entry in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type {
  ContactDetail,
  ContactFilter,
  ContactRow,
  EditableContactFields,
  Facet,
  FieldValue,
  ListSortKey,
  PreferenceValue,
  Sort,
  SortKey,
} from '../../preload/contract.js';
import { isIndexedSort } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { compileFilter, resolveTags, type CompiledFilter } from './contact-filter.js';
import { nowIso } from './clock.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';
import { nextFollowUp } from './follow-ups.js';
import { normalisePhone } from './phone.js';
import { assertNotSuppressed } from './suppression.js';

// ---------------------------------------------------------------- rows

interface ContactListRow {
  pk: number;
  id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
  first_seen_at: string | null;
  locale: string | null;
  conversation_count: number;
  custom_fields: string;
}

interface ContactFullRow extends ContactListRow {
  version: number;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  timezone: string | null;
  preferences: string;
}

// An anonymised contact (core/services/retention.ts) has no name left: it says what it is.
const LIST_COLUMNS =
  "c.pk, c.id, CASE WHEN c.anonymised_at IS NULL THEN c.display_name ELSE 'Anonymised contact' END AS display_name, c.email, c.phone, c.country, c.city, c.source, c.created_at, c.updated_at, c.last_seen_at, c.first_seen_at, c.locale, c.conversation_count, c.custom_fields";

/** The columns each indexed sort walks, in order; the integer key `pk` always breaks ties. */
const SORT_COLUMNS: Record<SortKey, readonly string[]> = {
  name: ['sort_name'],
  email: ['sort_email'],
  created_at: ['created_at'],
  updated_at: ['updated_at'],
  last_seen_at: ['sort_last_seen'],
  country: ['sort_country', 'sort_name'],
  source: ['sort_source', 'sort_name'],
};

/** The index behind each sort (core/db/migrations/001_initial.ts). */
const SORT_INDEX: Record<SortKey, string> = {
  name: 'contacts_by_name',
  email: 'contacts_by_email',
  created_at: 'contacts_by_created',
  updated_at: 'contacts_by_updated',
  last_seen_at: 'contacts_by_last_seen',
  country: 'contacts_by_country',
  source: 'contacts_by_source',
};

/** Facet counts may lag single edits by this much (see Workspace.cachedFor). */
const FACETS_MAX_AGE_MS = 30_000;

/** Counting a broad search stops here: "10,000+ matches" is as useful as the exact figure. */
export const SEARCH_COUNT_CAP = 10_000;

// ---------------------------------------------------------------- cursors

type CursorValue = string | number;

function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw new CoreError('bad_request', 'This list position is no longer valid; reload the list.', ['cursor']);
}

// ---------------------------------------------------------------- reading

export interface ListInput {
  sort: Sort;
  filter: ContactFilter;
  cursor?: string | null | undefined;
  offset?: number | undefined;
  limit: number;
}

/** Builds `(a, b, pk) > (x, y, z)` as parts SQLite can each answer with one index seek. */
function keysetParts(keyColumns: string[], values: CursorValue[], dir: 'ASC' | 'DESC'): { where: string; params: CursorValue[]; order: string }[] {
  const op = dir === 'ASC' ? '>' : '<';
  const parts: { where: string; params: CursorValue[]; order: string }[] = [];
  // Longest equal prefix first: the rows that tie with the cursor on the leading keys come next.
  for (let equal = keyColumns.length - 1; equal >= 0; equal--) {
    const conditions = keyColumns.slice(0, equal).map((c) => `${c} = ?`);
    conditions.push(`${keyColumns[equal]} ${op} ?`);
    parts.push({
      where: conditions.join(' AND '),
      params: values.slice(0, equal + 1),
      // The whole key, though the leading columns are fixed: it steers SQLite to the sort index.
      order: keyColumns.map((c) => `${c} ${dir}`).join(', '),
    });
  }
  return parts;
}

export interface ListQuery {
  sql: string;
  params: unknown[];
  cursorOf: (row: ContactListRow & Record<string, unknown>) => CursorValue[];
}

/**
 * The SQL of one list page under an indexed sort, or of a search (exported for the query-plan
 * tests). `filter` is the compiled filter (compileFilter), so tags and segments are resolved.
 */
export function buildListQuery(input: ListInput & { sort: { key: SortKey } }, filter: CompiledFilter): ListQuery {
  const where = [...filter.where];
  const params = [...filter.params];
  const useOffset = !input.cursor && input.offset !== undefined && input.offset > 0;

  if (filter.fts) {
    // Search results come newest first, walking the FTS index by rowid: a one-letter prefix
    // matching half the workspace still answers from its first page of matches.
    where.unshift('contacts_fts MATCH ?');
    params.unshift(filter.fts);
    if (input.cursor) {
      const [pk] = decodeCursor(input.cursor, 1);
      where.push('f.rowid < ?');
      params.push(pk);
    }
    params.push(input.limit);
    if (useOffset) params.push(input.offset);
    return {
      sql: `SELECT ${LIST_COLUMNS} FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT ?${useOffset ? ' OFFSET ?' : ''}`,
      params,
      cursorOf: (row) => [row.pk],
    };
  }

  const columns = SORT_COLUMNS[input.sort.key];
  const dir = input.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const keyColumns = [...columns.map((c) => `c.${c}`), 'c.pk'];
  const select = `SELECT ${LIST_COLUMNS}, ${columns.map((c) => `c.${c} AS k_${c}`).join(', ')} FROM contacts c`;
  const orderBy = keyColumns.map((c) => `${c} ${dir}`).join(', ');
  const cursorOf = (row: ContactListRow & Record<string, unknown>) => [...columns.map((c) => row[`k_${c}`] as CursorValue), row.pk];

  if (input.cursor) {
    // Each part seeks its index directly; the union is at most a few pages, sorted cheaply.
    // Without filters the sort's own index is always right, and SQLite is told so: for a
    // common value (a popular name) it would otherwise walk the table by rowid.
    const values = decodeCursor(input.cursor, keyColumns.length);
    const parts = keysetParts(keyColumns, values, dir);
    const source = where.length === 0 ? `${select} INDEXED BY ${SORT_INDEX[input.sort.key]}` : select;
    const sqlParts: string[] = [];
    const allParams: unknown[] = [];
    for (const part of parts) {
      sqlParts.push(`SELECT * FROM (${source} WHERE ${[...where, part.where].join(' AND ')} ORDER BY ${part.order} LIMIT ?)`);
      allParams.push(...params, ...part.params, input.limit);
    }
    const outerOrder = [...columns.map((c) => `k_${c} ${dir}`), `pk ${dir}`].join(', ');
    return { sql: `${sqlParts.join(' UNION ALL ')} ORDER BY ${outerOrder} LIMIT ?`, params: [...allParams, input.limit], cursorOf };
  }

  params.push(input.limit);
  if (useOffset) params.push(input.offset);
  return {
    sql: `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy} LIMIT ?${useOffset ? ' OFFSET ?' : ''}`,
    params,
    cursorOf,
  };
}

export function listContacts(ws: Workspace, input: ListInput): { rows: ContactRow[]; nextCursor: string | null } {
  const sortKey = input.sort.key;
  const filter = isIndexedSort(sortKey) ? compileFilter(ws, input.filter, undefined, 0, SORT_COLUMNS[sortKey][0]) : compileFilter(ws, input.filter);
  if (!filter.fts && !isIndexedSort(sortKey)) return listFromSnapshot(ws, input, filter);
  const indexedInput = { ...input, sort: { key: isIndexedSort(sortKey) ? sortKey : 'name', dir: input.sort.dir } } satisfies ListInput & { sort: { key: SortKey } };
  let { sql, params, cursorOf } = buildListQuery(indexedInput, filter);
  let reversed = false;
  const offset = input.offset ?? 0;
  if (!input.cursor && offset > 0 && !filter.fts) {
    // OFFSET steps through the index one entry at a time: a jump past the middle walks in
    // from the other end instead, so no jump skips more than half the list.
    const total = ws.cached(`count:${JSON.stringify(input.filter)}`, () => countContacts(ws, input.filter).count);
    if (offset > total / 2 && offset < total) {
      const limit = Math.min(input.limit, total - offset);
      const flipped = { ...indexedInput, sort: { ...indexedInput.sort, dir: input.sort.dir === 'asc' ? 'desc' : 'asc' }, offset: total - offset - limit, limit } satisfies ListInput & { sort: { key: SortKey } };
      ({ sql, params, cursorOf } = buildListQuery(flipped, filter));
      reversed = true;
    }
  }
  const found = ws.query<ContactListRow & Record<string, unknown>>(sql, params);
  const rows = reversed ? found.reverse() : found;
  const last = rows[rows.length - 1];
  return { rows: toContactRows(ws, rows), nextCursor: rows.length === input.limit && last ? encodeCursor(cursorOf(last)) : null };
}

// ---------------------------------------------------------------- sorts without an index

/**
 * A column without an index of its own (a custom field, the city, the conversation count…)
 * sorts through a snapshot: the pks of every match in order, computed once (a few hundred ms
 * at a million contacts) and then sliced page by page. Row contents are always read fresh; the
 * order is refreshed after SNAPSHOT_MAX_AGE_MS, or at once after a bulk change.
 */
const SNAPSHOT_MAX_AGE_MS = 30_000;

function snapshotSortExpression(ws: Workspace, key: ListSortKey): string {
  switch (key) {
    case 'phone':
      return 'c.phone';
    case 'city':
      return 'lower(c.city)';
    case 'locale':
      return 'lower(c.locale)';
    case 'first_seen_at':
      return 'coalesce(c.first_seen_at, c.created_at)';
    case 'conversation_count':
      return 'c.conversation_count';
    case 'tags':
      return '(SELECT min(lower(t.name)) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = c.pk)';
  }
  if (key.startsWith('consent.')) {
    return `(SELECT s.status FROM consents s WHERE s.contact_id = c.id AND s.purpose = ${sqlString(key.slice('consent.'.length))} ORDER BY s.at DESC, s.pk DESC LIMIT 1)`;
  }
  const fieldKey = key.slice('custom.'.length);
  const definition = ws.fieldDefinitions().find((f) => f.key === fieldKey);
  if (!definition) throw new CoreError('bad_request', `There is no field “${fieldKey}” to sort by.`, ['sort', 'key']);
  const value = `json_extract(c.custom_fields, '$."${fieldKey}"')`;
  return definition.type === 'number' || definition.type === 'boolean' ? value : `lower(CAST(${value} AS TEXT))`;
}

/** A string literal for SQL (the contract limits consent purposes to [A-Za-z0-9_.-]). */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function sortedSnapshot(ws: Workspace, sort: Sort, filter: ContactFilter, compiled: CompiledFilter): Float64Array {
  return ws.cachedFor(`snapshot:${JSON.stringify([sort, filter])}`, SNAPSHOT_MAX_AGE_MS, () => {
    const expr = snapshotSortExpression(ws, sort.key);
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const where = compiled.where.length ? ` WHERE ${compiled.where.join(' AND ')}` : '';
    // Blanks last in either direction: a sort is for the contacts that have the value.
    const sql = `SELECT c.pk FROM contacts c${where} ORDER BY (${expr} IS NULL OR ${expr} = '') ASC, ${expr} ${dir}, c.pk ${dir}`;
    const pks = ws.stmt<unknown[], number>(sql).pluck(true).all(...compiled.params);
    return Float64Array.from(pks);
  });
}

function listFromSnapshot(ws: Workspace, input: ListInput, compiled: CompiledFilter): { rows: ContactRow[]; nextCursor: string | null } {
  const order = sortedSnapshot(ws, input.sort, input.filter, compiled);
  const start = input.cursor ? Number(decodeCursor(input.cursor, 2)[1]) : (input.offset ?? 0);
  const pks = Array.from(order.subarray(start, start + input.limit));
  const byPk = new Map(
    ws.query<ContactListRow>(`SELECT ${LIST_COLUMNS} FROM contacts c WHERE c.pk IN (SELECT value FROM json_each(?))`, [JSON.stringify(pks)]).map((row) => [row.pk, row]),
  );
  // A contact deleted since the snapshot was taken is left out of its page.
  const rows = pks.map((pk) => byPk.get(pk)).filter((row): row is ContactListRow => row !== undefined);
  const end = start + pks.length;
  return { rows: toContactRows(ws, rows), nextCursor: end < order.length ? encodeCursor(['@', end]) : null };
}

// ---------------------------------------------------------------- counting

export function countContacts(ws: Workspace, filter: ContactFilter): { count: number; capped: boolean } {
  return countCompiled(ws, filter, compileFilter(ws, filter));
}

function countCompiled(ws: Workspace, filter: ContactFilter, compiled: CompiledFilter): { count: number; capped: boolean } {
  const where = [...compiled.where];
  const params = [...compiled.params];
  if (compiled.fts) {
    where.unshift('contacts_fts MATCH ?');
    params.unshift(compiled.fts);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid WHERE ${where.join(' AND ')} LIMIT ${SEARCH_COUNT_CAP + 1})`;
    const n = ws.query<{ n: number }>(sql, params)[0]?.n ?? 0;
    return { count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
  }
  const onlyTags = filter.tags && filter.tags.length > 0 && !filter.countries?.length && !filter.sources?.length && !filter.where?.items.length && !filter.segment && !filter.conversations && !filter.invalid;
  if (onlyTags) {
    // Count the tag links directly (their primary key starts with the tag) instead of
    // probing every contact for a link.
    const ids = resolveTags(ws, filter.tags)?.ids.join(', ') ?? '';
    if (!ids) return { count: 0, capped: false };
    return { count: ws.query<{ n: number }>(`SELECT count(DISTINCT contact_pk) AS n FROM contact_tags WHERE tag_id IN (${ids})`)[0]?.n ?? 0, capped: false };
  }
  const sql = `SELECT count(*) AS n FROM contacts c${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  return { count: ws.query<{ n: number }>(sql, params)[0]?.n ?? 0, capped: false };
}

// ---------------------------------------------------------------- row objects

export function tagsByContact(ws: Workspace, pks: number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (pks.length === 0) return result;
  const rows = ws.query<{ contact_pk: number; name: string }>(
    'SELECT ct.contact_pk, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk IN (SELECT value FROM json_each(?)) ORDER BY t.name',
    [JSON.stringify(pks)],
  );
  for (const row of rows) {
    const list = result.get(row.contact_pk);
    if (list) list.push(row.name);
    else result.set(row.contact_pk, [row.name]);
  }
  return result;
}

type ConsentStatus = 'granted' | 'denied' | 'withdrawn';

/** The current consent status per purpose of each contact (the newest entry wins). */
export function consentStatusByContact(ws: Workspace, ids: string[]): Map<string, Record<string, ConsentStatus>> {
  const result = new Map<string, Record<string, ConsentStatus>>();
  if (ids.length === 0) return result;
  // Without ORDER BY, SQLite seeks the index once per id (0.3 ms a page at a million
  // contacts); with one it walked the whole consents index in its order instead (330 ms).
  const rows = ws.query<{ contact_id: string; purpose: string; status: ConsentStatus; at: string; pk: number }>(
    'SELECT contact_id, purpose, status, at, pk FROM consents WHERE contact_id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(ids)],
  );
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.pk - b.pk));
  for (const row of rows) {
    const statuses = result.get(row.contact_id) ?? {};
    statuses[row.purpose] = row.status;
    result.set(row.contact_id, statuses);
  }
  return result;
}

function toContactRows(ws: Workspace, rows: ContactListRow[]): ContactRow[] {
  const tagNames = tagsByContact(ws, rows.map((r) => r.pk));
  const consents = consentStatusByContact(ws, rows.map((r) => r.id));
  return rows.map((row) => toContactRow(row, tagNames.get(row.pk) ?? [], consents.get(row.id) ?? {}));
}

function toContactRow(row: ContactListRow, tags: string[], consentStatus: Record<string, ConsentStatus>): ContactRow {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    country: row.country,
    city: row.city,
    source: row.source,
    tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeenAt: row.last_seen_at,
    firstSeenAt: row.first_seen_at ?? row.created_at,
    locale: row.locale,
    conversationCount: row.conversation_count,
    customFields: parseJsonObject<FieldValue>(row.custom_fields),
    consentStatus,
  };
}

export function contactFacets(ws: Workspace): { countries: Facet[]; sources: Facet[]; tags: Facet[] } {
  return ws.cachedFor('facets', FACETS_MAX_AGE_MS, () => ({
    countries: ws.query<Facet>("SELECT sort_country AS value, count(*) AS count FROM contacts WHERE sort_country <> '' GROUP BY sort_country ORDER BY count DESC"),
    sources: ws.query<Facet>("SELECT sort_source AS value, count(*) AS count FROM contacts WHERE sort_source <> '' GROUP BY sort_source ORDER BY count DESC"),
    tags: ws.query<Facet>('SELECT t.name AS value, count(*) AS count FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id GROUP BY ct.tag_id ORDER BY count DESC'),
  }));
}

function loadRow(ws: Workspace, id: string): ContactFullRow {
  const row = ws.stmt<[string], ContactFullRow>(
    `SELECT ${LIST_COLUMNS}, c.version, c.first_name, c.last_name, c.full_name, c.timezone, c.preferences FROM contacts c WHERE c.id = ?`,
  ).get(id);
  if (!row) throw notFound('Contact', id);
  return row;
}

export function getContact(ws: Workspace, id: string): ContactDetail {
  const row = loadRow(ws, id);
  const tags = tagsByContact(ws, [row.pk]).get(row.pk) ?? [];
  const consents = ws
    .stmt<[string], { purpose: string; status: 'granted' | 'denied' | 'withdrawn'; at: string; source: string | null; evidence: string | null }>(
      `SELECT purpose, status, at, source, evidence FROM consents c1 WHERE contact_id = ?
       AND pk = (SELECT c2.pk FROM consents c2 WHERE c2.contact_id = c1.contact_id AND c2.purpose = c1.purpose ORDER BY c2.at DESC, c2.pk DESC LIMIT 1)
       ORDER BY purpose`,
    )
    .all(id);
  return {
    ...toContactRow(row, tags, Object.fromEntries(consents.map((c) => [c.purpose, c.status]))),
    firstName: row.first_name,
    lastName: row.last_name,
    fullName: row.full_name,
    locale: row.locale,
    timezone: row.timezone,
    customFields: parseJsonObject<FieldValue>(row.custom_fields),
    preferences: parseJsonObject<FieldValue>(row.preferences),
    consents,
    version: row.version,
    pendingChanges: ws.outbox.pendingCount('contact', id),
    firstSeenAt: row.first_seen_at ?? row.created_at,
    lastConversation:
      ws
        .stmt<[string], { id: string; channel: string; startedAt: string; status: string; summary: string | null }>(
          'SELECT id, channel, started_at AS startedAt, status, summary FROM conversations WHERE contact_id = ? ORDER BY started_at DESC LIMIT 1',
        )
        .get(id) ?? null,
    nextFollowUp: nextFollowUp(ws, id),
    lists: ws
      .stmt<[number], { id: string; name: string }>('SELECT s.id, s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.contact_pk = ? ORDER BY s.name COLLATE NOCASE')
      .all(row.pk),
  };
}

// ---------------------------------------------------------------- writing

/** The app's field names and the spec's, for the columns a person can edit. */
export const EDITABLE_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  city: 'city',
  country: 'country',
  locale: 'locale',
  timezone: 'timezone',
} as const satisfies Record<Exclude<keyof EditableContactFields, 'customFields' | 'preferences'>, string>;
type EditableColumnKey = keyof typeof EDITABLE_COLUMNS;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function emptyToNull<T>(value: T): T | null {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

function assertEmailFree(ws: Workspace, email: string, exceptId: string | null): void {
  const other = ws
    // "email IS NOT NULL" lets SQLite use the partial index on lower(email); without it every check scans the table.
    .stmt<[string], { id: string; display_name: string }>('SELECT id, display_name FROM contacts WHERE lower(email) = lower(?) AND email IS NOT NULL LIMIT 2')
    .all(email)
    .find((row) => row.id !== exceptId);
  if (other) {
    throw new CoreError('conflict', `${other.display_name} already uses this email address. Merge the two contacts instead.`, ['fields', 'email']);
  }
}

function validateCustomFields(ws: Workspace, values: Record<string, FieldValue>): void {
  const definitions = new Map(ws.fieldDefinitions().map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(values)) {
    const definition = definitions.get(key);
    const path = ['fields', 'customFields', key];
    if (!definition) throw new CoreError('bad_request', `There is no custom field "${key}".`, path);
    if (value === null) continue;
    const fail = (what: string) => {
      throw new CoreError('bad_request', `${definition.label} must be ${what}.`, path);
    };
    switch (definition.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
        break;
      case 'boolean':
        if (typeof value !== 'boolean') fail('yes or no');
        break;
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) fail('a date (YYYY-MM-DD)');
        break;
      case 'select':
        if (typeof value !== 'string' || !definition.options.includes(value)) fail(`one of: ${definition.options.join(', ')}`);
        break;
      case 'multi_select':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !definition.options.includes(v))) fail(`a choice of: ${definition.options.join(', ')}`);
        break;
      case 'url':
        if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/i.test(value)) fail('a web address starting with http:// or https://');
        break;
      case 'email':
        if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) fail('an email address');
        break;
      case 'phone':
        if (typeof value !== 'string' || !/^\+[1-9]\d{6,14}$/.test(value)) fail('a phone number in international format');
        break;
      case 'text':
        if (typeof value !== 'string') fail('text');
        break;
    }
  }
}

/**
 * Preferences changed by key (null removes one). A preference keeps its kind: a yes/no stays
 * yes/no and a number a number, whatever the form sent; text may be any text.
 */
export function mergePreferences(previous: Record<string, FieldValue>, changes: Record<string, PreferenceValue>): Record<string, FieldValue> {
  const next: Record<string, FieldValue> = { ...previous };
  for (const [key, value] of Object.entries(changes)) {
    const path = ['fields', 'preferences', key];
    const before = previous[key];
    if (value === null) {
      delete next[key];
      continue;
    }
    if (typeof before === 'boolean' && typeof value !== 'boolean') throw new CoreError('bad_request', `${humanizeKey(key)} is a yes/no preference.`, path);
    if (typeof before === 'number' && typeof value !== 'number') throw new CoreError('bad_request', `${humanizeKey(key)} must be a number.`, path);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new CoreError('bad_request', `${humanizeKey(key)} must be a number.`, path);
    if (typeof value === 'string' && value.trim() === '') throw new CoreError('bad_request', `${humanizeKey(key)} cannot be empty; remove it instead.`, path);
    next[key] = value;
  }
  return next;
}

function humanizeKey(key: string): string {
  const words = key.replace(/[_\-.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function updateContact(ws: Workspace, id: string, input: EditableContactFields): ContactDetail {
  const changed = ws.transaction(() => {
    const changes = applyContactEdit(ws, id, input);
    if (!changes) return false;
    ws.search.refresh([id]);
    ws.audit.append(ws.agent, { action: 'contact.update', entity: 'contact', entityId: id, details: { fields: changes } });
    return true;
  });
  if (changed) ws.contactsChanged([id]);
  return getContact(ws, id);
}

/**
 * The write of a single edit, checked by the same rules: the row, its field changes and its
 * outbox `update` with base. Returns the fields changed (null when nothing did). The caller
 * refreshes the search row and writes the audit entry (one edit, or one import job), inside
 * its transaction.
 */
export function applyContactEdit(ws: Workspace, id: string, input: EditableContactFields): string[] | null {
  const row = loadRow(ws, id);
  const fields = input.phone ? { ...input, phone: normalisePhone(input.phone, input.country ?? row.country) } : input;
  const sets: string[] = [];
  const params: unknown[] = [];
  const specFields: Record<string, unknown> = {};
  const base: Record<string, unknown> = {};
  const changes: { field: string; old: unknown; new: unknown }[] = [];

  for (const key of Object.keys(EDITABLE_COLUMNS) as EditableColumnKey[]) {
    if (!(key in fields)) continue;
    const column = EDITABLE_COLUMNS[key];
    const next = emptyToNull(fields[key] ?? null);
    const previous = row[column as keyof ContactFullRow] ?? null;
    if (sameValue(previous, next)) continue;
    if (key === 'email' && typeof next === 'string') assertEmailFree(ws, next, id);
    if ((key === 'email' || key === 'phone') && typeof next === 'string') assertNotSuppressed(ws, { [key]: next });
    sets.push(`${column} = ?`);
    params.push(next);
    specFields[column] = next;
    base[column] = previous;
    changes.push({ field: column, old: previous, new: next });
  }
  if (fields.customFields) {
    validateCustomFields(ws, fields.customFields);
    const previous = parseJsonObject<FieldValue>(row.custom_fields);
    const next: Record<string, FieldValue> = { ...previous };
    for (const [key, value] of Object.entries(fields.customFields)) {
      if (value === null) delete next[key];
      else next[key] = value;
      if (!sameValue(previous[key], value)) changes.push({ field: `custom_fields.${key}`, old: previous[key] ?? null, new: value });
    }
    if (!sameValue(previous, next)) {
      sets.push('custom_fields = ?');
      params.push(JSON.stringify(next));
      specFields['custom_fields'] = next;
      base['custom_fields'] = previous;
    }
  }
  if (fields.preferences) {
    const previous = parseJsonObject<FieldValue>(row.preferences);
    const next = mergePreferences(previous, fields.preferences);
    for (const [key, value] of Object.entries(fields.preferences)) {
      if (!sameValue(previous[key] ?? null, value)) changes.push({ field: `preferences.${key}`, old: previous[key] ?? null, new: value });
    }
    if (!sameValue(previous, next)) {
      sets.push('preferences = ?');
      params.push(JSON.stringify(next));
      specFields['preferences'] = next;
      base['preferences'] = previous;
    }
  }
  if (sets.length === 0) return null;

  const at = nowIso();
  ws.db.prepare(`UPDATE contacts SET ${sets.join(', ')}, updated_at = ? WHERE pk = ?`).run(...params, at, row.pk);
  const recordChange = ws.stmt(
    "INSERT INTO field_changes (contact_id, field, old_value, new_value, actor_id, actor_name, origin, at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)",
  );
  for (const change of changes) {
    recordChange.run(id, change.field, JSON.stringify(change.old), JSON.stringify(change.new), ws.agent.id, ws.agent.name, at);
  }
  ws.outbox.enqueue({ entity: 'contact', op: 'update', id, baseVersion: row.version, payload: { fields: specFields, base } });
  return changes.map((c) => c.field);
}

export function createContact(ws: Workspace, input: EditableContactFields): ContactDetail {
  const id = ws.transaction(() => {
    const created = insertContact(ws, input, 'agent');
    ws.search.refresh([created]);
    ws.audit.append(ws.agent, { action: 'contact.create', entity: 'contact', entityId: created });
    return created;
  });
  ws.contactsChanged(null);
  return getContact(ws, id);
}

/**
 * The write of a single create, checked by the same rules: the row and its outbox `create`
 * (with `source`). Returns the new id; the caller refreshes the search row and audits.
 */
export function insertContact(ws: Workspace, input: EditableContactFields, source: 'agent' | 'import'): string {
  const id = randomUUID();
  const fields = input.phone ? { ...input, phone: normalisePhone(input.phone, input.country) } : input;
  if (fields.email) assertEmailFree(ws, fields.email, null);
  assertNotSuppressed(ws, { email: fields.email, phone: fields.phone });
  if (fields.customFields) validateCustomFields(ws, fields.customFields);
  const at = nowIso();
  const preferences = mergePreferences({}, fields.preferences ?? {});
  const spec: Record<string, unknown> = { created_at: at, updated_at: at, source, custom_fields: fields.customFields ?? {}, preferences };
  for (const key of Object.keys(EDITABLE_COLUMNS) as EditableColumnKey[]) spec[EDITABLE_COLUMNS[key]] = emptyToNull(fields[key] ?? null);
  ws.stmt(
    `INSERT INTO contacts (id, version, first_name, last_name, full_name, email, phone, city, country, locale, timezone, created_at, updated_at, source, custom_fields, preferences)
     VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, spec['first_name'], spec['last_name'], spec['full_name'], spec['email'], spec['phone'], spec['city'], spec['country'], spec['locale'], spec['timezone'], at, at, source, JSON.stringify(spec['custom_fields']), JSON.stringify(preferences));
  ws.outbox.enqueue({ entity: 'contact', op: 'create', id, baseVersion: null, payload: { fields: spec } });
  return id;
}

function tagId(ws: Workspace, name: string): number {
  const existing = ws.stmt<[string], { id: number }>('SELECT id FROM tags WHERE name = ?').get(name);
  if (existing) return existing.id;
  return Number(ws.stmt('INSERT INTO tags (name, created_at) VALUES (?, ?)').run(name, nowIso()).lastInsertRowid);
}

export function setTag(ws: Workspace, id: string, tag: string, present: boolean): ContactDetail {
  const changed = ws.transaction(() => {
    const row = loadRow(ws, id);
    const canonical = ws.stmt<[string], { name: string }>('SELECT name FROM tags WHERE name = ?').get(tag)?.name ?? tag;
    let changes: number;
    if (present) {
      changes = ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) VALUES (?, ?)').run(tagId(ws, canonical), row.pk).changes;
    } else {
      changes = ws
        .stmt('DELETE FROM contact_tags WHERE contact_pk = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)')
        .run(row.pk, canonical).changes;
    }
    if (changes === 0) return false;
    ws.stmt('UPDATE contacts SET updated_at = ? WHERE pk = ?').run(nowIso(), row.pk);
    ws.outbox.enqueue({ entity: 'contact', op: present ? 'tag_add' : 'tag_remove', id, baseVersion: row.version, payload: { tag: canonical } });
    ws.audit.append(ws.agent, { action: present ? 'contact.tag_add' : 'contact.tag_remove', entity: 'contact', entityId: id, details: { tag: canonical } });
    return true;
  });
  if (changed) ws.contactsChanged([id]);
  return getContact(ws, id);
}

// ---------------------------------------------------------------- bulk actions (core/services/bulk.ts)

/**
 * The pks of the contacts matching `filter` after `afterPk`, ascending, at most `limit`: a bulk
 * action walks every match in batches with this keyset, whatever the list's sort, and holds
 * no more than one batch. The same filter and search SQL as the list, so both always agree.
 */
export function matchingContactPks(ws: Workspace, filter: ContactFilter, afterPk: number, limit: number): number[] {
  const { where, params, fts } = compileFilter(ws, filter);
  if (fts) {
    // The search row's rowid is the contact's pk: FTS5 walks it in order from `afterPk`.
    const sql = `SELECT c.pk FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid WHERE ${['contacts_fts MATCH ?', 'f.rowid > ?', ...where].join(' AND ')} ORDER BY f.rowid LIMIT ?`;
    return ws.query<{ pk: number }>(sql, [fts, afterPk, ...params, limit]).map((r) => r.pk);
  }
  // NOT INDEXED: by the pk, never by a filter's index (country, source) and then sorting every
  // remaining match per batch. A rare filter costs one pass over the table in all; a rare tag
  // still comes from its links (rowid lookups).
  const sql = `SELECT c.pk FROM contacts c NOT INDEXED WHERE ${['c.pk > ?', ...where].join(' AND ')} ORDER BY c.pk LIMIT ?`;
  return ws.query<{ pk: number }>(sql, [afterPk, ...params, limit]).map((r) => r.pk);
}

/** The rules a single edit checks, so a bulk edit checks the same ones. */
export const contactEditRules = { columns: EDITABLE_COLUMNS, validateCustomFields, assertEmailFree, sameValue, emptyToNull } as const;
