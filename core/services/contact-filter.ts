/**
 * Turns a list filter (search, the quick country/source/tag filters, the filter builder's
 * AND/OR conditions, a segment) into SQL over `contacts c`. Everything a person typed goes in
 * as a parameter; the only names put into the SQL are custom field keys, which the contract
 * restricts to letters, digits, `_ - . ` and space (quoted as a JSON path), and tag ids read
 * from our own table. A condition that does not fit its field (an operator the type does not
 * have, a missing value, a field that is not defined) is refused with its place in the filter.
 */
import {
  CONSENT_FILTER_STATUSES,
  filterFieldType,
  isFilterGroup,
  OPERATORS_BY_TYPE,
  VALUELESS_OPERATORS,
  type ContactFilter,
  type FilterCondition,
  type FilterTree,
  type FilterValueType,
} from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { conversationCondition, invalidValueCondition } from '../analytics/conversation-filter.js';
import { buildFtsQuery } from './search.js';
import type { Workspace } from './workspace.js';

export interface CompiledFilter {
  /** Conditions on `c` to AND together. */
  where: string[];
  params: unknown[];
  /** The FTS5 query of the search box, when there is one. */
  fts: string | null;
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
  const ids = tagIds(ws, names);
  if (ids.length === 0) return { ids, rare: true };
  const links = ws.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM contact_tags WHERE tag_id IN (${ids.join(', ')}) LIMIT ${RARE_TAG_LINKS + 1})`)[0]?.n ?? 0;
  return { ids, rare: links <= RARE_TAG_LINKS };
}

function tagIds(ws: Workspace, names: string[]): number[] {
  return ws
    .query<{ id: number }>('SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))', [JSON.stringify(names)])
    .map((r) => r.id)
    .filter((id) => Number.isInteger(id));
}

/** The quick tag filter: contacts carrying any of the tags. */
function tagsCondition(tags: ResolvedTags): string {
  // Integer ids from our own table, inlined so the probe needs no parsing per row.
  const ids = tags.ids.join(', ');
  if (!ids) return '0';
  if (tags.rare) return `c.pk IN (SELECT contact_pk FROM contact_tags WHERE tag_id IN (${ids}))`;
  // A scalar subquery, not EXISTS: SQLite would turn EXISTS into a join and build a Bloom
  // filter over every tag link first (30 ms at a million contacts).
  return `(SELECT 1 FROM contact_tags ct WHERE ct.contact_pk = c.pk AND ct.tag_id IN (${ids}) LIMIT 1) IS NOT NULL`;
}

/** A country or source filter matching more contacts than this walks the list's sort index instead of its own. */
const COMMON_FACET_CONTACTS = 5000;

/**
 * Whether a country or source filter matches many contacts (counted up to the limit through
 * its index: a millisecond). Then the list is best read by walking its sort index and
 * checking the value (100 matches come within a few hundred rows); through the facet's own
 * index it would have to sort every match (700 ms for a big country at a million contacts).
 */
function isCommonFacet(ws: Workspace, column: 'sort_country' | 'sort_source', values: string[]): boolean {
  const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM contacts WHERE ${column} IN (SELECT value FROM json_each(?)) LIMIT ${COMMON_FACET_CONTACTS + 1})`;
  return (ws.query<{ n: number }>(sql, [JSON.stringify(values)])[0]?.n ?? 0) > COMMON_FACET_CONTACTS;
}

/**
 * Everything but the search, for callers that already resolved the quick tag filter. With
 * `walkSortIndexFor` (a list page under another sort), common country and source values are
 * written `+column` so SQLite walks the sort's index rather than the facet's.
 */
