/**
 * What the contact rollup (`analytics_contact_days`) counts a contact under, written once as
 * SQL over a contact row `X` and used three ways: by the triggers (X = new / old), by the
 * background rebuild (X = c, a slice of contacts) and by the direct queries of segments and
 * of the time before the rollups are ready (X = c). One definition, so they cannot disagree.
 *
 * Dimensions (value '' = not set):
 * - `source`, `country`, `locale`: the stored value.
 * - `email`, `phone`: `missing` | `invalid` | `ok` (core/analytics/validity.ts).
 * - `reach`: `none` when neither an email nor a phone is set.
 * - `unseen`: '' when the contact was never seen (last_seen_at not set).
 * - `filled`: the key of every custom field with a value (not null, not '', not []).
 * - `field:<key>`: the value of a select or boolean field (`true`/`false`), each option of a
 *   multi-select field; only set values (not set = contacts − `filled` of the key).
 * - `tag`: the tag's id (a rename changes nothing here; the figures show the name).
 * - `consent:<purpose>`: the current status (the newest entry: latest `at`, then latest pk).
 */
import { invalidEmailSql, invalidPhoneSql } from './validity.js';

export interface DimSource {
  /** Extra FROM items, joined to the contact X (comma-separated, may be empty). */
  from: string;
  dim: string;
  value: string;
  /** A condition on the joined rows ('1' when none). */
  where: string;
  /** The dimension names it produces: exact names, or a prefix ending in ':'. */
  produces: readonly string[];
}

const NON_EMPTY_JSON = (j: string) => `${j}.type <> 'null' AND NOT (${j}.type = 'text' AND ${j}.value = '') AND NOT (${j}.type = 'array' AND json_array_length(CASE WHEN ${j}.type = 'array' THEN ${j}.value ELSE '[]' END) = 0)`;

/** The dimensions kept on the contact's own columns (a change of the row moves only these). */
export function rowDimSources(X: string): DimSource[] {
  const missing = (col: string) => `coalesce(${X}.${col}, '') = ''`;
  return [
    { from: '', dim: "'source'", value: `coalesce(${X}.source, '')`, where: '1', produces: ['source'] },
    { from: '', dim: "'country'", value: `coalesce(${X}.country, '')`, where: '1', produces: ['country'] },
    { from: '', dim: "'locale'", value: `coalesce(${X}.locale, '')`, where: '1', produces: ['locale'] },
    {
      from: '',
      dim: "'email'",
      value: `CASE WHEN ${missing('email')} THEN 'missing' WHEN ${invalidEmailSql(`${X}.email`)} THEN 'invalid' ELSE 'ok' END`,
      where: '1',
      produces: ['email'],
    },
    {
      from: '',
      dim: "'phone'",
      value: `CASE WHEN ${missing('phone')} THEN 'missing' WHEN ${invalidPhoneSql(`${X}.phone`)} THEN 'invalid' ELSE 'ok' END`,
      where: '1',
      produces: ['phone'],
    },
    { from: '', dim: "'reach'", value: "'none'", where: `${missing('email')} AND ${missing('phone')}`, produces: ['reach'] },
    { from: '', dim: "'unseen'", value: "''", where: `${X}.last_seen_at IS NULL`, produces: ['unseen'] },
    { from: `json_each(${X}.custom_fields) j`, dim: "'filled'", value: 'j.key', where: NON_EMPTY_JSON('j'), produces: ['filled'] },
    ...fieldDimSources(X, null),
  ];
}

