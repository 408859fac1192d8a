/**
 * Retention rules (core/services/retention.ts): validation and the preview gate, the
 * inactivity definition at its boundary, erase and anonymise (what goes, what stays, what is
 * queued for the service), transcript and event rules, batches, dry runs, audit, the
 * schedule's own rules, pulled copies, the CLI, and the whole loop against the reference service.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CoreError } from '../core/api/errors.js';
import { EntityWriter } from '../core/db/apply.js';
import { getContact, listContacts } from '../core/services/contacts.js';
import { getConversation } from '../core/services/timeline.js';
import { activityPage } from '../core/services/activity.js';
import { BulkJobs } from '../core/services/bulk.js';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import {
  applyRetentionToPulled,
  deleteRetentionRule,
  listRetentionRules,
  previewRetentionRule,
  RetentionSchedule,
  runRetention,
  saveRetentionRule,
  setRetentionRuleEnabled,
  type RuleInput,
  WINDOW_SQL,
} from '../core/services/retention.js';
import { recomputeChecksums, ChecksumAccumulator } from '../core/sync/checksum.js';
import { SyncEngine } from '../core/sync/engine.js';
import { runCli } from '../cli/cli.js';
import type { RetentionRule } from '../preload/contract.js';
import { contact, conversation, event, load, note, openTestWorkspace, tempDir } from './helpers.js';
import { startTestService, TOKEN } from './service/helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workspace(): Workspace {
  const ws = openTestWorkspace();
  cleanups.push(() => ws.cleanup());
  return ws;
}

const NOW = new Date('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY + extraMs).toISOString();
const count = (ws: Workspace, sql: string, ...params: unknown[]) => ws.db.prepare(sql).pluck().get(...params) as number;

async function ruleOn(ws: Workspace, input: Omit<RuleInput, 'action'> & { action?: RuleInput['action'] }): Promise<RetentionRule> {
  const rule = saveRetentionRule(ws, { action: null, ...input });
  await previewRetentionRule(ws, rule.id, NOW);
  return setRetentionRuleEnabled(ws, rule.id, true);
}

function errorPath(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return (error as CoreError).path;
  }
  return 'no error';
}

function outbox(ws: Workspace): { entity: string; op: string; entity_id: string; payload: Record<string, unknown> }[] {
  return (ws.db.prepare('SELECT entity, op, entity_id, payload FROM outbox ORDER BY seq').all() as { entity: string; op: string; entity_id: string; payload: string }[]).map((row) => ({
    ...row,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }));
}

describe('retention rules', () => {
  it('are validated with the field at fault, and turned on only after their preview', async () => {
    const ws = workspace();
    expect(errorPath(() => saveRetentionRule(ws, { kind: 'contacts_inactive', action: null, days: 30 }))).toEqual(['action']);
    expect(errorPath(() => saveRetentionRule(ws, { kind: 'events', action: 'erase', days: 30 }))).toEqual(['action']);
    expect(errorPath(() => saveRetentionRule(ws, { kind: 'events', action: null, days: 0 }))).toEqual(['days']);
    expect(errorPath(() => saveRetentionRule(ws, { kind: 'events', action: null, days: 3651 }))).toEqual(['days']);
    expect(errorPath(() => saveRetentionRule(ws, { kind: 'events', action: null, days: 1.5 }))).toEqual(['days']);

    const rule = saveRetentionRule(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 730 });
    expect(rule).toMatchObject({ enabled: false, previewedAt: null, days: 730, action: 'anonymise', createdBy: ws.agent.name });
    expect(errorPath(() => setRetentionRuleEnabled(ws, rule.id, true))).toEqual(['enabled']);
    await previewRetentionRule(ws, rule.id, NOW);
    expect(setRetentionRuleEnabled(ws, rule.id, true).enabled).toBe(true);

    // Other settings than those previewed: off again, and a new preview is needed.
    const changed = saveRetentionRule(ws, { id: rule.id, kind: 'contacts_inactive', action: 'erase', days: 730 });
    expect(changed).toMatchObject({ enabled: false, previewedAt: null, action: 'erase' });
    expect(errorPath(() => setRetentionRuleEnabled(ws, rule.id, true))).toEqual(['enabled']);
    // Saving the same settings again changes nothing.
    await previewRetentionRule(ws, rule.id, NOW);
    setRetentionRuleEnabled(ws, rule.id, true);
    expect(saveRetentionRule(ws, { id: rule.id, kind: 'contacts_inactive', action: 'erase', days: 730 }).enabled).toBe(true);

    // A preview from yesterday does not allow turning the rule on today.
    setRetentionRuleEnabled(ws, rule.id, false);
    ws.db.prepare('UPDATE retention_rules SET previewed_at = ? WHERE id = ?').run(new Date(Date.now() - DAY).toISOString(), rule.id);
    expect(errorPath(() => setRetentionRuleEnabled(ws, rule.id, true))).toEqual(['enabled']);

    deleteRetentionRule(ws, rule.id);
    expect(listRetentionRules(ws).rules).toEqual([]);
    expect(errorPath(() => deleteRetentionRule(ws, rule.id))).toEqual(['id']);
    const actions = ws.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'retention.%' ORDER BY seq").pluck().all();
    expect(actions).toEqual(['retention.rule_create', 'retention.rule_update', 'retention.rule_update', 'retention.rule_update', 'retention.rule_update', 'retention.rule_delete']);
  });

  it('count a contact as inactive only when every activity is strictly older than N days', async () => {
    const ws = workspace();
    const old = daysAgo(400);
    load(ws, {
      contacts: [
        contact({ id: 'at-cutoff', updated_at: daysAgo(100) }),
        contact({ id: 'second-older', updated_at: daysAgo(100, -1000) }),
        contact({ id: 'seen-lately', updated_at: old, last_seen_at: daysAgo(10) }),
        contact({ id: 'talked-lately', updated_at: old }),
        contact({ id: 'event-lately', updated_at: old }),
        contact({ id: 'note-lately', updated_at: old }),
        contact({ id: 'follow-up-open', updated_at: old }),
        contact({ id: 'talked-long-ago', updated_at: old }),
      ],
      conversations: [conversation('talked-lately', 'v1', daysAgo(99)), conversation('talked-long-ago', 'v2', daysAgo(101))],
      events: [event('event-lately', 'e1', daysAgo(50))],
      notes: [note('note-lately', 'n1', 'Called back', daysAgo(5))],
    });
    ws.db
      .prepare("INSERT INTO follow_ups (id, version, contact_id, title, due_at, created_at, updated_at) VALUES ('f1', 1, 'follow-up-open', 'Call', ?, ?, ?)")
      .run(old, old, old);
    const rule = saveRetentionRule(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 100 });
    const preview = await previewRetentionRule(ws, rule.id, NOW);
    expect(preview.cutoff).toBe(daysAgo(100));
    expect(preview.count).toBe(2);
    expect(preview.sample.map((s) => s.id)).toEqual(['talked-long-ago', 'second-older']);
    // The sample says when each was last active: here the conversation 101 days ago.
    expect(preview.sample[0]).toMatchObject({ at: daysAgo(101), contactName: expect.stringContaining('Test Person') });
  });

  it('erase: the contact and all of it leave this copy and the spec erase is queued', async () => {
    const ws = workspace();
    load(ws, {
      contacts: [contact({ id: 'gone', updated_at: daysAgo(500), email: 'gone@example.org' }), contact({ id: 'stays', updated_at: daysAgo(1) })],
      conversations: [conversation('gone', 'gone-v', daysAgo(600), [{ role: 'user', text: 'hello there' }])],
      events: [event('gone', 'gone-e', daysAgo(600))],
      notes: [note('gone', 'gone-n', 'A note', daysAgo(600))],
    });
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'erase', days: 365 });
    const run = await runRetention(ws, { origin: 'manual', now: NOW });
    expect(run.rules[0]).toMatchObject({ matched: 1, changed: 1, error: null });
    for (const table of ['contacts', 'conversations', 'events', 'notes']) {
      expect(count(ws, `SELECT count(*) FROM ${table} WHERE ${table === 'contacts' ? 'id' : 'contact_id'} = 'gone'`)).toBe(0);
    }
    expect(count(ws, "SELECT count(*) FROM contacts WHERE id = 'stays'")).toBe(1);
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'gone@example.org' }, limit: 10 }).rows).toEqual([]);
    expect(outbox(ws)).toEqual([{ entity: 'contact', op: 'erase', entity_id: 'gone', payload: {} }]);
    // Still live on the service until its erased tombstones arrive: the checksum keeps counting them.
    expect(count(ws, 'SELECT count(*) FROM sync_pending_deletes')).toBe(4);
    expect(recomputeChecksums(ws.db).contact.count).toBe(2);
  });

  it('anonymise: every personal field is stripped, aggregates stay, and the service is told', async () => {
    const ws = workspace();
    const secretText = 'my order number is 4711 and I live at Rua Augusta 1';
    load(ws, {
      contacts: [
        contact({
          id: 'anon',
          first_name: 'Zebulon',
          last_name: 'Quagmire',
          full_name: 'Zebulon Quagmire',
          email: 'zebulon@example.org',
          phone: '+351912345678',
          city: 'Lisbon',
          country: 'PT',
          updated_at: daysAgo(800),
          custom_fields: { plan: 'gold' },
          preferences: { newsletter: true },
          tags: ['vip'],
          consents: [{ purpose: 'marketing_email', status: 'granted', at: daysAgo(900), source: 'web_form', evidence: 'ip 203.0.113.7' }],
        }),
        contact({ id: 'other', updated_at: daysAgo(800) }),
      ],
      conversations: [
        { ...conversation('anon', 'anon-v1', daysAgo(900), [{ role: 'user', text: secretText }, { role: 'bot', text: 'Thanks Zebulon' }]), summary: 'Zebulon asked about 4711', rating: 4 },
        conversation('anon', 'anon-v2', daysAgo(850), [{ role: 'user', text: 'hi' }]),
      ],
      events: [event('anon', 'anon-e1', daysAgo(900))],
      notes: [note('anon', 'anon-n1', 'Zebulon prefers calls', daysAgo(850))],
    });
    ws.db.prepare("INSERT INTO field_changes (contact_id, field, old_value, new_value, origin, at) VALUES ('anon', 'city', '\"Porto\"', '\"Lisbon\"', 'sync', ?)").run(daysAgo(850));
    const rule = await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 730 });
    const preview = await previewRetentionRule(ws, rule.id, NOW);
    const run = await runRetention(ws, { origin: 'manual', now: NOW });
    expect(run.rules[0]).toMatchObject({ matched: preview.count, changed: preview.count });
    expect(preview.count).toBe(2);

    const row = ws.db.prepare("SELECT * FROM contacts WHERE id = 'anon'").get() as Record<string, unknown>;
    expect(row).toMatchObject({ first_name: null, last_name: null, full_name: null, email: null, phone: null, city: null, custom_fields: '{}', preferences: '{}', extra: '{}' });
    expect(row).toMatchObject({ country: 'PT', source: 'web', conversation_count: 2, created_at: expect.any(String) });
    expect(row['anonymised_at']).toBe(row['updated_at']);
    expect(getContact(ws, 'anon')).toMatchObject({ displayName: 'Anonymised contact', tags: [], conversationCount: 2 });
    // Lists across contacts say what it is too, not "Unnamed contact" as if it never had a name.
    const anonInActivity = activityPage(ws, { kinds: ['conversation'], limit: 200 }).items.filter((item) => item.contact.id === 'anon');
    expect(anonInActivity.map((item) => item.contact.name)).toEqual(['Anonymised contact', 'Anonymised contact']);
    const eventsRule = await ruleOn(ws, { kind: 'events', days: 365 });
    const eventsPreview = await previewRetentionRule(ws, eventsRule.id, NOW);
    expect(eventsPreview.sample.filter((item) => item.contactId === 'anon').map((item) => item.contactName)).toEqual(['Anonymised contact']);
    expect(count(ws, "SELECT count(*) FROM conversations WHERE contact_id = 'anon' AND messages = '[]' AND summary IS NULL AND transcript_removed_at IS NOT NULL")).toBe(2);
    expect(count(ws, "SELECT sum(message_count) FROM conversations WHERE contact_id = 'anon'")).toBe(3);
    expect(count(ws, "SELECT rating FROM conversations WHERE id = 'anon-v1'")).toBe(4);
    expect(ws.db.prepare("SELECT type, properties FROM events WHERE contact_id = 'anon'").all()).toEqual([{ type: 'page_view', properties: '{}' }]);
    expect(count(ws, "SELECT count(*) FROM notes WHERE contact_id = 'anon'")).toBe(0);
    expect(count(ws, "SELECT count(*) FROM field_changes WHERE contact_id = 'anon'")).toBe(0);
    expect(ws.db.prepare("SELECT purpose, status, evidence FROM consents WHERE contact_id = 'anon'").all()).toEqual([{ purpose: 'marketing_email', status: 'granted', evidence: null }]);

    // Search finds nothing by the old name, email or phone; no stored row holds them (the order
    // number in its words: the bare digits turn up by chance in the audit log's hashes and ids).
    for (const term of ['Zebulon', 'Quagmire', 'zebulon@example.org', '4711']) {
      expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: term }, limit: 10 }).rows).toEqual([]);
    }
    for (const table of ['contacts', 'conversations', 'events', 'notes', 'consents', 'field_changes', 'outbox', 'audit_log']) {
      const dump = JSON.stringify(ws.db.prepare(`SELECT * FROM ${table}`).all());
      for (const personal of ['Zebulon', 'Quagmire', 'zebulon@example.org', '+351912345678', 'Lisbon', 'number is 4711', 'about 4711', '203.0.113.7', 'gold']) expect(dump, `${table} holds ${personal}`).not.toContain(personal);
    }

    // What the service is told: the personal fields emptied (without the old values), the tag removed, the note deleted.
    const anonQueued = outbox(ws).filter((m) => m.entity_id.startsWith('anon'));
    expect(anonQueued).toEqual([
      {
        entity: 'contact',
        op: 'update',
        entity_id: 'anon',
        payload: { fields: { first_name: null, last_name: null, full_name: null, email: null, phone: null, city: null, custom_fields: {}, preferences: {} } },
      },
      { entity: 'contact', op: 'tag_remove', entity_id: 'anon', payload: { tag: 'vip' } },
      { entity: 'note', op: 'delete', entity_id: 'anon-n1', payload: {} },
    ]);

    expect(ws.db.prepare("SELECT entity_id, details FROM audit_log WHERE action = 'contact.anonymised' AND entity_id = 'anon'").get()).toEqual({
      entity_id: 'anon',
      details: JSON.stringify({ ruleId: rule.id, fields: ['first_name', 'last_name', 'full_name', 'email', 'phone', 'city', 'custom_fields', 'preferences'], tags: 1 }),
    });

    // An anonymised contact is not anonymised again.
    const again = await runRetention(ws, { origin: 'manual', now: new Date(NOW.getTime() + 1000 * DAY) });
    expect(again.rules[0]?.matched).toBe(0);
  });

  it('anonymise: a kept bulk action no longer holds the person\'s old values, and it can no longer be undone onto the contact', async () => {
    const ws = workspace();
    load(ws, { contacts: [contact({ id: 'bulked', city: 'Porto', updated_at: daysAgo(800) })] });
    const bulk = new BulkJobs(ws);
    const { jobId } = bulk.start({ ids: ['bulked'] }, { kind: 'setField', fields: { city: 'Lyon' } });
    await bulk.idle();
    expect(count(ws, "SELECT count(*) FROM bulk_changes WHERE contact_id = 'bulked'")).toBe(1);
    // Long ago, and long since sent.
    ws.db.prepare('DELETE FROM outbox').run();
    ws.db.prepare("UPDATE contacts SET updated_at = ? WHERE id = 'bulked'").run(daysAgo(800));
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 730 });
    expect((await runRetention(ws, { origin: 'manual', now: NOW })).rules[0]?.changed).toBe(1);
    expect(count(ws, "SELECT count(*) FROM bulk_changes WHERE contact_id = 'bulked'")).toBe(0);
    expect(() => bulk.undo(jobId)).toThrow(/can no longer be undone/);
    expect(getContact(ws, 'bulked')).toMatchObject({ city: null, displayName: 'Anonymised contact' });
  });

  it('transcripts and events: old ones go on this device, recent ones and the counts stay, the checksum still counts the events', async () => {
    const ws = workspace();
    const checksums = new ChecksumAccumulator(ws.db);
    const writer = new EntityWriter(ws.db, ws.search, checksums);
    ws.transaction(() =>
      writer.apply({
        contacts: [contact({ id: 'p1', updated_at: daysAgo(1) })],
        conversations: [
          { ...conversation('p1', 'old-v', daysAgo(200), [{ role: 'user', text: 'old words' }]), summary: 'old summary' },
          conversation('p1', 'new-v', daysAgo(20), [{ role: 'user', text: 'new words' }]),
        ],
        events: [event('p1', 'old-e', daysAgo(200)), event('p1', 'edge-e', daysAgo(90)), event('p1', 'new-e', daysAgo(20))],
      }),
    );
    await ruleOn(ws, { kind: 'transcripts', days: 90 });
    await ruleOn(ws, { kind: 'events', days: 90 });
    const run = await runRetention(ws, { origin: 'manual', now: NOW });
    expect(run.rules.map((r) => [r.kind, r.matched, r.changed]).sort()).toEqual([
      ['events', 1, 1],
      ['transcripts', 1, 1],
    ]);
    expect(ws.db.prepare("SELECT id, messages, summary, message_count FROM conversations WHERE contact_id = 'p1' ORDER BY id").all()).toEqual([
      { id: 'new-v', messages: expect.stringContaining('new words'), summary: null, message_count: 1 },
      { id: 'old-v', messages: '[]', summary: null, message_count: 1 },
    ]);
    expect(getConversation(ws, 'old-v')).toMatchObject({ messages: [], transcriptRemovedAt: expect.any(String) });
    expect(getConversation(ws, 'new-v').transcriptRemovedAt).toBeNull();
    expect(ws.db.prepare('SELECT id FROM events ORDER BY id').pluck().all()).toEqual(['edge-e', 'new-e']);
    expect(getContact(ws, 'p1').conversationCount).toBe(2);
    // The service still has the event: the convergence proof is unchanged and a recount agrees.
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
    // Only the person's data changed: nothing is sent.
    expect(outbox(ws)).toEqual([]);
  });

  it('a rule over more than one batch processes every candidate, batch by batch, with progress', async () => {
    const ws = workspace();
    load(ws, { contacts: Array.from({ length: 11 }, (_, i) => contact({ id: `b${String(i).padStart(2, '0')}`, updated_at: daysAgo(400 + (i % 3)) })) });
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 30 });
    const progress: [number, number][] = [];
    const run = await runRetention(ws, { origin: 'manual', now: NOW, batchSize: 4, onProgress: (done, total) => progress.push([done, total]) });
    expect(run.rules[0]).toMatchObject({ matched: 11, changed: 11 });
    expect(count(ws, 'SELECT count(*) FROM contacts WHERE anonymised_at IS NULL')).toBe(0);
    expect(progress).toEqual([
      [0, 11],
      [4, 11],
      [8, 11],
      [11, 11],
      [11, 11],
    ]);
  });

  it('walks in bounded windows: candidates behind many old-but-active contacts are still found, each window one transaction', async () => {
    const ws = workspace();
    load(ws, {
      contacts: [
        ...Array.from({ length: 7 }, (_, i) => contact({ id: `busy${i}`, updated_at: daysAgo(500, i), last_seen_at: daysAgo(1) })),
        contact({ id: 'quiet1', updated_at: daysAgo(400) }),
        contact({ id: 'quiet2', updated_at: daysAgo(300) }),
      ],
    });
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'erase', days: 100 });
    const run = await runRetention(ws, { origin: 'manual', now: NOW, batchSize: 3 });
    expect(run.rules[0]).toMatchObject({ matched: 2, changed: 2 });
    expect(ws.db.prepare('SELECT id FROM contacts ORDER BY id').pluck().all()).toEqual(['busy0', 'busy1', 'busy2', 'busy3', 'busy4', 'busy5', 'busy6']);
  });

  it('a dry run changes nothing and says what a run would do; disabled rules do not run; every run is audited without personal data', async () => {
    const ws = workspace();
    load(ws, {
      contacts: [contact({ id: 'd1', email: 'dry@example.org', updated_at: daysAgo(400) }), contact({ id: 'd2', updated_at: daysAgo(400) })],
      events: [event('d1', 'd1-e', daysAgo(400))],
    });
    const erase = await ruleOn(ws, { kind: 'contacts_inactive', action: 'erase', days: 100 });
    saveRetentionRule(ws, { kind: 'events', action: null, days: 100 }); // never turned on
    const before = JSON.stringify(ws.db.prepare('SELECT * FROM contacts ORDER BY pk').all()) + JSON.stringify(ws.db.prepare('SELECT * FROM events').all());

    const dry = await runRetention(ws, { origin: 'cli', dryRun: true, now: NOW });
    expect(dry.rules).toEqual([expect.objectContaining({ ruleId: erase.id, dryRun: true, matched: 2, changed: 0 })]);
    expect(JSON.stringify(ws.db.prepare('SELECT * FROM contacts ORDER BY pk').all()) + JSON.stringify(ws.db.prepare('SELECT * FROM events').all())).toBe(before);
    expect(outbox(ws)).toEqual([]);
    expect(listRetentionRules(ws).rules.find((r) => r.id === erase.id)?.lastRun).toBeNull();

    setRetentionRuleEnabled(ws, erase.id, false);
    expect((await runRetention(ws, { origin: 'manual', now: NOW })).rules).toEqual([]);
    expect(count(ws, 'SELECT count(*) FROM contacts')).toBe(2);

    setRetentionRuleEnabled(ws, erase.id, true);
    const real = await runRetention(ws, { origin: 'manual', now: NOW });
    expect(real.rules[0]).toMatchObject({ matched: 2, changed: 2 });
    expect(listRetentionRules(ws).rules.find((r) => r.id === erase.id)).toMatchObject({ lastRunAt: real.rules[0]?.finishedAt, lastRun: real.rules[0] });

    const audits = ws.db.prepare("SELECT entity_id, details FROM audit_log WHERE action = 'retention.run' ORDER BY seq").all() as { entity_id: string; details: string }[];
    expect(audits.map((a) => ({ ruleId: a.entity_id, ...(JSON.parse(a.details) as object) }))).toEqual([
      expect.objectContaining({ ruleId: erase.id, kind: 'contacts_inactive', action: 'erase', dryRun: true, matched: 2, changed: 0, origin: 'cli' }),
      expect.objectContaining({ ruleId: erase.id, dryRun: false, matched: 2, changed: 2, origin: 'manual' }),
    ]);
    expect(JSON.stringify(ws.db.prepare('SELECT * FROM audit_log').all())).not.toContain('dry@example.org');
  });

  it('run on a schedule: shortly after start, then again after the interval, and soon after a first sync; audited as scheduled', async () => {
    const ws = workspace();
    load(ws, { contacts: [contact({ id: 's1', updated_at: '2000-01-01T00:00:00.000Z' })] });
    const rule = saveRetentionRule(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 365 });
    await previewRetentionRule(ws, rule.id);
    setRetentionRuleEnabled(ws, rule.id, true);
    const progress: number[] = [];
    const schedule = new RetentionSchedule(ws, { firstDelayMs: 5, intervalMs: 40, onProgress: (done) => progress.push(done) });
    cleanups.push(() => schedule.stop());
    schedule.start();
    const runs = () => count(ws, "SELECT count(*) FROM audit_log WHERE action = 'retention.run' AND json_extract(details, '$.origin') = 'schedule'");
    await expect.poll(runs, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    schedule.stop();
    // After a first sync: soon, not a day later.
    const daily = new RetentionSchedule(ws, { firstDelayMs: 5, intervalMs: DAY });
    cleanups.push(() => daily.stop());
    const before = runs();
    daily.soon();
    await expect.poll(runs, { timeout: 5000 }).toBe(before + 1);
    daily.stop();
    expect(count(ws, "SELECT count(*) FROM contacts WHERE anonymised_at IS NOT NULL")).toBe(1);
    expect(progress).toContain(1);
  });

  it('refuses a second run while one is under way', async () => {
    const ws = workspace();
    load(ws, { contacts: Array.from({ length: 5 }, (_, i) => contact({ id: `r${i}`, updated_at: daysAgo(400) })) });
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 30 });
    const first = runRetention(ws, { origin: 'manual', now: NOW, batchSize: 1 });
    await expect(runRetention(ws, { origin: 'manual', now: NOW })).rejects.toThrow(/already/);
    expect((await first).rules[0]?.changed).toBe(5);
  });

  it('keeps pulled copies stripped: a transcript sent again, an old event sent again, an anonymised contact\'s older data', async () => {
    const ws = workspace();
    load(ws, {
      contacts: [contact({ id: 'a1', updated_at: daysAgo(1) }), contact({ id: 'a2', updated_at: daysAgo(900) })],
      conversations: [conversation('a1', 'pv', daysAgo(200), [{ role: 'user', text: 'old words' }]), conversation('a2', 'pv2', daysAgo(950), [{ role: 'user', text: 'older words' }])],
    });
    await ruleOn(ws, { kind: 'transcripts', days: 90 });
    await ruleOn(ws, { kind: 'events', days: 90 });
    await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 800 });
    await runRetention(ws, { origin: 'manual', now: NOW });
    expect(count(ws, "SELECT count(*) FROM conversations WHERE messages = '[]'")).toBe(2);
    // Turn the transcript rule off: the anonymised contact's old conversation must still stay stripped.
    const transcripts = listRetentionRules(ws).rules.find((r) => r.kind === 'transcripts') as RetentionRule;

    // The service sends both conversations again (changed there), whole, and an old event.
    const writer = new EntityWriter(ws.db, ws.search);
    const resend = () =>
      ws.transaction(() => {
        writer.apply({
          conversations: [
            { ...conversation('a1', 'pv', daysAgo(200), [{ role: 'user', text: 'old words' }]), version: 2 + count(ws, "SELECT version FROM conversations WHERE id = 'pv'") },
            { ...conversation('a2', 'pv2', daysAgo(950), [{ role: 'user', text: 'older words' }]), version: 2 + count(ws, "SELECT version FROM conversations WHERE id = 'pv2'") },
          ],
          events: [{ ...event('a1', 'late-old-e', daysAgo(300)), version: 3 }],
        });
        applyRetentionToPulled(ws, { contacts: [], conversations: ['pv', 'pv2'], events: ['late-old-e'] }, NOW);
      });
    resend();
    expect(count(ws, "SELECT count(*) FROM conversations WHERE messages = '[]' AND transcript_removed_at IS NOT NULL")).toBe(2);
    expect(count(ws, "SELECT count(*) FROM events WHERE id = 'late-old-e'")).toBe(0);
    expect(ws.db.prepare("SELECT version FROM sync_pending_deletes WHERE kind = 'event' AND id = 'late-old-e'").pluck().get()).toBe(3);

    setRetentionRuleEnabled(ws, transcripts.id, false);
    resend();
    expect(ws.db.prepare('SELECT id, transcript_removed_at IS NOT NULL AS removed FROM conversations ORDER BY id').all()).toEqual([
      { id: 'pv', removed: 0 },
      { id: 'pv2', removed: 1 },
    ]);
    expect(count(ws, "SELECT count(*) FROM conversations WHERE id = 'pv2' AND messages = '[]'")).toBe(1);
  });

  it('walk indexes: each window is a seek, never a scan or a sort of the table (planned as for a million contacts)', () => {
    const ws = workspace();
    load(ws, {
      contacts: [contact({ id: 'q1' }), contact({ id: 'q2' })],
      conversations: [conversation('q1', 'qv1', daysAgo(10))],
      events: [event('q1', 'qe1', daysAgo(10))],
      notes: [note('q1', 'qn1', 'x', daysAgo(10))],
    });
    // Statistics as ANALYZE writes them for a million contacts with ten conversations, events and a note each.
    ws.db.exec('ANALYZE');
    ws.db.exec(`
      UPDATE sqlite_stat1 SET stat = '1000000' || substr(stat, instr(stat, ' ')) WHERE tbl IN ('contacts', 'notes');
      UPDATE sqlite_stat1 SET stat = '10000000' || substr(stat, instr(stat, ' ')) WHERE tbl IN ('conversations', 'events');
      UPDATE sqlite_stat1 SET stat = '1000000 2' WHERE tbl = 'contacts' AND idx = 'contacts_by_updated';
      UPDATE sqlite_stat1 SET stat = '10000000 10 1' WHERE tbl = 'conversations' AND idx = 'conversations_by_contact';
      UPDATE sqlite_stat1 SET stat = '10000000 2' WHERE tbl = 'conversations' AND idx IN ('conversations_transcripts_by_start', 'conversations_by_time');
      UPDATE sqlite_stat1 SET stat = '10000000 10 1' WHERE tbl = 'events' AND idx = 'events_by_contact';
      UPDATE sqlite_stat1 SET stat = '10000000 2' WHERE tbl = 'events' AND idx = 'events_by_time';
      UPDATE sqlite_stat1 SET stat = '1000000 1 1' WHERE tbl = 'notes' AND idx = 'notes_by_contact';
    `);
    ws.db.exec('ANALYZE sqlite_schema');
    const params = { cut: NOW.toISOString(), afterAt: '', afterPk: 0, limit: 500 };
    const plans = Object.fromEntries(
      Object.entries(WINDOW_SQL).map(([kind, sql]) => [kind, (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n')]),
    );
    expect(plans['contacts_inactive']).toMatch(/SEARCH c USING INDEX contacts_by_updated \(updated_at>\? AND updated_at<\?\)/);
    for (const [table, index] of [
      ['v', 'conversations_by_contact'],
      ['e', 'events_by_contact'],
      ['n', 'notes_by_contact'],
      ['f', 'follow_ups_by_contact'],
      ['o', 'outbox_by_entity'],
    ]) {
      expect(plans['contacts_inactive']).toMatch(new RegExp(`SEARCH ${table} USING (COVERING )?INDEX ${index}`));
    }
    expect(plans['transcripts']).toMatch(/SEARCH v USING (COVERING )?INDEX conversations_transcripts_by_start \(started_at>\? AND started_at<\?\)/);
    expect(plans['events']).toMatch(/SEARCH e USING (COVERING )?INDEX events_by_time \(occurred_at>\? AND occurred_at<\?\)/);
    for (const plan of Object.values(plans)) {
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN (c|v|e)\b/);
    }
  });
});

describe('nexvio-contacts retention', () => {
  it('prints what each rule would do with --dry-run, then does it', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const path = join(dir.path, 'cli.db');
    const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    load(ws, { contacts: [contact({ id: 'cli1', updated_at: '2020-01-01T00:00:00.000Z' }), contact({ id: 'cli2', updated_at: '2020-01-01T00:00:00.000Z' })] });
    const rule = saveRetentionRule(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 365 });
    await previewRetentionRule(ws, rule.id);
    setRetentionRuleEnabled(ws, rule.id, true);
    ws.close();

    const lines: string[] = [];
    const out = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(`ERR ${line}`) };
    expect(await runCli(['retention', '--db', path, '--dry-run'], out)).toBe(0);
    expect(lines.join('\n')).toMatch(/^Anonymise contacts with no activity for 365 days \(before \d{4}-\d\d-\d\d\): 2 contacts would be anonymised\nDry run: nothing was changed\.$/);
    lines.length = 0;
    expect(await runCli(['retention', '--db', path], out)).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/: 2 contacts anonymised$/)]);
    lines.length = 0;
    expect(await runCli(['retention'], out)).toBe(2);
    expect(lines[0]).toMatch(/--db/);

    const after = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    expect(after.db.prepare('SELECT count(*) FROM contacts WHERE anonymised_at IS NOT NULL').pluck().get()).toBe(2);
    after.close();
  });
});

describe('retention against the reference service', () => {
  it('erasures, anonymisations and removals sync, and the copy still converges', async () => {
    const service = await startTestService({ seed: 40 });
    cleanups.push(() => service.cleanup());
    const dir = tempDir();
    const ws = openWorkspace({ databasePath: join(dir.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => {
      ws.db.close();
      dir.cleanup();
    });
    const engine = new SyncEngine(ws, { serviceUrl: service.url, token: TOKEN, pullLimit: 97 });
    expect((await engine.syncOnce()).converged).toBe(true);

    // Which contacts each rule takes is the data's business; pick cut-offs that take some.
    const now = new Date();
    const pick = (sql: string) => ws.db.prepare(sql).pluck().get() as string;
    const eraseId = pick('SELECT id FROM contacts ORDER BY pk LIMIT 1');
    const anonId = pick('SELECT id FROM contacts ORDER BY pk LIMIT 1 OFFSET 1');
    // Make these two the only inactive ones: everyone else was active just now.
    ws.db.prepare('UPDATE contacts SET updated_at = ? WHERE id NOT IN (?, ?)').run(now.toISOString(), eraseId, anonId);
    ws.db.prepare("UPDATE contacts SET updated_at = '2000-01-01T00:00:00.000Z', last_seen_at = NULL WHERE id IN (?, ?)").run(eraseId, anonId);
    for (const table of ['conversations', 'events', 'notes']) {
      const column = table === 'conversations' ? 'started_at' : table === 'events' ? 'occurred_at' : 'created_at';
      ws.db.prepare(`UPDATE ${table} SET ${column} = '2000-01-02T00:00:00.000Z' WHERE contact_id IN (?, ?)`).run(eraseId, anonId);
    }
    ws.db.prepare('DELETE FROM follow_ups WHERE contact_id IN (?, ?)').run(eraseId, anonId);
    // First only the anonymised one is inactive, then only the erased one.
    ws.db.prepare('UPDATE contacts SET updated_at = ? WHERE id = ?').run(now.toISOString(), eraseId);
    const anon = await ruleOn(ws, { kind: 'contacts_inactive', action: 'anonymise', days: 3650 });
    expect((await runRetention(ws, { origin: 'manual' })).rules[0]).toMatchObject({ matched: 1, changed: 1 });
    setRetentionRuleEnabled(ws, anon.id, false);
    ws.db.prepare("UPDATE contacts SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(eraseId);
    const erase = await ruleOn(ws, { kind: 'contacts_inactive', action: 'erase', days: 3650 });
    expect((await runRetention(ws, { origin: 'manual' })).rules[0]).toMatchObject({ matched: 1, changed: 1 });
    setRetentionRuleEnabled(ws, erase.id, false);

    // Transcripts and events older than a day: most of the seeded history.
    const transcripts = saveRetentionRule(ws, { kind: 'transcripts', action: null, days: 1 });
    const events = saveRetentionRule(ws, { kind: 'events', action: null, days: 1 });
    const eventsBefore = count(ws, 'SELECT count(*) FROM events');
    for (const rule of [transcripts, events]) {
      await previewRetentionRule(ws, rule.id);
      setRetentionRuleEnabled(ws, rule.id, true);
    }
    const run = await runRetention(ws, { origin: 'manual' });
    expect(run.rules.every((r) => r.changed > 0)).toBe(true);
    expect(count(ws, 'SELECT count(*) FROM events')).toBeLessThan(eventsBefore);

    const report = await engine.syncOnce();
    expect(report.pushed.rejected).toBe(0);
    expect(report.converged).toBe(true);
    expect(count(ws, "SELECT count(*) FROM outbox WHERE state = 'pending'")).toBe(0);
    expect(recomputeChecksums(ws.db)).toEqual(new ChecksumAccumulator(ws.db).snapshot());
    // The service erased the person and holds the anonymised contact without its personal fields.
    const stats = await service.admin<{ entities: Record<string, { live: number }> }>('GET', '/admin/stats');
    expect(stats.status).toBe(200);
    const pulled = await service.pullAll();
    const latest = new Map(pulled.changes.map((c) => [c.id, c]));
    expect(latest.get(eraseId)).toMatchObject({ op: 'delete', reason: 'erased' });
    expect(latest.get(anonId)).toMatchObject({ op: 'upsert', data: expect.objectContaining({ full_name: null, first_name: null, email: null, phone: null, tags: [] }) });
    expect(getContact(ws, anonId).displayName).toBe('Anonymised contact');

    // A conversation changed on the service comes back whole: its transcript is removed again.
    const conversationId = pick("SELECT id FROM conversations WHERE transcript_removed_at IS NOT NULL AND message_count > 0 ORDER BY pk LIMIT 1");
    const changed = await service.admin('POST', '/admin/mutate', { entity: 'conversation', id: conversationId, fields: { status: 'resolved', summary: 'changed on the service' } });
    expect(changed.status).toBe(200);
    expect((await engine.syncOnce()).converged).toBe(true);
    expect(ws.db.prepare('SELECT messages, summary FROM conversations WHERE id = ?').get(conversationId)).toEqual({ messages: '[]', summary: null });
  });
});
