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
  Sort,
  SortKey,
} from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { buildFtsQuery } from './search.js';
import { nowIso } from './clock.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';
import { nextFollowUp } from './follow-ups.js';
import { normalisePhone } from './phone.js';

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
  conversation_count: number;
}

interface ContactFullRow extends ContactListRow {
  version: number;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  locale: string | null;
  timezone: string | null;
  custom_fields: string;
  preferences: string;
  first_seen_at: string | null;
}

const LIST_COLUMNS =
  'c.pk, c.id, c.display_name, c.email, c.phone, c.country, c.city, c.source, c.created_at, c.updated_at, c.last_seen_at, c.conversation_count';

/** The columns each sort walks, in order; the integer key `pk` always breaks ties. */
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

// ---------------------------------------------------------------- filters

interface SqlPart {
  where: string[];
  params: unknown[];
}

/**
 * The tags of a filter, resolved to ids, and how to apply them: a tag on few contacts is
 * best read from its links (then sorted); a common one by walking the sort index and
 * probing each contact's links (100 matches come within a few hundred rows).
 */
export interface ResolvedTags {
  ids: number[];
  rare: boolean;
}

/** Tags carried by at most this many contacts are read from their links. */
const RARE_TAG_LINKS = 5000;

export function resolveTags(ws: Workspace, names: string[] | undefined): ResolvedTags | null {
  if (!names || names.length === 0) return null;
  const ids = ws.query<{ id: number }>('SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))', [JSON.stringify(names)]).map((r) => r.id);
  if (ids.length === 0) return { ids, rare: true };
  const links = ws.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM contact_tags WHERE tag_id IN (${ids.join(', ')}) LIMIT ${RARE_TAG_LINKS + 1})`)[0]?.n ?? 0;
  return { ids, rare: links <= RARE_TAG_LINKS };
}

function filterSql(filter: ContactFilter, tags: ResolvedTags | null): SqlPart {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.countries && filter.countries.length > 0) {
    if (filter.countries.length === 1) {
      where.push('c.sort_country = ?');
      params.push(filter.countries[0]);
    } else {
      where.push('c.sort_country IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.countries));
    }
  }
  if (filter.sources && filter.sources.length > 0) {
    if (filter.sources.length === 1) {
      where.push('c.sort_source = ?');
      params.push(filter.sources[0]);
    } else {
      where.push('c.sort_source IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.sources));
    }
  }
  if (tags) {
    // Integer ids from our own table, inlined so the probe needs no parsing per row.
    const ids = tags.ids.filter((id) => Number.isInteger(id)).join(', ');
    if (!ids) where.push('0');
    else if (tags.rare) where.push(`c.pk IN (SELECT contact_pk FROM contact_tags WHERE tag_id IN (${ids}))`);
    // A scalar subquery, not EXISTS: SQLite would turn EXISTS into a join and build a Bloom
    // filter over every tag link first (30 ms at a million contacts).
    else where.push(`(SELECT 1 FROM contact_tags ct WHERE ct.contact_pk = c.pk AND ct.tag_id IN (${ids}) LIMIT 1) IS NOT NULL`);
  }
  return { where, params };
}

function searchQuery(filter: ContactFilter): string | null {
  return filter.search ? buildFtsQuery(filter.search) : null;
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

/** The SQL of one list page (exported for the query-plan tests). */
export function buildListQuery(input: ListInput, tags: ResolvedTags | null = null): ListQuery {
  const fts = searchQuery(input.filter);
  const { where, params } = filterSql(input.filter, tags);
  const useOffset = !input.cursor && input.offset !== undefined && input.offset > 0;

  if (fts) {
    // Search results come newest first, walking the FTS index by rowid: a one-letter prefix
    // matching half the workspace still answers from its first page of matches.
    where.unshift('contacts_fts MATCH ?');
    params.unshift(fts);
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
  const tags = resolveTags(ws, input.filter.tags);
  let { sql, params, cursorOf } = buildListQuery(input, tags);
  let reversed = false;
  const offset = input.offset ?? 0;
  if (!input.cursor && offset > 0 && !searchQuery(input.filter)) {
    // OFFSET steps through the index one entry at a time: a jump past the middle walks in
    // from the other end instead, so no jump skips more than half the list.
    const total = ws.cached(`count:${JSON.stringify(input.filter)}`, () => countContacts(ws, input.filter).count);
    if (offset > total / 2 && offset < total) {
      const limit = Math.min(input.limit, total - offset);
      const flipped: ListInput = { ...input, sort: { ...input.sort, dir: input.sort.dir === 'asc' ? 'desc' : 'asc' }, offset: total - offset - limit, limit };
      ({ sql, params, cursorOf } = buildListQuery(flipped, tags));
      reversed = true;
    }
  }
  const found = ws.query<ContactListRow & Record<string, unknown>>(sql, params);
  const rows = reversed ? found.reverse() : found;
  const tagNames = tagsByContact(ws, rows.map((r) => r.pk));
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((row) => toContactRow(row, tagNames.get(row.pk) ?? [])),
    nextCursor: rows.length === input.limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

export function countContacts(ws: Workspace, filter: ContactFilter): { count: number; capped: boolean } {
  const fts = searchQuery(filter);
  const tags = resolveTags(ws, filter.tags);
  const { where, params } = filterSql(filter, tags);
  if (fts) {
    where.unshift('contacts_fts MATCH ?');
    params.unshift(fts);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid WHERE ${where.join(' AND ')} LIMIT ${SEARCH_COUNT_CAP + 1})`;
    const n = ws.query<{ n: number }>(sql, params)[0]?.n ?? 0;
    return { count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
  }
  const onlyTags = filter.tags && filter.tags.length > 0 && !filter.countries?.length && !filter.sources?.length;
  if (onlyTags) {
    // Count the tag links directly (their primary key starts with the tag) instead of
    // probing every contact for a link.
    const ids = tags?.ids.join(', ') ?? '';
    if (!ids) return { count: 0, capped: false };
    return { count: ws.query<{ n: number }>(`SELECT count(DISTINCT contact_pk) AS n FROM contact_tags WHERE tag_id IN (${ids})`)[0]?.n ?? 0, capped: false };
  }
  const sql = `SELECT count(*) AS n FROM contacts c${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  return { count: ws.query<{ n: number }>(sql, params)[0]?.n ?? 0, capped: false };
}

function tagsByContact(ws: Workspace, pks: number[]): Map<number, string[]> {
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

function toContactRow(row: ContactListRow, tags: string[]): ContactRow {
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
    conversationCount: row.conversation_count,
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
    `SELECT ${LIST_COLUMNS}, c.version, c.first_name, c.last_name, c.full_name, c.locale, c.timezone, c.custom_fields, c.preferences, c.first_seen_at
     FROM contacts c WHERE c.id = ?`,
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
    ...toContactRow(row, tags),
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
  };
}

// ---------------------------------------------------------------- writing

/** The app's field names and the spec's, for the columns a person can edit. */
const EDITABLE_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  city: 'city',
  country: 'country',
  locale: 'locale',
  timezone: 'timezone',
} as const satisfies Record<Exclude<keyof EditableContactFields, 'customFields'>, string>;
type EditableColumnKey = keyof typeof EDITABLE_COLUMNS;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function emptyToNull<T>(value: T): T | null {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

function assertEmailFree(ws: Workspace, email: string, exceptId: string | null): void {
  const other = ws
    .stmt<[string], { id: string; display_name: string }>('SELECT id, display_name FROM contacts WHERE lower(email) = lower(?) LIMIT 2')
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

export function updateContact(ws: Workspace, id: string, input: EditableContactFields): ContactDetail {
  const changed = ws.transaction(() => {
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
    if (sets.length === 0) return false;

    const at = nowIso();
    ws.db.prepare(`UPDATE contacts SET ${sets.join(', ')}, updated_at = ? WHERE pk = ?`).run(...params, at, row.pk);
    const recordChange = ws.stmt(
      "INSERT INTO field_changes (contact_id, field, old_value, new_value, actor_id, actor_name, origin, at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)",
    );
    for (const change of changes) {
      recordChange.run(id, change.field, JSON.stringify(change.old), JSON.stringify(change.new), ws.agent.id, ws.agent.name, at);
    }
    ws.search.refresh([id]);
    ws.outbox.enqueue({ entity: 'contact', op: 'update', id, baseVersion: row.version, payload: { fields: specFields, base } });
    ws.audit.append(ws.agent, { action: 'contact.update', entity: 'contact', entityId: id, details: { fields: changes.map((c) => c.field) } });
    return true;
  });
  if (changed) ws.contactsChanged([id]);
  return getContact(ws, id);
}

export function createContact(ws: Workspace, input: EditableContactFields): ContactDetail {
  const id = randomUUID();
  const fields = input.phone ? { ...input, phone: normalisePhone(input.phone, input.country) } : input;
  ws.transaction(() => {
    if (fields.email) assertEmailFree(ws, fields.email, null);
    if (fields.customFields) validateCustomFields(ws, fields.customFields);
    const at = nowIso();
    const spec: Record<string, unknown> = { created_at: at, updated_at: at, source: 'agent', custom_fields: fields.customFields ?? {} };
    for (const key of Object.keys(EDITABLE_COLUMNS) as EditableColumnKey[]) spec[EDITABLE_COLUMNS[key]] = emptyToNull(fields[key] ?? null);
    ws.db
      .prepare(
        `INSERT INTO contacts (id, version, first_name, last_name, full_name, email, phone, city, country, locale, timezone, created_at, updated_at, source, custom_fields)
         VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'agent', ?)`,
      )
      .run(id, spec['first_name'], spec['last_name'], spec['full_name'], spec['email'], spec['phone'], spec['city'], spec['country'], spec['locale'], spec['timezone'], at, at, JSON.stringify(spec['custom_fields']));
    ws.search.refresh([id]);
    ws.outbox.enqueue({ entity: 'contact', op: 'create', id, baseVersion: null, payload: { fields: spec } });
    ws.audit.append(ws.agent, { action: 'contact.create', entity: 'contact', entityId: id });
  });
  ws.contactsChanged(null);
  return getContact(ws, id);
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
  const fts = searchQuery(filter);
  const { where, params } = filterSql(filter, resolveTags(ws, filter.tags));
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
