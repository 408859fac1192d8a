/**
 * The audit trail: every entry chained to the one before, so an edited, removed or inserted
 * entry is found; the viewer's filters and pages; the export with its hashes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { auditFacets, auditPage, checkAuditChain, exportAudit, verifyAuditChain } from '../core/services/audit.js';
import { setTag, updateContact } from '../core/services/contacts.js';
import { recordConsent } from '../core/services/consent.js';
import { contact, load, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

/** A workspace with a few audited changes by two agents. */
function audited(): void {
  ws = openTestWorkspace();
  load(ws, { contacts: [contact({ id: 'c1' }), contact({ id: 'c2' })] });
  updateContact(ws, 'c1', { city: 'Lisbon' });
  setTag(ws, 'c1', 'VIP', true);
  recordConsent(ws, { contactId: 'c2', purpose: 'marketing_email', status: 'granted', source: 'web', evidence: 'Form 12' });
  ws.audit.append({ id: 'agent-2', name: 'Bea' }, { action: 'settings.sync_interval', details: { seconds: 60 } });
  setTag(ws, 'c2', 'VIP', true);
}

describe('audit chain', () => {
  it('verifies an untouched log, and finds an edited entry, a removed one and an inserted one', () => {
    audited();
    const intact = checkAuditChain(ws);
    expect(intact).toMatchObject({ ok: true, entries: 5, brokenAt: null });
    expect(intact.head?.seq).toBe(5);

    // Someone rewrites what an entry says (a city change becomes a tag) without touching hashes.
    ws.db.prepare("UPDATE audit_log SET details = '{\"fields\":[\"tags\"]}' WHERE seq = 1").run();
    expect(verifyAuditChain(ws.db)).toMatchObject({ ok: false, brokenAt: 1 });
    ws.db.prepare("UPDATE audit_log SET details = '{\"fields\":[\"city\"]}' WHERE seq = 1").run();
    expect(verifyAuditChain(ws.db).ok).toBe(true);

    // Changing the actor of an entry breaks it too.
    ws.db.prepare("UPDATE audit_log SET actor_name = 'Someone else' WHERE seq = 4").run();
    expect(verifyAuditChain(ws.db)).toMatchObject({ ok: false, brokenAt: 4 });
    ws.db.prepare("UPDATE audit_log SET actor_name = 'Bea' WHERE seq = 4").run();

    // A removed entry: the next one's link points at a hash no longer there.
    const removed = ws.db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Record<string, unknown>;
    ws.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(verifyAuditChain(ws.db)).toMatchObject({ ok: false, brokenAt: 4 });
    ws.db.prepare('INSERT INTO audit_log VALUES (@seq, @at, @actor_id, @actor_name, @action, @entity, @entity_id, @details, @prev_hash, @hash)').run(removed);
    expect(verifyAuditChain(ws.db).ok).toBe(true);

    // Even a removal that renumbers and re-links the rest is found: the hashes cover seq and links.
    ws.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    ws.db.prepare('UPDATE audit_log SET seq = seq - 1 WHERE seq > 2').run();
    expect(verifyAuditChain(ws.db).ok).toBe(false);
  });

  it('keeps appending to the chain after a rolled-back change', () => {
    audited();
    expect(() =>
      ws.transaction(() => {
        ws.audit.append(ws.agent, { action: 'contact.update', entity: 'contact', entityId: 'c1' });
        throw new Error('the change failed');
      }),
    ).toThrow(/failed/);
    updateContact(ws, 'c2', { city: 'Porto' });
    expect(checkAuditChain(ws)).toMatchObject({ ok: true, entries: 6 });
  });
});

describe('audit viewer', () => {
  it('pages newest first and filters by action family, actor, record and time', () => {
    audited();
    const all = auditPage(ws, {}, undefined, 2);
    expect(all.entries.map((e) => e.seq)).toEqual([5, 4]);
    const next = auditPage(ws, {}, all.nextBefore ?? undefined, 10);
    expect(next.entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(next.nextBefore).toBeNull();

    expect(auditPage(ws, { actions: ['contact.*'] }, undefined, 10).entries.map((e) => e.action)).toEqual(['contact.tag_add', 'contact.tag_add', 'contact.update']);
    expect(auditPage(ws, { actions: ['consent.set', 'settings.*'] }, undefined, 10).entries.map((e) => e.action)).toEqual(['settings.sync_interval', 'consent.set']);
    expect(auditPage(ws, { actorId: 'agent-2' }, undefined, 10).entries).toEqual([expect.objectContaining({ seq: 4, actor: { id: 'agent-2', name: 'Bea' }, details: { seconds: 60 } })]);
    expect(auditPage(ws, { entityId: 'c2' }, undefined, 10).entries.map((e) => e.seq)).toEqual([5, 3]);
    // `_` in a family is a letter, not a wildcard.
    expect(auditPage(ws, { actions: ['contact.tag_*'] }, undefined, 10).entries).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(auditPage(ws, { from: future }, undefined, 10).entries).toHaveLength(0);
    expect(auditPage(ws, { to: future }, undefined, 10).entries).toHaveLength(5);

    const facets = auditFacets(ws);
    expect(facets.actions).toContainEqual({ action: 'contact.tag_add', count: 2 });
    expect(facets.actors.map((a) => a.name).sort()).toEqual(['Bea', ws.agent.name].sort());
  });

  it('exports matching entries oldest first with their hashes, and audits the export', () => {
    audited();
    const csv = exportAudit(ws, { actions: ['contact.*'] }, 'csv');
    expect(csv.entries).toBe(3);
    const lines = readFileSync(csv.path, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor_id,actor_name,action,entity,entity_id,details,prev_hash,hash');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '5']);
    const jsonl = exportAudit(ws, {}, 'jsonl');
    const entries = readFileSync(jsonl.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string; prevHash: string });
    // The first export is in the log now: 6 entries before the second export was written.
    expect(entries).toHaveLength(6);
    expect(entries[5]).toMatchObject({ seq: 6 });
    expect(jsonl.head).toEqual({ seq: 6, hash: entries[5]!.hash });
    expect(entries.every((e, i) => i === 0 || e.prevHash === entries[i - 1]!.hash)).toBe(true);
    expect(auditPage(ws, { actions: ['audit.export'] }, undefined, 10).entries.map((e) => e.details)).toEqual([
      { format: 'jsonl', entries: 6, filtered: false },
      { format: 'csv', entries: 3, filtered: true },
    ]);
    expect(checkAuditChain(ws).ok).toBe(true);
  });
});
