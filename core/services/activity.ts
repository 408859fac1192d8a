/**
 * The Activity page: conversations, events, notes, field changes and follow-ups of every
 * contact merged newest first, in keyset pages. Each kind is read through an index on its
 * time (migration 008) for at most a page past the cursor, and the few rows are merged here,
 * so a page costs the same at a million contacts as at a hundred. The cursor is the last
 * item's (time, kind rank, pk): at an equal time kinds go in rank order, then by pk.
 *
 * Conversations keep their agents only inside the transcript, so with an agent filter they
 * are scanned by time a bounded window per page (a substring test, then JSON); a page that
 * ends on that window stops there and the next one goes on from it.
 */
import type { ActivityEntry, ActivityItem, ActivityKind, Person } from '../../preload/contract.js';
import { ACTIVITY_KINDS } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { parseJsonObject, parseJsonValue } from './json.js';
import { toNote } from './notes.js';
import { parseMessages, previewColumn } from './timeline.js';
import type { Workspace } from './workspace.js';
import { shownNameSql } from './contact-name.js';

const RANK: Record<ActivityKind, number> = { conversation: 0, event: 1, note: 2, field_change: 3, follow_up: 4 };
/** Conversations looked at per page when filtering by agent (each is a substring test). */
export const AGENT_SCAN_WINDOW = 1000;
/** How long one page may go on through windows that hold none of the agent's conversations. */
const AGENT_SCAN_BUDGET_MS = 8;

/** A position in the feed: (time, kind rank, pk); a rank of -1 means "strictly before this time". */
type Key = [at: string, rank: number, pk: number];

export interface ActivityInput {
  kinds?: ActivityKind[] | undefined;
  agent?: Person | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: string | undefined;
  cursor?: string | null | undefined;
  limit: number;
  /** Tests set 0 to see a page stop after one window. */
  scanBudgetMs?: number | undefined;
}

interface KindTable {
  table: string;
  time: string;
  /** The column that says who did it, when the kind has one. */
  who: string | null;
}

const TABLES: Record<ActivityKind, KindTable> = {
  conversation: { table: 'conversations', time: 'started_at', who: null },
  event: { table: 'events', time: 'occurred_at', who: null },
  note: { table: 'notes', time: 'created_at', who: 'author_id' },
  field_change: { table: 'field_changes', time: 'at', who: 'actor_id' },
  follow_up: { table: 'follow_ups', time: 'created_at', who: 'assignee_id' },
};

const COLUMNS: Record<ActivityKind, string> = {
  conversation: `x.id, x.channel, x.status, x.summary, x.rating, x.message_count, ${previewColumn('x.messages')} AS preview`,
  event: 'x.id, x.type, x.properties',
  note: 'x.id, x.version, x.author_id, x.author_name, x.body, x.pinned, x.created_at, x.updated_at',
  field_change: 'x.field, x.old_value, x.new_value, x.actor_name, x.origin',
  follow_up: 'x.id, x.title, x.due_at, x.assignee_id, x.assignee_name, x.done_at',
};

export function encodeActivityCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decode(cursor: string): Key {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1]) && Number.isSafeInteger(value[2])) {
      return [value[0], value[1] as number, value[2] as number];
    }
  } catch {
    // fall through
  }
  throw new CoreError('bad_request', 'This place in the activity feed is no longer valid; reload the page.', ['cursor']);
}

function compareDesc(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1;
  if (a[1] !== b[1]) return b[1] - a[1];
  return b[2] - a[2];
}

export interface KindQuery {
  sql: string;
  params: unknown[];
}

/**
 * The rows of one kind strictly after `after` (newest first), at most `limit`, with the
 * contact's name. Exported for the query-plan test: each must walk the kind's time index.
 */
export function buildActivityQuery(kind: ActivityKind, opts: { after: Key | null; from?: string | undefined; agentId?: string | undefined; limit: number; keysOnly?: boolean }): KindQuery {
  const { table, time, who } = TABLES[kind];
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.agentId !== undefined && who) {
    where.push(`x.${who} = ?`);
    params.push(opts.agentId);
  }
  if (opts.after) {
    // At the cursor's instant a kind ranked before the cursor's comes entirely after it, one
    // ranked after does not come at all, and the same kind goes on by pk.
    const [at, rank, pk] = opts.after;
    const pkBound = RANK[kind] < rank ? Number.MAX_SAFE_INTEGER : RANK[kind] > rank ? 0 : pk;
    where.push(`x.${time} <= ? AND (x.${time} < ? OR x.pk < ?)`);
    params.push(at, at, pkBound);
  }
  if (opts.from !== undefined) {
    where.push(`x.${time} >= ?`);
    params.push(opts.from);
  }
  const columns = opts.keysOnly ? '' : `, ${shownNameSql('c')} AS contact_name, c.first_name AS contact_first_name, ${COLUMNS[kind]}`;
  const join = opts.keysOnly ? '' : ' LEFT JOIN contacts c ON c.id = x.contact_id';
  const sql = `SELECT x.pk, x.${time} AS at, x.contact_id${columns} FROM ${table} x${join}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY x.${time} DESC, x.pk DESC LIMIT ?`;
  params.push(opts.limit);
  return { sql, params };
}