export function facetSql(filter: ContactFilter, tags: ResolvedTags | null, walkSortIndexFor?: { ws: Workspace; leading: string | null }): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [values, column] of [
    [filter.countries, 'sort_country'],
    [filter.sources, 'sort_source'],
  ] as const) {
    if (!values || values.length === 0) continue;
    const walk = walkSortIndexFor && walkSortIndexFor.leading !== column && isCommonFacet(walkSortIndexFor.ws, column, values);
    const ref = `${walk ? '+' : ''}c.${column}`;
    if (values.length === 1) {
      where.push(`${ref} = ?`);
      params.push(values[0]);
    } else {
      where.push(`${ref} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    }
  }
  if (tags) where.push(tagsCondition(tags));
  return { where, params };
}

/** Compiles a whole filter; `path` says where a refused part sits (for the error). */
export function compileFilter(
  ws: Workspace,
  filter: ContactFilter,
  tags: ResolvedTags | null = resolveTags(ws, filter.tags),
  depth = 0,
  /** For a list page walking an index: the column it leads with (see facetSql). */
  sortLeading?: string | null,
): CompiledFilter {
  const { where, params } = facetSql(filter, tags, sortLeading !== undefined && !filter.search ? { ws, leading: sortLeading } : undefined);
  if (filter.where) {
    const tree = compileTree(ws, filter.where);
    if (tree) {
      where.push(tree.sql);
      params.push(...tree.params);
    }
  }
  for (const extra of [
    filter.conversations ? conversationCondition(ws, filter.conversations) : null,
    filter.invalid ? invalidValueCondition(filter.invalid) : null,
  ]) {
    if (!extra) continue;
    where.push(extra.sql);
    params.push(...extra.params);
  }
  let fts = filter.search ? buildFtsQuery(filter.search) : null;
  if (filter.segment) {
    const segment = compileSegment(ws, filter.segment, depth, sortLeading);
    where.push(...segment.where);
    params.push(...segment.params);
    // A segment saved with a search keeps it; the search box narrows it further.
    if (segment.fts) fts = fts ? `${fts} ${segment.fts}` : segment.fts;
  }
  return { where, params, fts };
}

function compileSegment(ws: Workspace, id: string, depth: number, sortLeading: string | null | undefined): CompiledFilter {
  const segment = ws.stmt<[string], { kind: 'filter' | 'list'; filter: string }>('SELECT kind, filter FROM segments WHERE id = ?').get(id);
  if (!segment) throw new CoreError('not_found', 'This segment no longer exists (it may have been deleted).', ['filter', 'segment']);
  if (segment.kind === 'list') return { where: ['c.pk IN (SELECT contact_pk FROM segment_members WHERE segment_id = ?)'], params: [id], fts: null };
  // Saved filters never name a segment (segments.ts refuses it); the depth guard is a backstop.
  if (depth > 0) throw new CoreError('bad_request', 'A segment cannot be built on another segment.', ['filter', 'segment']);
  return compileFilter(ws, JSON.parse(segment.filter) as ContactFilter, undefined, depth + 1, sortLeading);
}

interface SqlPiece {
  sql: string;
  params: unknown[];
}

function compileTree(ws: Workspace, tree: FilterTree): SqlPiece | null {
  const customTypes = new Map(ws.fieldDefinitions().map((f) => [f.key, f.type]));
  const pieces: SqlPiece[] = [];
  tree.items.forEach((item, i) => {
    if (isFilterGroup(item)) {
      const inner = item.conditions.map((condition, j) => compileCondition(ws, condition, customTypes, ['filter', 'where', 'items', i, 'conditions', j]));
      const joined = join(inner, item.match);
      if (joined) pieces.push(joined);
    } else {
      pieces.push(compileCondition(ws, item, customTypes, ['filter', 'where', 'items', i]));
    }
  });
  return join(pieces, tree.match);
}

function join(pieces: SqlPiece[], match: 'all' | 'any'): SqlPiece | null {
  if (pieces.length === 0) return null;
  return { sql: `(${pieces.map((p) => p.sql).join(match === 'all' ? ' AND ' : ' OR ')})`, params: pieces.flatMap((p) => p.params) };
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 36_500;

/** The SQL of a field's value, by the field's type. */
function valueExpression(field: string, type: FilterValueType, customType: string | undefined): string {
  switch (field) {
    case 'name':
      return 'c.sort_name';
    case 'email':
      return 'c.sort_email';
    case 'phone':
      return "coalesce(c.phone, '')";
    case 'city':
      return "lower(coalesce(c.city, ''))";
    case 'locale':
      return "lower(coalesce(c.locale, ''))";
    case 'country':
      return 'c.sort_country';
    case 'source':
      return 'c.sort_source';
    case 'last_seen_at':
    case 'created_at':
    case 'updated_at':
      return `c.${field}`;
    case 'first_seen_at':
      return 'coalesce(c.first_seen_at, c.created_at)';
    case 'conversation_count':
      return 'c.conversation_count';
  }
  const value = `json_extract(c.custom_fields, '$."${field.slice('custom.'.length)}"')`;
  if (type === 'text') return `lower(coalesce(CAST(${value} AS TEXT), ''))`;
  if (type === 'choice') return `coalesce(CAST(${value} AS TEXT), '')`;
  if (type === 'date' && customType === 'date') return `nullif(CAST(${value} AS TEXT), '')`;
  return value;
}

function refuse(path: (string | number)[], message: string): never {
  throw new CoreError('bad_request', message, path);
}

function compileCondition(ws: Workspace, condition: FilterCondition, customTypes: ReadonlyMap<string, string>, path: (string | number)[]): SqlPiece {
  const { field, op, value } = condition;
  const type = filterFieldType(field, customTypes);
  if (type === null) refuse([...path, 'field'], `There is no field “${field.replace(/^custom\./, '')}” any more; remove this condition.`);
  if (!OPERATORS_BY_TYPE[type].includes(op)) refuse([...path, 'op'], `“${op.replace(/_/g, ' ')}” does not apply to this field.`);
  const needsValue = !VALUELESS_OPERATORS.has(op);
  const asList = (): string[] => {
    if (!Array.isArray(value) || value.length === 0) refuse([...path, 'value'], 'Pick at least one value.');
    return value;
  };
  const asText = (): string => {
    if (typeof value !== 'string' || (value === '' && op !== 'is' && op !== 'is_not')) refuse([...path, 'value'], 'Type a value.');
    return value;
  };
  const asNumber = (): number => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) refuse([...path, 'value'], 'Enter a number.');
    return n;
  };
  if (!needsValue && value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== '') {
    refuse([...path, 'value'], `“${op.replace(/_/g, ' ')}” takes no value.`);
  }

  if (field === 'tags') return tagCondition(ws, op, op === 'is_empty' || op === 'is_not_empty' ? [] : asList());
  if (type === 'consent') {
    const statuses = asList();
    const unknown = statuses.find((s) => !(CONSENT_FILTER_STATUSES as readonly string[]).includes(s));
    if (unknown !== undefined) refuse([...path, 'value'], `“${unknown}” is not a consent status.`);
    const status = "coalesce((SELECT s.status FROM consents s WHERE s.contact_id = c.id AND s.purpose = ? ORDER BY s.at DESC, s.pk DESC LIMIT 1), 'none')";
    return { sql: `${status} ${op === 'none_of' ? 'NOT IN' : 'IN'} (SELECT value FROM json_each(?))`, params: [field.slice('consent.'.length), JSON.stringify(statuses)] };
  }

  const customType = field.startsWith('custom.') ? customTypes.get(field.slice('custom.'.length)) : undefined;
  const expr = valueExpression(field, type, customType);
  switch (type) {
    case 'text': {
      if (op === 'is_empty') return { sql: `${expr} = ''`, params: [] };
      if (op === 'is_not_empty') return { sql: `${expr} <> ''`, params: [] };
      const text = asText();
      if (op === 'is') return { sql: `${expr} = lower(?)`, params: [text] };
      if (op === 'is_not') return { sql: `${expr} <> lower(?)`, params: [text] };
      if (op === 'contains') return { sql: `instr(${expr}, lower(?)) > 0`, params: [text] };
      if (op === 'not_contains') return { sql: `instr(${expr}, lower(?)) = 0`, params: [text] };
      // A range, so a name index can answer "starts with" (U+10FFFF sorts after every character).
      return { sql: `(${expr} >= lower(?) AND ${expr} < lower(?) || char(1114111))`, params: [text, text] };
    }
    case 'choice': {
      if (op === 'is_empty') return { sql: `${expr} = ''`, params: [] };
      if (op === 'is_not_empty') return { sql: `${expr} <> ''`, params: [] };
      return { sql: `${expr} ${op === 'none_of' ? 'NOT IN' : 'IN'} (SELECT value FROM json_each(?))`, params: [JSON.stringify(asList())] };
    }
    case 'multi': {
      const key = field.slice('custom.'.length);
      const items = `(SELECT j.value FROM json_each(c.custom_fields, '$."${key}"') j)`;
      if (op === 'is_empty') return { sql: `coalesce(json_array_length(c.custom_fields, '$."${key}"'), 0) = 0`, params: [] };
      if (op === 'is_not_empty') return { sql: `coalesce(json_array_length(c.custom_fields, '$."${key}"'), 0) > 0`, params: [] };
      const list = JSON.stringify(asList());
      if (op === 'any_of') return { sql: `EXISTS (SELECT 1 FROM json_each(c.custom_fields, '$."${key}"') j WHERE j.value IN (SELECT value FROM json_each(?)))`, params: [list] };
      if (op === 'none_of') return { sql: `NOT EXISTS (SELECT 1 FROM json_each(c.custom_fields, '$."${key}"') j WHERE j.value IN (SELECT value FROM json_each(?)))`, params: [list] };
      return { sql: `NOT EXISTS (SELECT 1 FROM json_each(?) w WHERE w.value NOT IN ${items})`, params: [list] };
    }
    case 'date': {
      if (op === 'is_empty') return { sql: `${expr} IS NULL`, params: [] };
      if (op === 'is_not_empty') return { sql: `${expr} IS NOT NULL`, params: [] };
      // Custom dates are calendar days ("2025-03-01"); the others are instants.
      const asDay = customType === 'date';
      if (op === 'in_last_days' || op === 'not_in_last_days') {
        const days = asNumber();
        if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) refuse([...path, 'value'], `Enter a whole number of days from 1 to ${MAX_DAYS}.`);
        const cutoff = new Date(Date.now() - days * DAY_MS).toISOString();
        const bound = asDay ? cutoff.slice(0, 10) : cutoff;
        return op === 'in_last_days' ? { sql: `${expr} >= ?`, params: [bound] } : { sql: `(${expr} IS NULL OR ${expr} < ?)`, params: [bound] };
      }
      const text = asText();
      const time = Date.parse(text);
      if (Number.isNaN(time)) refuse([...path, 'value'], 'Pick a date.');
      const bound = asDay ? text.slice(0, 10) : new Date(time).toISOString();
      return { sql: `${expr} ${op === 'before' ? '<' : '>='} ?`, params: [bound] };
    }
    case 'number': {
      if (op === 'is_empty') return { sql: `${expr} IS NULL`, params: [] };
      if (op === 'is_not_empty') return { sql: `${expr} IS NOT NULL`, params: [] };
      const n = asNumber();
      const sqlOp = op === 'is' ? '=' : op === 'is_not' ? '<>' : op === 'gt' ? '>' : '<';
      return { sql: `${expr} ${sqlOp} ?`, params: [n] };
    }
    case 'boolean':
      if (op === 'is_empty') return { sql: `${expr} IS NULL`, params: [] };
      return { sql: `${expr} = ${op === 'is_true' ? 1 : 0}`, params: [] };
  }
  return refuse(path, 'This condition cannot be used.');
}

function tagCondition(ws: Workspace, op: FilterCondition['op'], names: string[]): SqlPiece {
  if (op === 'is_empty') return { sql: 'NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_pk = c.pk)', params: [] };
  if (op === 'is_not_empty') return { sql: 'EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_pk = c.pk)', params: [] };
  const ids = tagIds(ws, names);
  const list = ids.join(', ');
  if (op === 'any_of') return { sql: ids.length ? `c.pk IN (SELECT contact_pk FROM contact_tags WHERE tag_id IN (${list}))` : '0', params: [] };
  if (op === 'none_of') return { sql: ids.length ? `c.pk NOT IN (SELECT contact_pk FROM contact_tags WHERE tag_id IN (${list}))` : '1', params: [] };
  // all_of: every named tag must exist and be on the contact.
  if (ids.length < new Set(names.map((n) => n.toLowerCase())).size) return { sql: '0', params: [] };
  return { sql: `(${ids.map((id) => `c.pk IN (SELECT contact_pk FROM contact_tags WHERE tag_id = ${id})`).join(' AND ')})`, params: [] };
}
