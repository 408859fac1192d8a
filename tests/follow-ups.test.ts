/** Follow-ups in the core: each change is one transaction with its outbox mutation and audit entry. */
import { afterEach, describe, expect, it } from 'vitest';
import { createFollowUp, deleteFollowUp, followUpAssignees, listFollowUps, updateFollowUp } from '../core/services/follow-ups.js';
import { getContact } from '../core/services/contacts.js';
import { contact, load, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

function outbox() {
  return (ws.db.prepare("SELECT op, entity_id, base_version, payload FROM outbox WHERE entity = 'follow_up' ORDER BY seq").all() as { op: string; entity_id: string; base_version: number | null; payload: string }[]).map(
    (r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }),
  );
}

describe('follow-ups', () => {
  it('creates one for this agent and queues the spec create with every field', () => {
    ws = openTestWorkspace();
    load(ws, { contacts: [contact({ id: 'c1', first_name: 'Ada', last_name: 'Lovelace' })] });
    const created = createFollowUp(ws, { contactId: 'c1', title: 'Send the offer', dueAt: '2027-01-05T10:00:00.000Z' });
    expect(created).toMatchObject({ contactId: 'c1', contactName: 'Ada Lovelace', title: 'Send the offer', doneAt: null, assignee: ws.agent, pending: true });
    const [queued] = outbox();
    expect(queued).toMatchObject({ op: 'create', entity_id: created.id, base_version: null });
    expect(queued!.payload['fields']).toMatchObject({ contact_id: 'c1', title: 'Send the offer', due_at: '2027-01-05T10:00:00.000Z', assignee: ws.agent, done_at: null });
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'follow_up.create'").pluck().get()).toBe(1);
    expect(getContact(ws, 'c1').nextFollowUp?.id).toBe(created.id);
  });

  it('refuses a follow-up on a contact that is not here, and writes nothing', () => {
    ws = openTestWorkspace();
    expect(() => createFollowUp(ws, { contactId: 'nobody', title: 'x', dueAt: '2027-01-05T10:00:00.000Z' })).toThrow(/does not exist/);
    expect(ws.db.prepare('SELECT count(*) FROM follow_ups').pluck().get()).toBe(0);
    expect(outbox()).toEqual([]);
  });

  it('snoozes, completes and reopens with the changed fields and their old values, and lists open ones by due time', () => {
    ws = openTestWorkspace();
    load(ws, { contacts: [contact({ id: 'c1' }), contact({ id: 'c2' })] });
    const later = createFollowUp(ws, { contactId: 'c1', title: 'Later', dueAt: '2027-02-01T10:00:00.000Z' });
    const sooner = createFollowUp(ws, { contactId: 'c2', title: 'Sooner', dueAt: '2027-01-01T10:00:00.000Z' });
    const someoneElse = createFollowUp(ws, { contactId: 'c2', title: 'Not mine', dueAt: '2026-12-01T10:00:00.000Z', assignee: { id: 'agent-2', name: 'Bo' } });
    expect(listFollowUps(ws, { assignee: 'me', includeDone: false, limit: 10 }).map((f) => f.title)).toEqual(['Sooner', 'Later']);
    expect(listFollowUps(ws, { assignee: 'anyone', includeDone: false, limit: 10 }).map((f) => f.title)).toEqual(['Not mine', 'Sooner', 'Later']);
    expect(followUpAssignees(ws)).toEqual([ws.agent, { id: 'agent-2', name: 'Bo' }]);

    updateFollowUp(ws, sooner.id, { dueAt: '2027-03-01T10:00:00.000Z' });
    const done = updateFollowUp(ws, later.id, { done: true });
    expect(done.doneAt).not.toBeNull();
    expect(listFollowUps(ws, { assignee: 'me', includeDone: false, limit: 10 }).map((f) => f.title)).toEqual(['Sooner']);
    expect(listFollowUps(ws, { contactId: 'c1', assignee: 'anyone', includeDone: true, limit: 10 }).map((f) => f.title)).toEqual(['Later']);
    const reopened = updateFollowUp(ws, later.id, { done: false });
    expect(reopened.doneAt).toBeNull();

    const updates = outbox().filter((m) => m.op === 'update');
    expect(updates.map((m) => m.payload)).toEqual([
      { fields: { due_at: '2027-03-01T10:00:00.000Z' }, base: { due_at: '2027-01-01T10:00:00.000Z' } },
      { fields: { done_at: done.doneAt }, base: { done_at: null } },
      { fields: { done_at: null }, base: { done_at: done.doneAt } },
    ]);
    // Nothing changed: nothing queued.
    updateFollowUp(ws, someoneElse.id, { title: 'Not mine' });
    expect(outbox().filter((m) => m.op === 'update')).toHaveLength(3);
  });

  it('deletes and queues the delete; the contact header then shows the next one', () => {
    ws = openTestWorkspace();
    load(ws, { contacts: [contact({ id: 'c1' })] });
    const first = createFollowUp(ws, { contactId: 'c1', title: 'First', dueAt: '2027-01-01T10:00:00.000Z' });
    const second = createFollowUp(ws, { contactId: 'c1', title: 'Second', dueAt: '2027-01-02T10:00:00.000Z' });
    deleteFollowUp(ws, first.id);
    expect(outbox().at(-1)).toMatchObject({ op: 'delete', entity_id: first.id });
    expect(getContact(ws, 'c1').nextFollowUp?.id).toBe(second.id);
    expect(() => deleteFollowUp(ws, first.id)).toThrow(/does not exist/);
  });
});