interface Row {
  pk: number;
  at: string;
  contact_id: string;
  contact_name: string | null;
  contact_first_name: string | null;
  [column: string]: unknown;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? '');
}
function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
function numOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function toEntry(kind: ActivityKind, r: Row): ActivityEntry {
  switch (kind) {
    case 'conversation':
      return {
        kind,
        id: str(r.id),
        at: r.at,
        channel: str(r.channel),
        status: r.status as 'open' | 'resolved' | 'abandoned',
        summary: strOrNull(r.summary),
        rating: numOrNull(r.rating),
        messageCount: numOrNull(r.message_count) ?? 0,
        preview: parseMessages(str(r.preview)),
      };
    case 'event':
      return { kind, id: str(r.id), at: r.at, type: str(r.type), properties: parseJsonObject(str(r.properties)) };
    case 'note':
      return { kind, id: str(r.id), at: r.at, note: toNote(r as unknown as Parameters<typeof toNote>[0]) };
    case 'field_change':
      return {
        kind,
        // The same id the contact's timeline gives the change.
        id: `fc-${String(r.pk).padStart(12, '0')}`,
        at: r.at,
        field: str(r.field),
        oldValue: parseJsonValue(strOrNull(r.old_value)),
        newValue: parseJsonValue(strOrNull(r.new_value)),
        actorName: strOrNull(r.actor_name),
        origin: r.origin === 'sync' ? 'sync' : 'local',
      };
    case 'follow_up': {
      const assigneeId = strOrNull(r.assignee_id);
      const assigneeName = strOrNull(r.assignee_name);
      return {
        kind,
        id: str(r.id),
        at: r.at,
        title: str(r.title),
        dueAt: str(r.due_at),
        assignee: assigneeId && assigneeName ? { id: assigneeId, name: assigneeName } : null,
        doneAt: strOrNull(r.done_at),
      };
    }
  }
}

interface Candidate {
  key: Key;
  kind: ActivityKind;
  row: Row;
}

/**
 * Conversations an agent took part in, scanning windows of them by time. While none is found
 * it goes on to the next window for up to `budgetMs` (fewer round trips when an agent answered
 * few), then stops: `horizon` is where the scan ended.
 */
