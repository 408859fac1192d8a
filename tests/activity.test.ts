import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityItem, ActivityKind } from '../preload/contract.js';
import { contract } from '../preload/contract.js';
import { AGENT_SCAN_WINDOW, activityAgents, activityPage, type ActivityInput } from '../core/services/activity.js';
import { timelinePage } from '../core/services/timeline.js';
import { updateContact } from '../core/services/contacts.js';
import { createFollowUp } from '../core/services/follow-ups.js';
import { SpecConversation } from '../core/spec/entities.js';
import { contact, conversation, event, load, note, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
beforeEach(() => {
  ws = openTestWorkspace();
});
afterEach(() => ws.cleanup());

const SAME = '2026-03-01T10:00:00.000Z';

function fieldChange(contactId: string, at: string, actor: { id: string; name: string } | null, field = 'city') {
  ws.db
    .prepare("INSERT INTO field_changes (contact_id, field, old_value, new_value, actor_id, actor_name, origin, at) VALUES (?, ?, '\"Porto\"', '\"Lisbon\"', ?, ?, 'local', ?)")
    .run(contactId, field, actor?.id ?? null, actor?.name ?? null, at);
}

function followUp(contactId: string, id: string, createdAt: string, assignee: { id: string; name: string }) {
  ws.db
    .prepare(
      `INSERT INTO follow_ups (id, version, contact_id, title, due_at, assignee_id, assignee_name, created_at, updated_at)
       VALUES (?, 1, ?, 'Call back about the refund', '2026-04-01T09:00:00.000Z', ?, ?, ?, ?)`,
    )
    .run(id, contactId, assignee.id, assignee.name, createdAt, createdAt);
}

function agentConversation(contactId: string, id: string, startedAt: string, agentName: string) {
  return SpecConversation.parse({
    id,
    version: 1,
    contact_id: contactId,
    channel: 'whatsapp',
    started_at: startedAt,
    status: 'resolved',
    summary: 'Refund agreed',
    messages: [
      { id: `${id}-1`, role: 'user', text: 'I want a refund', sent_at: startedAt, author_name: null },
      { id: `${id}-2`, role: 'agent', text: 'Done, refunded.', sent_at: startedAt, author_name: agentName },
    ],
  });
}

/** Every item of the feed with these filters, reading it `limit` at a time. */
function all(input: Omit<ActivityInput, 'cursor' | 'limit'>, limit: number): ActivityItem[] {
  const items: ActivityItem[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = activityPage(ws, { ...input, cursor, limit });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('the feed never ended');
}

const ids = (items: ActivityItem[]) => items.map((i) => `${i.item.kind}:${i.item.id}`);

/** Two contacts with every kind, several at one instant. */
function seedFeed() {
  load(ws, {
    contacts: [contact({ id: 'ana', first_name: 'Ana', last_name: 'Silva' }), contact({ id: 'bo', first_name: 'Bo', last_name: 'Berg' })],
    conversations: [
      conversation('ana', 'conv-old', '2026-01-05T09:00:00.000Z', [{ role: 'user', text: 'Hello?' }]),
      conversation('bo', 'conv-same', SAME, [{ role: 'user', text: 'Where is my order?' }]),
      agentConversation('bo', 'conv-agent', '2026-02-10T12:00:00.000Z', 'Sofia Marin'),
    ],
    events: [
      ...Array.from({ length: 5 }, (_, i) => event(i % 2 ? 'ana' : 'bo', `ev-same-${i}`, SAME)),
      event('ana', 'ev-new', '2026-03-02T08:00:00.000Z', 'purchase'),
      // A conversation's contact may arrive later than the conversation (spec).
      event('ghost', 'ev-ghost', '2026-02-20T00:00:00.000Z'),
    ],
    notes: [note('ana', 'n-same', 'Wants a refund', SAME), note('bo', 'n-old', 'VIP', '2025-12-24T18:00:00.000Z')],
  });
  fieldChange('ana', SAME, { id: 'a2', name: 'Sofia Marin' });
  fieldChange('bo', '2026-02-01T00:00:00.000Z', null);
  followUp('ana', 'fu-1', SAME, { id: 'a2', name: 'Sofia Marin' });
  followUp('bo', 'fu-2', '2026-01-20T00:00:00.000Z', { id: 'a1', name: 'Agent Smith' });
}

describe('activity feed', () => {
  it('merges every kind across contacts newest first; at one instant by kind, then newest row first', () => {
    seedFeed();
    const items = all({}, 100);
    expect(items).toHaveLength(3 + 7 + 2 + 2 + 2);
    const times = items.map((i) => i.item.at);
    expect(times).toEqual([...times].sort().reverse());
    // Ties: the higher-ranked kind first (as on a contact's timeline), then the newest row.
    const change = items.find((i) => i.item.kind === 'field_change' && i.item.at === SAME)?.item.id;
    expect(ids(items.filter((i) => i.item.at === SAME))).toEqual([
      'follow_up:fu-1',
      `field_change:${change}`,
      'note:n-same',
      ...[4, 3, 2, 1, 0].map((i) => `event:ev-same-${i}`),
      'conversation:conv-same',
    ]);
    expect(items[0]?.item.id).toBe('ev-new');
    expect(items.at(-1)?.item.id).toBe('n-old');
  });

  it('pages of any size read the same sequence without gaps or repeats, also through ties across kinds', () => {
    seedFeed();
    const whole = ids(all({}, 100));
    for (const limit of [1, 2, 3, 7]) {
      const paged = ids(all({}, limit));
      expect(paged, `limit ${limit}`).toEqual(whole);
    }
  });

  it("names each item's contact, and says when the contact is not here yet", () => {
    seedFeed();
    const items = all({}, 100);
    const purchase = items.find((i) => i.item.id === 'ev-new');
    expect(purchase?.contact).toEqual({ id: 'ana', name: 'Ana Silva', firstName: 'Ana' });
    expect(items.find((i) => i.item.id === 'ev-ghost')?.contact).toEqual({ id: 'ghost', name: null, firstName: null });
    const conv = items.find((i) => i.item.id === 'conv-same')?.item;
    expect(conv?.kind === 'conversation' && conv.preview.map((m) => m.text)).toEqual(['Where is my order?']);
    const followUpItem = items.find((i) => i.item.id === 'fu-2')?.item;
    expect(followUpItem).toMatchObject({ kind: 'follow_up', title: 'Call back about the refund', assignee: { id: 'a1', name: 'Agent Smith' }, doneAt: null });
  });

  it('filters by kind', () => {
    seedFeed();
    for (const kinds of [['note'], ['event', 'follow_up'], ['field_change'], ['conversation']] as ActivityKind[][]) {
      const items = all({ kinds }, 2);
      expect(items.length, kinds.join()).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.item.kind))).toEqual(new Set(kinds));
    }
    expect(all({ kinds: ['event'] }, 3)).toHaveLength(7);
  });

  it('filters by agent: their notes, changes and follow-ups, and conversations they answered; no visitor events', () => {
    seedFeed();
    const sofia = all({ agent: { id: 'a2', name: 'Sofia Marin' } }, 2);
    expect(ids(sofia)).toEqual(['follow_up:fu-1', `field_change:${sofia[1]?.item.id}`, 'conversation:conv-agent']);
    expect(sofia[1]?.item.kind).toBe('field_change');
    const smith = ids(all({ agent: { id: 'a1', name: 'Agent Smith' } }, 2));
    expect(smith).toEqual(['note:n-same', 'follow_up:fu-2', 'note:n-old']);
    expect(all({ agent: { id: 'nobody', name: 'Nobody' } }, 5)).toEqual([]);
  });

  it('a local edit is found under the agent who made it', () => {
    load(ws, { contacts: [contact({ id: 'edit-me' })] });
    updateContact(ws, 'edit-me', { city: 'Lisbon' });
    const mine = all({ agent: { id: ws.agent.id, name: ws.agent.name } }, 10);
    expect(mine.map((i) => i.item.kind)).toEqual(['field_change']);
  });

  it('bounds by a date range (from inclusive, to exclusive) and jumps to a date inside it', () => {
    seedFeed();
    const range = { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' };
    const february = all(range, 2);
    expect(february.map((i) => i.item.id).slice(0, 2)).toEqual(['ev-ghost', 'conv-agent']);
    expect(february.map((i) => i.item.kind)).toEqual(['event', 'conversation', 'field_change']);
    // The end is exclusive, the start inclusive: the change at exactly 1 February is in.
    expect(february[2]?.item.at).toBe('2026-02-01T00:00:00.000Z');

    // Jumping to 15 February starts strictly before it, and the range still ends the feed.
    const jumped = all({ ...range, before: '2026-02-15T00:00:00.000Z' }, 1);
    expect(ids(jumped)).toEqual(ids(february.slice(1)));
    // A jump past the range's end starts at the end.
    expect(ids(all({ to: '2026-01-06T00:00:00.000Z', before: '2026-12-31T00:00:00.000Z' }, 10))).toEqual(['conversation:conv-old', 'note:n-old']);
    // Items exactly at `before` are newer than the jump: they are not on its pages.
    expect(all({ before: SAME }, 100).some((i) => i.item.at === SAME)).toBe(false);
  });

  it('filtering conversations by agent looks at a bounded window per page and goes on from where it stopped', () => {
    load(ws, {
      contacts: [contact({ id: 'many' })],
      conversations: [
        agentConversation('many', 'conv-answered', '2025-01-01T00:00:00.000Z', 'Sofia Marin'),
        ...Array.from({ length: AGENT_SCAN_WINDOW + 10 }, (_, i) =>
          conversation('many', `conv-${i}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), [{ role: 'user', text: 'hi' }]),
        ),
      ],
    });
    const agent = { id: 'a2', name: 'Sofia Marin' };
    // Together in one page when there is time; here one window a page, to see it go on.
    expect(ids(activityPage(ws, { agent, kinds: ['conversation'], limit: 30, scanBudgetMs: 1000 }).items)).toEqual(['conversation:conv-answered']);
    const first = activityPage(ws, { agent, kinds: ['conversation'], limit: 30, scanBudgetMs: 0 });
    // The newest window holds none of hers: an empty page that still says there is more.
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    // It says how far back it looked: the oldest conversation of the window.
    expect(first.scannedTo).toBe(new Date(Date.UTC(2026, 0, 1) + 10 * 60_000).toISOString());
    const second = activityPage(ws, { agent, kinds: ['conversation'], limit: 30, cursor: first.nextCursor, scanBudgetMs: 0 });
    expect(ids(second.items)).toEqual(['conversation:conv-answered']);
    expect(second.nextCursor).toBeNull();
    // A name that only appears in a user's message is not an agent's.
    load(ws, { conversations: [SpecConversation.parse({ ...agentConversation('many', 'conv-user', '2027-01-01T00:00:00.000Z', 'x'), messages: [{ id: 'u1', role: 'user', text: 'hi', sent_at: '2027-01-01T00:00:00.000Z', author_name: 'Sofia Marin' }] })] });
    expect(all({ agent, kinds: ['conversation'] }, 30).map((i) => i.item.id)).toEqual(['conv-answered']);
  });

  it('rejects a damaged cursor with a clear error on the cursor', () => {
    expect(() => activityPage(ws, { cursor: 'not-a-cursor', limit: 10 })).toThrow(expect.objectContaining({ code: 'bad_request', path: ['cursor'] }));
  });

  it('lists who the feed can be filtered by: this agent first, then everyone seen on notes, changes and follow-ups', () => {
    seedFeed();
    createFollowUp(ws, { contactId: 'bo', title: 'Send the invoice', dueAt: '2026-05-01T09:00:00.000Z', assignee: { id: 'a3', name: 'Ben Carter' } });
    expect(activityAgents(ws)).toEqual([
      { id: ws.agent.id, name: ws.agent.name },
      { id: 'a1', name: 'Agent Smith' },
      { id: 'a3', name: 'Ben Carter' },
      { id: 'a2', name: 'Sofia Marin' },
    ]);
  });

  it('validates its input at the boundary: kinds, times and limits', () => {
    const input = contract['activity.page'].input;
    expect(input.safeParse({ kinds: ['nonsense'] }).success).toBe(false);
    expect(input.safeParse({ kinds: [] }).success).toBe(false);
    expect(input.safeParse({ from: 'yesterday-ish' }).success).toBe(false);
    expect(input.safeParse({ limit: 1000 }).success).toBe(false);
    expect(input.parse({ before: '2026-02-15T00:00:00+01:00' })).toMatchObject({ before: '2026-02-14T23:00:00.000Z', limit: 30 });
  });
});

describe('timeline jump to a date', () => {
  it("starts a contact's timeline strictly before the date and pages on from there", () => {
    seedFeed();
    const page = timelinePage(ws, { contactId: 'ana', before: SAME, limit: 2 });
    expect(page.items.map((i) => i.id)).toEqual(['conv-old']);
    expect(page.nextCursor).toBeNull();
    const fromMarch = timelinePage(ws, { contactId: 'ana', before: '2026-03-02T00:00:00.000Z', limit: 3 });
    expect(fromMarch.items.map((i) => i.kind)).toEqual(['field_change', 'note', 'event']);
    expect(fromMarch.items.every((i) => i.at === SAME)).toBe(true);
    const rest = timelinePage(ws, { contactId: 'ana', before: '2026-03-02T00:00:00.000Z', cursor: fromMarch.nextCursor, limit: 10 });
    expect(rest.items.map((i) => i.kind)).toEqual(['event', 'conversation']);
  });
});

describe('timeline jump to a date of a contact that is not there', () => {
  it('says the contact was not found rather than showing an empty past', () => {
    expect(() => timelinePage(ws, { contactId: 'nobody', before: SAME, limit: 5 })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
