/**
 * Every page of the Activity feed reads each kind through an index on its time (or on who
 * and time, with an agent filter), newest first, stopping after a page: never a scan of the
 * table, never a sort of it. The planner is given statistics as ANALYZE writes them for a
 * million contacts (≈1.2 M conversations, 2.6 M events), so it decides as on a real workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS, type ActivityKind } from '../preload/contract.js';
import { AGENT_SCAN_WINDOW, buildActivityQuery } from '../core/services/activity.js';
import { contact, conversation, event, load, note, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;

beforeAll(() => {
  ws = openTestWorkspace();
  load(ws, {
    contacts: Array.from({ length: 20 }, (_, i) => contact({ id: `p${i}` })),
    conversations: Array.from({ length: 20 }, (_, i) => conversation(`p${i}`, `cv${i}`, `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`)),
    events: Array.from({ length: 20 }, (_, i) => event(`p${i}`, `ev${i}`, `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`)),
    notes: Array.from({ length: 20 }, (_, i) => note(`p${i}`, `nt${i}`, 'x', `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`)),
  });
  ws.db.exec('ANALYZE');
  const stats: [table: string, index: string, stat: string][] = [
    ['contacts', 'contacts_by_id', '1000000 1'],
    ['conversations', 'conversations_by_id', '1200000 1'],
    ['conversations', 'conversations_by_contact', '1200000 2 1'],
    ['conversations', 'conversations_by_time', '1200000 1'],
    ['events', 'events_by_id', '2600000 1'],
    ['events', 'events_by_contact', '2600000 3 1'],
    ['events', 'events_by_time', '2600000 1'],
    ['notes', 'notes_by_id', '160000 1'],
    ['notes', 'notes_by_contact', '160000 2 1'],
    ['notes', 'notes_by_time', '160000 1'],
    ['notes', 'notes_by_author', '160000 8000 1'],
    ['field_changes', 'field_changes_by_contact', '200000 2 1'],
    ['field_changes', 'field_changes_by_time', '200000 1'],
    ['field_changes', 'field_changes_by_actor', '200000 10000 1'],
    ['follow_ups', 'follow_ups_by_id', '50000 1'],
    ['follow_ups', 'follow_ups_by_contact', '50000 2 1'],
    ['follow_ups', 'follow_ups_by_created', '50000 1'],
    ['follow_ups', 'follow_ups_by_assignee', '50000 2500 1'],
    ['follow_ups', 'follow_ups_open_by_due', '40000 1'],
  ];
  // Samples of these 20 rows (stat4) would mislead the planner about a million.
  ws.db.exec('DELETE FROM sqlite_stat1; DELETE FROM sqlite_stat4');
  const put = ws.db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  for (const row of stats) put.run(...row);
  ws.db.exec('ANALYZE sqlite_schema');
});
afterAll(() => ws.cleanup());

function plan(kind: ActivityKind, opts: Parameters<typeof buildActivityQuery>[1]): string {
  const q = buildActivityQuery(kind, opts);
  const rows = ws.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

const TIME_INDEX: Record<ActivityKind, string> = {
  conversation: 'conversations_by_time',
  event: 'events_by_time',
  note: 'notes_by_time',
  field_change: 'field_changes_by_time',
  follow_up: 'follow_ups_by_created',
};
const WHO_INDEX: Partial<Record<ActivityKind, string>> = { note: 'notes_by_author', field_change: 'field_changes_by_actor', follow_up: 'follow_ups_by_assignee' };

const CURSOR: [string, number, number] = ['2026-01-10T00:00:00.000Z', 2, 5000];

function expectWalksIndex(detail: string, index: string, seek: boolean) {
  expect(detail).toMatch(new RegExp(`(SCAN|SEARCH) x USING (COVERING )?INDEX ${index}\\b`));
  if (seek) expect(detail).toMatch(new RegExp(`SEARCH x USING (COVERING )?INDEX ${index} \\(`));
  expect(detail).not.toContain('TEMP B-TREE');
  expect(detail).not.toMatch(/SCAN x$/m);
  // The contact's name is one lookup by id per row.
  if (detail.includes(' c ')) expect(detail).toMatch(/SEARCH c USING INDEX contacts_by_id \(id=\?\)/);
}

describe('query plans of the activity feed', () => {
  for (const kind of ACTIVITY_KINDS) {
    it(`${kind}: the first page, a next page and a date range walk ${TIME_INDEX[kind]} without sorting`, () => {
      expectWalksIndex(plan(kind, { after: null, limit: 31 }), TIME_INDEX[kind], false);
      expectWalksIndex(plan(kind, { after: CURSOR, limit: 31 }), TIME_INDEX[kind], true);
      expectWalksIndex(plan(kind, { after: CURSOR, from: '2025-01-01T00:00:00.000Z', limit: 31 }), TIME_INDEX[kind], true);
      expectWalksIndex(plan(kind, { after: null, from: '2025-01-01T00:00:00.000Z', limit: 31 }), TIME_INDEX[kind], true);
    });
    const who = WHO_INDEX[kind];
    if (who) {
      it(`${kind}: filtered by agent walks ${who} (who, time) without sorting`, () => {
        expectWalksIndex(plan(kind, { after: null, agentId: 'a1', limit: 31 }), who, true);
        expectWalksIndex(plan(kind, { after: CURSOR, agentId: 'a1', limit: 31 }), who, true);
        expectWalksIndex(plan(kind, { after: CURSOR, agentId: 'a1', from: '2025-01-01T00:00:00.000Z', limit: 31 }), who, true);
      });
    }
  }

  it("the agent's window of conversations is read by time alone (keys only)", () => {
    expectWalksIndex(plan('conversation', { after: CURSOR, limit: AGENT_SCAN_WINDOW, keysOnly: true }), 'conversations_by_time', true);
  });
});
