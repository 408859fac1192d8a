/**
 * Consent: configurable purposes, an append-only history per contact recorded with its agent,
 * sent as `consent_set` and kept (with who recorded it) when the service's copy comes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { consentHistory, consentPurposes, DEFAULT_CONSENT_PURPOSES, marketingPurposeKeys, recordConsent, saveConsentPurposes } from '../core/services/consent.js';
import { marketingBlocked } from '../preload/contract.js';
import { getContact, listContacts } from '../core/services/contacts.js';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { SyncEngine } from '../core/sync/engine.js';
import { contact, load, note, openTestWorkspace, tempDir } from './helpers.js';
import { timelinePage } from '../core/services/timeline.js';
import { startTestService, TOKEN } from './service/helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workspace(): ReturnType<typeof openTestWorkspace> {
  const ws = openTestWorkspace();
  cleanups.push(() => ws.cleanup());
  return ws;
}

const consentOutbox = (ws: Workspace) =>
  (ws.db.prepare("SELECT entity_id, payload FROM outbox WHERE op = 'consent_set' ORDER BY seq").all() as { entity_id: string; payload: string }[]).map((r) => ({
    id: r.entity_id,
    ...(JSON.parse(r.payload) as { consent: Record<string, unknown> }),
  }));

describe('consent purposes', () => {
  it('start with the four defaults and save edits, archiving instead of removing, audited', () => {
    const ws = workspace();
    expect(consentPurposes(ws).map((p) => p.key)).toEqual(['data_processing', 'marketing_email', 'marketing_sms', 'analytics']);
    expect(marketingPurposeKeys(ws)).toEqual(['marketing_email', 'marketing_sms']);

    const edited = [
      ...DEFAULT_CONSENT_PURPOSES.map((p) => (p.key === 'marketing_sms' ? { ...p, archived: true } : p)),
      { key: 'phone_calls', label: 'Sales calls', description: 'Calls about offers.', marketing: true, archived: false },
    ];
    expect(saveConsentPurposes(ws, edited).map((p) => p.key)).toContain('phone_calls');
    expect(marketingPurposeKeys(ws)).toEqual(['marketing_email', 'marketing_sms', 'phone_calls']);
    const audit = ws.db.prepare("SELECT details FROM audit_log WHERE action = 'settings.consent_purposes'").pluck().get() as string;
    expect(JSON.parse(audit)).toEqual({ added: ['phone_calls'], archived: ['marketing_sms'], restored: [], changed: [] });

    // Removing one that exists is refused (its history would point nowhere); nothing changes.
    expect(() => saveConsentPurposes(ws, edited.filter((p) => p.key !== 'analytics'))).toThrow(/only archived/);
    expect(() => saveConsentPurposes(ws, [...edited, { ...edited[0]!, label: 'Other' }])).toThrow(/used twice/);
    expect(() => saveConsentPurposes(ws, edited.map((p) => ({ ...p, archived: true })))).toThrow(/at least one/);
    expect(consentPurposes(ws)).toHaveLength(5);
  });
});

describe('recording consent', () => {
  it('appends to the history with the agent, queues consent_set and audits without personal data', () => {
    const ws = workspace();
    load(ws, { contacts: [contact({ id: 'c1', consents: [{ purpose: 'marketing_email', status: 'granted', at: '2026-01-01T00:00:00.000Z', source: 'web', evidence: 'form 7' }] })] });
    const detail = recordConsent(ws, { contactId: 'c1', purpose: 'marketing_email', status: 'withdrawn', source: 'phone call', evidence: 'Asked us to stop on the phone' });
    expect(detail.consentStatus['marketing_email']).toBe('withdrawn');

    const history = consentHistory(ws, 'c1');
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ purpose: 'marketing_email', status: 'withdrawn', source: 'phone call', evidence: 'Asked us to stop on the phone', recordedBy: ws.agent.name, pending: true });
    // The older entry is still there: the history is never rewritten.
    expect(history[1]).toMatchObject({ status: 'granted', evidence: 'form 7', recordedBy: null, pending: false });

    expect(consentOutbox(ws)).toEqual([
      { id: 'c1', consent: { purpose: 'marketing_email', status: 'withdrawn', at: history[0]!.at, source: 'phone call', evidence: 'Asked us to stop on the phone' } },
    ]);
    const audit = ws.db.prepare("SELECT entity_id, details FROM audit_log WHERE action = 'consent.set'").get() as { entity_id: string; details: string };
    expect(audit.entity_id).toBe('c1');
    expect(JSON.parse(audit.details)).toEqual({ purpose: 'marketing_email', status: 'withdrawn' });
    expect(audit.details).not.toMatch(/phone call|Asked/);
  });

  it('refuses unknown or archived purposes, future dates and missing contacts, writing nothing', () => {
    const ws = workspace();
    load(ws, { contacts: [contact({ id: 'c1' })] });
    saveConsentPurposes(ws, DEFAULT_CONSENT_PURPOSES.map((p) => (p.key === 'analytics' ? { ...p, archived: true } : p)));
    const base = { contactId: 'c1', status: 'granted' as const, source: 'email', evidence: 'Reply of 3 May' };
    expect(() => recordConsent(ws, { ...base, purpose: 'telepathy' })).toThrow(/not a consent purpose/);
    expect(() => recordConsent(ws, { ...base, purpose: 'analytics' })).toThrow(/archived/);
    expect(() => recordConsent(ws, { ...base, purpose: 'marketing_email', at: new Date(Date.now() + 86_400_000).toISOString() })).toThrow(/future/);
    expect(() => recordConsent(ws, { ...base, purpose: 'marketing_email', contactId: 'nobody' })).toThrow(/does not exist/);
    expect(ws.db.prepare('SELECT count(*) FROM consents').pluck().get()).toBe(0);
    expect(consentOutbox(ws)).toEqual([]);
    // A date in the past is kept as given (consent given on paper last year).
    recordConsent(ws, { ...base, purpose: 'marketing_email', at: '2025-03-01T09:00:00Z' });
    expect(consentHistory(ws, 'c1')[0]?.at).toBe('2025-03-01T09:00:00.000Z');
  });

  it('marks a contact "no marketing" when a marketing purpose is denied or withdrawn', () => {
    const keys = DEFAULT_CONSENT_PURPOSES;
    expect(marketingBlocked({ marketing_email: 'granted' }, keys)).toBe(false);
    expect(marketingBlocked({ marketing_email: 'granted', marketing_sms: 'withdrawn' }, keys)).toBe(true);
    expect(marketingBlocked({ analytics: 'denied' }, keys)).toBe(false);
    expect(marketingBlocked({ marketing_email: 'denied' }, keys)).toBe(true);
  });

  it('filters the list by the current consent after a change', () => {
    const ws = workspace();
    load(ws, { contacts: [contact({ id: 'c1' }), contact({ id: 'c2' })] });
    recordConsent(ws, { contactId: 'c2', purpose: 'marketing_sms', status: 'granted', source: 'sms', evidence: 'YES reply' });
    const withConsent = (status: string) =>
      listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { where: { match: 'all', items: [{ field: 'consent.marketing_sms', op: 'any_of', value: [status] }] } }, limit: 10 }).rows.map((r) => r.id);
    expect(withConsent('granted')).toEqual(['c2']);
    recordConsent(ws, { contactId: 'c2', purpose: 'marketing_sms', status: 'withdrawn', source: 'sms', evidence: 'STOP reply' });
    expect(withConsent('granted')).toEqual([]);
    expect(withConsent('withdrawn')).toEqual(['c2']);
  });
});

describe('consent on the timeline', () => {
  it('shows every statement with who recorded it, in time order with the rest, paged without gaps or repeats', () => {
    const ws = workspace();
    load(ws, {
      contacts: [contact({ id: 'c1', consents: [{ purpose: 'analytics', status: 'granted', at: '2026-01-01T00:00:00.000Z', source: 'cookie_banner', evidence: null }] })],
      notes: [note('c1', 'n1', 'Called about consent', '2026-02-01T00:00:00.000Z')],
    });
    recordConsent(ws, { contactId: 'c1', purpose: 'marketing_email', status: 'granted', source: 'web', evidence: 'Form', at: '2026-03-01T00:00:00.000Z' });
    recordConsent(ws, { contactId: 'c1', purpose: 'marketing_email', status: 'withdrawn', source: 'phone', evidence: 'Call', at: '2026-04-01T00:00:00.000Z' });

    const all = timelinePage(ws, { contactId: 'c1', limit: 10 }).items.map((i) => `${i.kind}@${i.at.slice(0, 7)}`);
    expect(all).toEqual(['consent@2026-04', 'consent@2026-03', 'note@2026-02', 'consent@2026-01']);

    const first = timelinePage(ws, { contactId: 'c1', kinds: ['consent'], limit: 2 });
    expect(first.items).toEqual([
      expect.objectContaining({ kind: 'consent', purpose: 'marketing_email', status: 'withdrawn', evidence: 'Call', recordedBy: ws.agent.name }),
      expect.objectContaining({ kind: 'consent', status: 'granted', at: '2026-03-01T00:00:00.000Z' }),
    ]);
    const second = timelinePage(ws, { contactId: 'c1', kinds: ['consent'], limit: 2, cursor: first.nextCursor });
    expect(second.items).toEqual([expect.objectContaining({ purpose: 'analytics', recordedBy: null, source: 'cookie_banner' })]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('consent through the service', () => {
  it('sends consent_set, and the service’s copy coming back keeps the history and who recorded it', async () => {
    const s = await startTestService({ seed: 20 });
    cleanups.push(() => s.cleanup());
    const dir = tempDir();
    const ws = openWorkspace({ databasePath: join(dir.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => {
      ws.db.close();
      dir.cleanup();
    });
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN });
    await engine.syncOnce();
    const id = ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 1').pluck().get() as string;
    const before = consentHistory(ws, id).length;
    recordConsent(ws, { contactId: id, purpose: 'analytics', status: 'denied', source: 'chat', evidence: 'Said no to tracking in chat' });
    const report = await engine.syncOnce();
    expect(report.converged).toBe(true);
    expect(ws.db.prepare("SELECT state FROM outbox WHERE op = 'consent_set'").pluck().get()).not.toBe('pending');

    const history = consentHistory(ws, id);
    expect(history).toHaveLength(before + 1);
    expect(history.find((e) => e.evidence === 'Said no to tracking in chat')).toMatchObject({ status: 'denied', recordedBy: ws.agent.name, pending: false });
    expect(getContact(ws, id).consentStatus['analytics']).toBe('denied');
    // The service holds it too (another agent's copy gets it).
    const { changes } = await s.pullAll();
    const served = changes.find((c) => c.entity === 'contact' && c.id === id)?.data as { consents: { status: string; evidence: string | null }[] };
    expect(served.consents).toContainEqual(expect.objectContaining({ status: 'denied', evidence: 'Said no to tracking in chat' }));
  });
});
