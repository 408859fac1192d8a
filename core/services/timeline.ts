/**
 * One contact's timeline: conversations, events, notes, field changes, merges and consent
 * statements merged by time,
 * newest first, in pages. Each source is read through its (contact_id, time) index up to the
 * page size, then the sources are merged; the cursor is the last item's (time, kind, id).
 */
import { TIMELINE_KINDS, type Conversation, type Message, type TimelineItem, type TimelineKind } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { toNote } from './notes.js';
import { parseJsonObject, parseJsonValue } from './json.js';
import type { Workspace } from './workspace.js';

/** Ties at the same instant are ordered by kind, then id, so pages never overlap. */
const KIND_RANK: Record<TimelineKind, number> = { conversation: 0, event: 1, note: 2, field_change: 3, merge: 4, consent: 5 };
const PREVIEW_MESSAGES = 2;
const PREVIEW_CHARS = 280;

type Key = [at: string, rank: number, id: string];

function compareDesc(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1;
  if (a[1] !== b[1]) return b[1] - a[1];
  return a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0;
}

function decode(cursor: string): Key {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number' && typeof value[2] === 'string') {
      return [value[0], value[1], value[2]];
    }
  } catch {
    // fall through
  }
  throw new CoreError('bad_request', 'This timeline position is no longer valid; reopen the contact.', ['cursor']);
}

function keyOf(item: TimelineItem): Key {
  return [item.at, KIND_RANK[item.kind], item.id];
}

/** The first messages of a transcript (shortened), as a JSON array for `parseMessages`. */
export function previewColumn(messages: string): string {
  return `(SELECT json_group_array(json_object('id', json_extract(value, '$.id'), 'role', json_extract(value, '$.role'),
      'author_name', json_extract(value, '$.author_name'), 'text', substr(json_extract(value, '$.text'), 1, ${PREVIEW_CHARS}),
      'sent_at', json_extract(value, '$.sent_at')))
    FROM json_each(${messages}) WHERE CAST(key AS INTEGER) < ${PREVIEW_MESSAGES})`;
}

export function parseMessages(text: string): Message[] {
  try {
    const raw = JSON.parse(text) as { id: string; role: Message['role']; author_name?: string | null; text: string; sent_at: string }[];
    return raw.map((m) => ({ id: m.id, role: m.role, authorName: m.author_name ?? null, text: m.text, sentAt: m.sent_at }));
  } catch {
    return [];
  }
}

export interface TimelineInput {
  contactId: string;
  kinds?: TimelineKind[] | undefined;
  cursor?: string | null | undefined;
  /** Where a jump to a date starts: strictly before this instant (rank -1 sorts after every kind). */
  before?: string | undefined;
  limit: number;
}

export function timelinePage(ws: Workspace, input: TimelineInput): { items: TimelineItem[]; nextCursor: string | null } {
  const kinds = new Set<TimelineKind>(input.kinds ?? TIMELINE_KINDS);
  const after: Key | null = input.cursor ? decode(input.cursor) : input.before ? [input.before, -1, ''] : null;
  const n = input.limit + 1;
  const id = input.contactId;
  const items: TimelineItem[] = [];
  // Each source reads limit+1 items strictly after the cursor in (time, kind, id) order:
  // at the cursor's instant, a kind ranked below the cursor's comes after it entirely, a
  // kind ranked above does not at all, and the same kind continues by id.
  const bounds = (kind: TimelineKind): [string, string, string] => {
    if (!after) return ['\uffff', '', ''];
    const rank = KIND_RANK[kind];
    const idBound = rank < after[1] ? '\uffff' : rank > after[1] ? '' : after[2];
    return [after[0], after[0], idBound];
  };

  if (kinds.has('conversation')) {
    const rows = ws
      .stmt<[string, string, string, string, number], { id: string; started_at: string; channel: string; status: 'open' | 'resolved' | 'abandoned'; summary: string | null; rating: number | null; message_count: number; preview: string }>(
        `SELECT id, started_at, channel, status, summary, rating, message_count, ${previewColumn('messages')} AS preview
         FROM conversations WHERE contact_id = ? AND (started_at < ? OR (started_at = ? AND id < ?))
         ORDER BY started_at DESC, id DESC LIMIT ?`,
      )
      .all(id, ...bounds('conversation'), n);
    for (const r of rows) {
      items.push({ kind: 'conversation', id: r.id, at: r.started_at, channel: r.channel, status: r.status, summary: r.summary, rating: r.rating, messageCount: r.message_count, preview: parseMessages(r.preview) });
    }
  }
  if (kinds.has('event')) {
    const rows = ws
      .stmt<[string, string, string, string, number], { id: string; occurred_at: string; type: string; properties: string }>(
        `SELECT id, occurred_at, type, properties FROM events WHERE contact_id = ? AND (occurred_at < ? OR (occurred_at = ? AND id < ?))
         ORDER BY occurred_at DESC, id DESC LIMIT ?`,
      )
      .all(id, ...bounds('event'), n);
    for (const r of rows) items.push({ kind: 'event', id: r.id, at: r.occurred_at, type: r.type, properties: parseJsonObject(r.properties) });
  }
  if (kinds.has('note')) {
    const rows = ws
      .stmt<[string, string, string, string, number], Parameters<typeof toNote>[0]>(
        'SELECT * FROM notes WHERE contact_id = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?',
      )
      .all(id, ...bounds('note'), n);
    for (const r of rows) items.push({ kind: 'note', id: r.id, at: r.created_at, note: toNote(r) });
  }
  if (kinds.has('field_change')) {
    const rows = ws
      .stmt<[string, string, string, string, number], { pk: number; at: string; field: string; old_value: string | null; new_value: string | null; actor_name: string | null; origin: 'local' | 'sync' }>(
        `SELECT pk, at, field, old_value, new_value, actor_name, origin FROM field_changes
         WHERE contact_id = ? AND (at < ? OR (at = ? AND printf('fc-%012d', pk) < ?)) ORDER BY at DESC, pk DESC LIMIT ?`,
      )
      .all(id, ...bounds('field_change'), n);
    for (const r of rows) {
      items.push({
        kind: 'field_change',
        id: `fc-${String(r.pk).padStart(12, '0')}`,
        at: r.at,
        field: r.field,
        oldValue: parseJsonValue(r.old_value),
        newValue: parseJsonValue(r.new_value),
        actorName: r.actor_name,
        origin: r.origin,
      });
    }
  }

  if (kinds.has('merge')) items.push(...mergeItems(ws, id, bounds('merge'), n));
  if (kinds.has('consent')) items.push(...consentItems(ws, id, after ? bounds('consent') : null, n));

  if (items.length === 0 && !input.cursor && !ws.stmt<[string], { n: number }>('SELECT 1 AS n FROM contacts WHERE id = ?').get(id)) {
    throw notFound('Contact', id);
  }
  const page = items
    .sort((a, b) => compareDesc(keyOf(a), keyOf(b)))
    .slice(0, input.limit + 1);
  const hasMore = page.length > input.limit;
  const visible = page.slice(0, input.limit);
  const last = visible[visible.length - 1];
  return { items: visible, nextCursor: hasMore && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null };
}