/** The `field:<key>` dimensions (of one field when `key` is an SQL expression naming it). */
export function fieldDimSources(X: string, key: string | null): DimSource[] {
  const oneKey = key === null ? '' : ` AND f.key = ${key}`;
  return [
    {
      from: `json_each(${X}.custom_fields) j, field_definitions f`,
      dim: "'field:' || j.key",
      value: "CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END",
      where: `f.key = j.key AND f.type IN ('select', 'boolean')${oneKey} AND ${NON_EMPTY_JSON('j')}`,
      produces: ['field:'],
    },
    {
      // One row per chosen option, each option once.
      from: `json_each(${X}.custom_fields) j, field_definitions f, json_each(CASE WHEN j.type = 'array' THEN j.value ELSE '[]' END) m`,
      dim: "'field:' || j.key",
      value: 'CAST(m.value AS TEXT)',
      where: `f.key = j.key AND f.type = 'multi_select'${oneKey} AND j.type = 'array' AND m.value IS NOT NULL AND CAST(m.value AS TEXT) <> ''
        AND m.key = (SELECT min(m2.key) FROM json_each(CASE WHEN j.type = 'array' THEN j.value ELSE '[]' END) m2 WHERE m2.value = m.value)`,
      produces: ['field:'],
    },
  ];
}

/** The dimensions kept in side tables: tags and the current consent per purpose. */
export function sideDimSources(X: string): DimSource[] {
  return [
    { from: 'contact_tags t', dim: "'tag'", value: 'CAST(t.tag_id AS TEXT)', where: `t.contact_pk = ${X}.pk`, produces: ['tag'] },
    {
      from: 'consents s',
      dim: "'consent:' || s.purpose",
      value: 's.status',
      where: `s.contact_id = ${X}.id AND s.pk = (SELECT s2.pk FROM consents s2 WHERE s2.contact_id = ${X}.id AND s2.purpose = s.purpose ORDER BY s2.at DESC, s2.pk DESC LIMIT 1)`,
      produces: ['consent:'],
    },
  ];
}

export function allDimSources(X: string): DimSource[] {
  return [...rowDimSources(X), ...sideDimSources(X)];
}

/** The sources that produce a dimension. */
export function sourcesFor(X: string, dim: string): DimSource[] {
  return allDimSources(X).filter((s) => s.produces.some((p) => (p.endsWith(':') ? dim.startsWith(p) : dim === p)));
}

/** `SELECT dim, value …` rows of a contact row (a UNION ALL of the sources). */
export function dimRowsSql(sources: DimSource[]): string {
  return sources.map((s) => `SELECT ${s.dim} AS dim, ${s.value} AS value${s.from ? ` FROM ${s.from}` : ''} WHERE ${s.where}`).join('\nUNION ALL ');
}

/** The UTC quarter hour of an ISO instant column ('YYYY-MM-DDTHH:MM', minutes floored to 0/15/30/45). */
export function quarterSql(column: string): string {
  return `(substr(${column}, 1, 14) || CASE WHEN substr(${column}, 15, 2) < '15' THEN '00' WHEN substr(${column}, 15, 2) < '30' THEN '15' WHEN substr(${column}, 15, 2) < '45' THEN '30' ELSE '45' END)`;
}

export const dayOf = (column: string) => `substr(${column}, 1, 10)`;

/** The watermark of a table: rows with a pk at most this are in the rollups (and kept there by the triggers). */
export const watermarkSql = (table: 'contacts' | 'conversations' | 'events') => `(SELECT watermark FROM analytics_state WHERE tbl = '${table}')`;

/** Handed off: a `handoff_requested` event names the conversation (properties.conversation_id). */
export const handedOffSql = (conversationId: string) => `EXISTS (SELECT 1 FROM analytics_handoffs h WHERE h.conversation_id = ${conversationId} AND h.n > 0)`;

/**
 * `dim, value, day, n` rows counting the contacts `c` that pass `where` (a slice, a range, a
 * scope): one grouped SELECT per source, united.
 */
export function groupedDimCountsSql(sources: DimSource[], where: string): string {
  return sources
    .map((s) => `SELECT ${s.dim} AS dim, ${s.value} AS value, ${dayOf('c.created_at')} AS day, count(*) AS n FROM contacts c${s.from ? `, ${s.from}` : ''} WHERE ${where} AND ${s.where} GROUP BY 1, 2, 3`)
    .join('\nUNION ALL ');
}
