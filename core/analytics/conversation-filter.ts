/**
 * The list filter's conditions that come from the analytics drill-down (ContactFilter
 * `conversations` and `invalid`), as SQL over `contacts c`, with the same definitions as
 * the figures: a conversation's start time (UTC instants in the spec's form, compared as
 * text, `to` exclusive), its channel, a `handoff_requested` event naming it, and the
 * person's first conversation (contacts.first_seen_at is the earliest start).
 *
 * Two shapes, chosen like the tag filter's: when few conversations fall in the period (or a
 * weekday or hour is asked, which cuts it into intervals), the matching conversations are
 * read through the start-time index and the contacts probed against that set; otherwise
 * each contact's own conversations are looked at through conversations_by_contact, so a
 * list page stops after its first matches instead of reading every conversation.
 */
import type { ConversationCondition } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import type { Workspace } from '../services/workspace.js';
import { isKnownTimeZone, localHourIntervals, MAX_LOCAL_HOUR_SPAN_MS } from './local-hours.js';
import { invalidEmailSql, invalidPhoneSql } from './validity.js';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const PATH = ['filter', 'conversations'] as const;
/** Periods holding at most this many conversations are read as a set (see above). */
const FEW_CONVERSATIONS = 5000;
const NOTHING: SqlCondition = { sql: '0', params: [] };

function refuse(key: string, message: string): never {
  throw new CoreError('bad_request', message, [...PATH, key]);
}

function instant(value: string | undefined, key: 'from' | 'to'): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) refuse(key, 'Use an ISO 8601 time.');
  return time;
}

const iso = (time: number) => new Date(time).toISOString();

export function invalidValueCondition(kind: 'email' | 'phone'): SqlCondition {
  return { sql: kind === 'email' ? invalidEmailSql('c.email') : invalidPhoneSql('c.phone'), params: [] };
}

export function conversationCondition(ws: Workspace, condition: ConversationCondition): SqlCondition {
  const { weekday, hour, timeZone, channel, handoff, firstOnly } = condition;
  const byLocalTime = weekday !== undefined || hour !== undefined;
  if (byLocalTime && timeZone === undefined) refuse('timeZone', 'A weekday or hour needs a time zone.');
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) refuse('timeZone', `“${timeZone}” is not a time zone this app knows.`);
  const from = instant(condition.from, 'from');
  const to = instant(condition.to, 'to');
  if (from !== undefined && to !== undefined && from >= to) return NOTHING;

  const extra: string[] = [];
  const extraParams: unknown[] = [];
  if (channel !== undefined) {
    extra.push('v.channel = ?');
    extraParams.push(channel);
  }
  if (handoff !== undefined) {
    extra.push(
      `${handoff ? '' : 'NOT '}EXISTS (SELECT 1 FROM events e WHERE e.contact_id = v.contact_id AND e.type = 'handoff_requested' AND json_extract(e.properties, '$.conversation_id') = v.id)`,
    );
  }
  if (firstOnly) extra.push('v.started_at = (SELECT f.first_seen_at FROM contacts f WHERE f.id = v.contact_id)');
  const andExtra = extra.map((sql) => ` AND ${sql}`).join('');

  if (byLocalTime) {
    const intervals = localIntervalsWithin(ws, from, to, timeZone as string, weekday, hour);
    if (intervals.length === 0) return NOTHING;
    return {
      // CROSS JOIN keeps the intervals outside: each one is a range seek on conversations_by_time.
      sql: `c.id IN (SELECT v.contact_id FROM json_each(?) w CROSS JOIN conversations v WHERE v.started_at >= json_extract(w.value, '$[0]') AND v.started_at < json_extract(w.value, '$[1]')${andExtra})`,
      params: [JSON.stringify(intervals.map(([start, end]) => [iso(start), iso(end)])), ...extraParams],
    };
  }

  const range: string[] = [];
  const rangeParams: string[] = [];
  if (from !== undefined) {
    range.push('v.started_at >= ?');
    rangeParams.push(iso(from));
  }
  if (to !== undefined) {
    range.push('v.started_at < ?');
    rangeParams.push(iso(to));
  }
  const rangeSql = range.map((sql) => ` AND ${sql}`).join('');
  const inPeriod = ws.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM conversations v WHERE 1${rangeSql} LIMIT ${FEW_CONVERSATIONS + 1})`, rangeParams)[0]?.n ?? 0;
  if (inPeriod <= FEW_CONVERSATIONS) {
    return { sql: `c.id IN (SELECT v.contact_id FROM conversations v WHERE 1${rangeSql}${andExtra})`, params: [...rangeParams, ...extraParams] };
  }
  // A scalar subquery, not EXISTS, so SQLite probes each contact's conversations rather than
  // turning it into a join over all of them (see the tag filter in contact-filter.ts).
  return {
    sql: `(SELECT 1 FROM conversations v WHERE v.contact_id = c.id${rangeSql}${andExtra} LIMIT 1) IS NOT NULL`,
    params: [...rangeParams, ...extraParams],
  };
}

/** Intervals of a few recent queries: a list asks for a page and a count with the same filter. */
const recentIntervals = new Map<string, [number, number][]>();

function localIntervalsWithin(ws: Workspace, from: number | undefined, to: number | undefined, timeZone: string, weekday: number | undefined, hour: number | undefined): [number, number][] {
  // No conversation starts outside the stored ones: the period is cut to them (an open
  // range, a saved segment, stay exact as conversations arrive).
  const bounds = ws.query<{ first: string | null; last: string | null }>('SELECT min(started_at) AS first, max(started_at) AS last FROM conversations')[0];
  if (!bounds?.first || !bounds.last) return [];
  const start = Math.max(from ?? -Infinity, Date.parse(bounds.first));
  const end = Math.min(to ?? Infinity, Date.parse(bounds.last) + 1);
  if (!(start < end)) return [];
  if (end - start > MAX_LOCAL_HOUR_SPAN_MS) refuse('from', 'The period is too long to cut by weekday and hour; choose at most 100 years.');
  const key = JSON.stringify([start, end, timeZone, weekday, hour]);
  let intervals = recentIntervals.get(key);
  if (!intervals) {
    intervals = localHourIntervals({ from: start, to: end, timeZone, weekday, hour });
    if (recentIntervals.size >= 16) recentIntervals.delete(recentIntervals.keys().next().value as string);
    recentIntervals.set(key, intervals);
  }
  return intervals;
}