/** Contacts merged into this one (core/services/merge.ts); the id is the merge's. */
function mergeItems(ws: Workspace, contactId: string, [before, at, idBound]: [string, string, string], n: number): TimelineItem[] {
  return ws
    .stmt<[string, string, string, string, number], { id: string; merged_at: string; merged_names: string; actor_name: string | null; origin: 'local' | 'sync'; undoable: number }>(
      `SELECT id, merged_at, merged_names, actor_name, origin,
         (snapshot IS NOT NULL AND EXISTS (SELECT 1 FROM outbox o WHERE o.mutation_id = merges.mutation_id AND o.state = 'pending')) AS undoable
       FROM merges WHERE primary_id = ? AND (merged_at < ? OR (merged_at = ? AND id < ?)) ORDER BY merged_at DESC, id DESC LIMIT ?`,
    )
    .all(contactId, before, at, idBound, n)
    .map((r) => ({
      kind: 'merge' as const,
      id: r.id,
      at: r.merged_at,
      mergedNames: parseJsonValue(r.merged_names) as string[],
      actorName: r.actor_name,
      origin: r.origin,
      undoable: r.undoable === 1,
    }));
}

/**
 * A contact's consent statements. A person has a handful, so they are read whole and cut in
 * JS; the id is made of what identifies a statement (a pull rewrites the rows and their pks).
 */
function consentItems(ws: Workspace, contactId: string, bound: [string, string, string] | null, n: number): TimelineItem[] {
  const items = ws
    .stmt<[string], { purpose: string; status: 'granted' | 'denied' | 'withdrawn'; at: string; source: string | null; evidence: string | null; recorded_by: string | null }>(
      'SELECT purpose, status, at, source, evidence, recorded_by FROM consents WHERE contact_id = ?',
    )
    .all(contactId)
    .map((r) => ({
      kind: 'consent' as const,
      id: `consent:${r.purpose}:${r.status}:${r.at}`,
      at: r.at,
      purpose: r.purpose,
      status: r.status,
      source: r.source,
      evidence: r.evidence,
      recordedBy: r.recorded_by,
    }));
  const [before, at, idBound] = bound ?? ['\uffff', '', ''];
  return items
    .filter((item) => item.at < before || (item.at === at && item.id < idBound))
    .sort((a, b) => compareDesc(keyOf(a), keyOf(b)))
    .slice(0, n);
}

export function getConversation(ws: Workspace, id: string): Conversation {
  const row = ws
    .stmt<[string], { id: string; contact_id: string; channel: string; started_at: string; ended_at: string | null; status: Conversation['status']; summary: string | null; rating: number | null; message_count: number; messages: string; transcript_removed_at: string | null }>(
      'SELECT id, contact_id, channel, started_at, ended_at, status, summary, rating, message_count, messages, transcript_removed_at FROM conversations WHERE id = ?',
    )
    .get(id);
  if (!row) throw notFound('Conversation', id);
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    status: row.status,
    summary: row.summary,
    rating: row.rating,
    messageCount: row.message_count,
    messages: parseMessages(row.messages),
    transcriptRemovedAt: row.transcript_removed_at,
  };
}