function agentConversations(ws: Workspace, agentName: string, after: Key | null, from: string | undefined, limit: number, budgetMs: number): { rows: Row[]; horizon: Key | null } {
  const started = performance.now();
  // A cheap substring test on the stored JSON first (it is written by JSON.stringify, so the
  // name appears exactly so), then the JSON itself says whether it was an agent who wrote.
  const needle = `"author_name":${JSON.stringify(agentName)}`;
  let position = after;
  for (;;) {
    const window = buildActivityQuery('conversation', { after: position, from, limit: AGENT_SCAN_WINDOW, keysOnly: true });
    const scanned = ws.query<{ pk: number; at: string; hit: number }>(
      `SELECT w.pk, w.at, (instr(x.messages, ?) > 0 AND EXISTS (SELECT 1 FROM json_each(x.messages) m
            WHERE json_extract(m.value, '$.role') = 'agent' AND json_extract(m.value, '$.author_name') = ?)) AS hit
         FROM (${window.sql}) w JOIN conversations x ON x.pk = w.pk ORDER BY w.at DESC, w.pk DESC`,
      [needle, agentName, ...window.params],
    );
    const hits = scanned.filter((r) => r.hit === 1).slice(0, limit);
    const last = scanned[scanned.length - 1];
    const horizon: Key | null = hits.length < limit && scanned.length >= AGENT_SCAN_WINDOW && last ? [last.at, RANK.conversation, last.pk] : null;
    if (hits.length === 0 && horizon && performance.now() - started < budgetMs) {
      position = horizon;
      continue;
    }
    if (hits.length === 0) return { rows: [], horizon };
    const rows = ws.query<Row>(
      `SELECT x.pk, x.started_at AS at, x.contact_id, ${shownNameSql('c')} AS contact_name, c.first_name AS contact_first_name, ${COLUMNS.conversation}
       FROM conversations x LEFT JOIN contacts c ON c.id = x.contact_id WHERE x.pk IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(hits.map((h) => h.pk))],
    );
    return { rows, horizon };
  }
}

export function activityPage(ws: Workspace, input: ActivityInput): { items: ActivityItem[]; nextCursor: string | null; scannedTo: string | null } {
  const agent = input.agent;
  let kinds = (input.kinds ?? [...ACTIVITY_KINDS]).filter((k, i, all) => all.indexOf(k) === i);
  // Events are what visitors did: no agent did them.
  if (agent) kinds = kinds.filter((k) => k !== 'event');
  const end = [input.before, input.to].filter((t): t is string => t !== undefined).sort()[0];
  const after: Key | null = input.cursor ? decode(input.cursor) : end !== undefined ? [end, -1, 0] : null;
  // A cursor from before the range was narrowed still honours its end.
  const bounded: Key | null = after && input.to !== undefined && after[0] > input.to ? [input.to, -1, 0] : after;
  const n = input.limit + 1;
  const candidates: Candidate[] = [];
  let horizon: Key | null = null;

  for (const kind of kinds) {
    let rows: Row[];
    if (kind === 'conversation' && agent) {
      const found = agentConversations(ws, agent.name, bounded, input.from, n, input.scanBudgetMs ?? AGENT_SCAN_BUDGET_MS);
      rows = found.rows;
      horizon = found.horizon;
    } else {
      const q = buildActivityQuery(kind, { after: bounded, from: input.from, agentId: agent?.id, limit: n });
      rows = ws.query<Row>(q.sql, q.params);
    }
    for (const row of rows) candidates.push({ key: [row.at, RANK[kind], row.pk], kind, row });
  }

  candidates.sort((a, b) => compareDesc(a.key, b.key));
  // Past the scanned window of conversations there may be ones not looked at yet: stop there.
  const limitTo = horizon;
  const inWindow = limitTo ? candidates.filter((c) => compareDesc(c.key, limitTo) <= 0) : candidates;
  const page = inWindow.slice(0, input.limit);
  let next: Key | null = null;
  if (inWindow.length > input.limit) next = page[page.length - 1]?.key ?? null;
  else if (limitTo) next = limitTo;

  const items: ActivityItem[] = page.map((c) => ({
    contact: { id: c.row.contact_id, name: c.row.contact_name, firstName: c.row.contact_first_name },
    item: toEntry(c.kind, c.row),
  }));
  return { items, nextCursor: next ? encodeActivityCursor(next) : null, scannedTo: limitTo && next === limitTo ? limitTo[0] : null };
}

/**
 * Who the feed can be filtered by: this agent first, then note authors, people who changed
 * fields, and follow-up assignees. Each (who, time) index is walked one distinct value at a
 * time (a skip scan), never read whole.
 */
export function activityAgents(ws: Workspace): Person[] {
  const people = new Map<string, string>([[ws.agent.id, ws.agent.name]]);
  const sources: [table: string, idColumn: string, nameColumn: string][] = [
    ['notes', 'author_id', 'author_name'],
    ['field_changes', 'actor_id', 'actor_name'],
    ['follow_ups', 'assignee_id', 'assignee_name'],
  ];
  for (const [table, idColumn, nameColumn] of sources) {
    const rows = ws
      .stmt<[], { id: string; name: string | null }>(
        `WITH RECURSIVE who(id) AS (
           SELECT min(${idColumn}) FROM ${table} WHERE ${idColumn} IS NOT NULL
           UNION ALL
           SELECT (SELECT min(${idColumn}) FROM ${table} WHERE ${idColumn} > who.id) FROM who WHERE who.id IS NOT NULL LIMIT 500
         )
         SELECT id, (SELECT ${nameColumn} FROM ${table} WHERE ${idColumn} = who.id AND ${nameColumn} IS NOT NULL LIMIT 1) AS name FROM who WHERE id IS NOT NULL`,
      )
      .all();
    for (const row of rows) if (row.name && !people.has(row.id)) people.set(row.id, row.name);
  }
  const [me, ...others] = [...people].map(([id, name]) => ({ id, name }));
  others.sort((a, b) => a.name.localeCompare(b.name));
  return me ? [me, ...others] : others;
}
