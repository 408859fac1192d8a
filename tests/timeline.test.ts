import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../preload/contract.js';
import { timelinePage, getConversation } from '../core/services/timeline.js';
import { createNote, deleteNote, undoDeleteNote, updateNote } from '../core/services/notes.js';
import { updateContact, listContacts } from '../core/services/contacts.js';
import { contact, conversation, event, load, note, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
beforeEach(() => {
  ws = openTestWorkspace();
});
afterEach(() => ws.cleanup());

function all(contactId: string, limit: number, kinds?: TimelineItem['kind'][]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const page = timelinePage(ws, { contactId, cursor, limit, kinds });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

describe('timeline', () => {
  it('merges conversations, events, notes and field changes newest first, paging without gaps or repeats', () => {
    const sameInstant = '2026-03-01T10:00:00.000Z';
    load(ws, {
      contacts: [contact({ id: 'p' })],
      conversations: [
        conversation('p', 'conv-1', '2026-01-05T09:00:00.000Z', [
          { role: 'user', text: 'Where is my order?' },
          { role: 'bot', text: 'Let me check.' },
          { role: 'agent', text: 'It ships today.' },
        ]),
        conversation('p', 'conv-2', sameInstant),
      ],
      events: [
        ...Array.from({ length: 12 }, (_, i) => event('p', `ev-${String(i).padStart(2, '0')}`, sameInstant)),
        event('p', 'ev-old', '2025-12-01T00:00:00.000Z', 'purchase'),
        event('other', 'ev-other', '2026-02-01T00:00:00.000Z'),
      ],
      notes: [note('p', 'n-1', 'Called, wants a refund', sameInstant)],
    });
    updateContact(ws, 'p', { city: 'Lisbon' });

    const items = all('p', 4);
    expect(items).toHaveLength(2 + 13 + 1 + 1);
    expect(new Set(items.map((i) => `${i.kind}:${i.id}`)).size).toBe(items.length);
    const times = items.map((i) => i.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(items[0]?.kind).toBe('field_change');
    expect(items.at(-1)?.id).toBe('ev-old');
    expect(items.some((i) => i.id === 'ev-other')).toBe(false);
    // One big page gives the same sequence as small pages.
    expect(timelinePage(ws, { contactId: 'p', limit: 100 }).items.map((i) => i.id)).toEqual(items.map((i) => i.id));

    const conv = items.find((i) => i.id === 'conv-1');
    expect(conv?.kind === 'conversation' && conv.preview.map((m) => m.text)).toEqual(['Where is my order?', 'Let me check.']);
    expect(getConversation(ws, 'conv-1').messages).toHaveLength(3);
  });

  it('filters by kind', () => {
    load(ws, { contacts: [contact({ id: 'k' })], events: [event('k', 'e1', '2026-01-01T00:00:00.000Z')], notes: [note('k', 'n1', 'x', '2026-01-02T00:00:00.000Z')] });
    expect(all('k', 10, ['note']).map((i) => i.id)).toEqual(['n1']);
  });

  it('answers not_found for a contact that does not exist', () => {
    expect(() => timelinePage(ws, { contactId: 'ghost', limit: 5 })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('notes', () => {
  it('creates, edits, pins and deletes, each with its outbox mutation, and keeps search in step', () => {
    load(ws, { contacts: [contact({ id: 'nc' })] });
    const created = createNote(ws, 'nc', 'Prefers **WhatsApp**, speaks Portuguese');
    expect(created.authorName).toBe(ws.agent.name);
    const search = (text: string) => listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: text }, limit: 10 }).rows.map((r) => r.id);
    expect(search('portug')).toEqual(['nc']);

    const edited = updateNote(ws, created.id, { body: 'Speaks Italian', pinned: true });
    expect(edited).toMatchObject({ body: 'Speaks Italian', pinned: true });
    expect(search('portug')).toEqual([]);
    expect(search('italian')).toEqual(['nc']);

    deleteNote(ws, created.id);
    expect(search('italian')).toEqual([]);
    expect(ws.db.prepare("SELECT op FROM outbox WHERE entity = 'note' ORDER BY seq").pluck().all()).toEqual(['create', 'update', 'delete']);
    expect(() => updateNote(ws, created.id, { body: 'x' })).toThrow(expect.objectContaining({ code: 'not_found' }));

    // Undone within the window: the note, its search text and no delete in the outbox.
    const restored = undoDeleteNote(ws, created.id);
    expect(restored).toMatchObject({ id: created.id, body: 'Speaks Italian', pinned: true, authorName: ws.agent.name });
    expect(search('italian')).toEqual(['nc']);
    expect(ws.db.prepare("SELECT op FROM outbox WHERE entity = 'note' ORDER BY seq").pluck().all()).toEqual(['create', 'update']);
    expect(() => undoDeleteNote(ws, created.id)).toThrow(/already been sent/);
  });

  it('refuses a note on a contact that does not exist and writes nothing', () => {
    expect(() => createNote(ws, 'ghost', 'hello')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(ws.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });
});
