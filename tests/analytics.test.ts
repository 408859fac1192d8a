/**
 * Every analytics figure against counts written independently (tests/analytics-reference.ts)
 * on a generated workspace: all time, a range with ragged ends, time zones across a DST
 * change and at +05:30, weeks, a segment; before the rollups are built (computed directly,
 * `preparing`) and after; and again after each kind of change the rollups' triggers must
 * follow (edits, tags, consent, delete and undo, merge, erasure, retention, a pull).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsScopeInput } from '../preload/contract-analytics.js';
import { AnalyticsScope } from '../preload/contract-analytics.js';
import * as figures from '../core/analytics/figures.js';
import { buildRollupSlice, buildRollupsNow, rollupProgress, rollupsReady } from '../core/analytics/rollups.js';
import { seedWorkspace } from '../core/services/seed.js';
import { createSegment } from '../core/services/segments.js';
import { consentPurposes, recordConsent } from '../core/services/consent.js';
import { setTag, updateContact } from '../core/services/contacts.js';
import { deleteContact, undoDeleteContact } from '../core/services/delete-contact.js';
import { mergeContacts } from '../core/services/merge.js';
import { eraseContact } from '../core/services/erase.js';
import { deleteTag, mergeTags, renameTag } from '../core/services/tags.js';
import { createField } from '../core/services/fields.js';
import { previewRetentionRule, runRetention, saveRetentionRule, setRetentionRuleEnabled } from '../core/services/retention.js';
import { EntityWriter } from '../core/db/apply.js';
import { SpecContact } from '../core/spec/entities.js';
import { openTestWorkspace } from './helpers.js';
import { readReference, referenceFigures, type RefScope } from './analytics-reference.js';

let ws: ReturnType<typeof openTestWorkspace>;
let usSegment: string;

const DIMENSIONS = ['source', 'country', 'locale', 'tag', 'field:plan', 'field:interests', 'field:marketing_qualified'] as const;

/** The scopes every check runs over. */
function scopes(): { name: string; input: AnalyticsScopeInput; bucket: 'day' | 'week' }[] {
  return [
    { name: 'all time, UTC, days', input: { range: null, timeZone: 'UTC' }, bucket: 'day' },
    { name: 'all time, New York, weeks', input: { range: null, timeZone: 'America/New_York' }, bucket: 'week' },
    // Local midnights across the start of daylight saving time (8 March 2026).
    { name: 'March in New York (DST)', input: { range: { from: '2026-03-01T05:00:00.000Z', to: '2026-03-20T04:00:00.000Z' }, timeZone: 'America/New_York' }, bucket: 'day' },
    // Ragged ends: neither on a quarter hour nor on a day.
    { name: 'ragged range in Kolkata', input: { range: { from: '2025-12-10T13:07:11.000Z', to: '2026-08-03T08:41:30.500Z' }, timeZone: 'Asia/Kolkata' }, bucket: 'day' },
    { name: 'ragged range in Kolkata, weeks', input: { range: { from: '2025-12-10T13:07:11.000Z', to: '2026-08-03T08:41:30.500Z' }, timeZone: 'Asia/Kolkata' }, bucket: 'week' },
    { name: 'segment (US), all time', input: { range: null, timeZone: 'Europe/Berlin', segment: usSegment }, bucket: 'week' },
    { name: 'segment (US), a year in New York', input: { range: { from: '2025-06-01T04:00:00.000Z', to: '2026-06-01T04:00:00.000Z' }, timeZone: 'America/New_York', segment: usSegment }, bucket: 'day' },
  ];
}

const nonZero = <T extends Record<string, unknown>>(points: (T & { date: string })[], keys: (keyof T)[]) =>
  new Map(points.filter((p) => keys.some((k) => p[k] !== 0)).map((p) => [p.date, Object.fromEntries(keys.map((k) => [k, p[k]]))]));

/** Every figure of one scope against the reference. */
function expectFigures(name: string, input: AnalyticsScopeInput, bucket: 'day' | 'week', expectPreparing: boolean): void {
  const scope = AnalyticsScope.parse(input);
  const purposes = consentPurposes(ws).filter((p) => !p.archived);
  const data = readReference(ws, purposes);
  const segment = scope.segment ? new Set(ws.db.prepare("SELECT pk FROM contacts WHERE country = 'US'").pluck().all() as number[]) : null;
  const refScope: RefScope = { from: scope.range ? Date.parse(scope.range.from) : null, to: scope.range ? Date.parse(scope.range.to) : null, timeZone: scope.timeZone, segment };
  const ref = referenceFigures(data, refScope, bucket, Date.now());
  const context = `${name}`;

  const overview = figures.overview(ws, scope);
  expect(overview.preparing !== null, `${context}: preparing`).toBe(expectPreparing);
  const { preparing: _p, ...overviewValues } = overview;
  expect(overviewValues, context).toEqual(ref.overview);

  const growth = figures.growth(ws, scope, bucket);
  expect(nonZero(growth.points, ['newContacts', 'firstConversations', 'returningConversations']), `${context}: growth`).toEqual(ref.growth);
  // Buckets are consecutive, each starting where the one before ended.
  growth.points.forEach((p, i) => i > 0 && expect(p.from).toBe(growth.points[i - 1]!.to));

  const conversations = figures.conversations(ws, scope, bucket);
  expect(nonZero(conversations.points, ['conversations', 'handoffs', 'rated', 'ratingSum']), `${context}: conversations`).toEqual(ref.activity);
  expect(conversations.heatmap, `${context}: heatmap`).toEqual(ref.heatmap);
  const byChannel = (rows: { channel: string }[]) => [...rows].sort((a, b) => a.channel.localeCompare(b.channel));
  expect(byChannel(conversations.byChannel), `${context}: channels`).toEqual(byChannel([...ref.channels.values()]));

  for (const dimension of DIMENSIONS) {
    const result = figures.breakdown(ws, scope, dimension, 100);
    expect(result.otherCount).toBe(0);
    expect(result.contacts, `${context}: ${dimension} contacts`).toBe(ref.contactsInRange);
    expect(new Map(result.items.map((i) => [i.value, i.count])), `${context}: ${dimension}`).toEqual(ref.breakdown(dimension));
  }
  const consent = figures.consent(ws, scope);
  expect(consent.contacts).toBe(ref.contactsInRange);
  expect(consent.purposes, `${context}: consent`).toEqual(ref.consent);

  const health = figures.health(ws, scope.segment, 180);
  const { preparing: _h, fields, ...healthValues } = health;
  const { fields: refFields, ...refHealth } = ref.health;
  expect(healthValues, `${context}: health`).toEqual(refHealth);
  expect(fields.map((f) => ({ key: f.key, filled: f.filled })).sort((a, b) => a.key.localeCompare(b.key)), `${context}: fields`).toEqual(refFields);
}

function expectAllScopes(expectPreparing = false): void {
  for (const s of scopes()) expectFigures(s.name, s.input, s.bucket, expectPreparing && !s.input.segment ? true : expectPreparing);
}

function pull(contacts: SpecContact[]): void {
  const writer = new EntityWriter(ws.db, ws.search);
  ws.transaction(() => writer.apply({ contacts }));
}

/** A stored contact as the service would send it again, changed. */
function pulledAgain(id: string, changes: Partial<SpecContact>): SpecContact {
  const row = ws.db.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as Record<string, string | number | null>;
  const tags = ws.db.prepare('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ?').pluck().all(row.pk) as string[];
  const consents = ws.db.prepare('SELECT purpose, status, at, source, evidence FROM consents WHERE contact_id = ? ORDER BY pk').all(id);
  return SpecContact.parse({
    ...Object.fromEntries(['id', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'created_at', 'updated_at', 'last_seen_at', 'locale', 'timezone', 'country', 'city', 'source'].map((k) => [k, row[k]])),
    version: Number(row.version) + 1,
    custom_fields: JSON.parse(String(row.custom_fields)),
    preferences: JSON.parse(String(row.preferences)),
    tags,
    consents,
    ...changes,
  });
}

const someContact = (where: string) => ws.db.prepare(`SELECT id FROM contacts WHERE ${where} ORDER BY pk LIMIT 1`).pluck().get() as string;

beforeAll(() => {
  ws = openTestWorkspace();
  // The demo seed is a bulk load: the rollups start empty and are built afterwards.
  seedWorkspace(ws, { contacts: 1500, seed: 7 });
  usSegment = createSegment(ws, { name: 'US', kind: 'filter', filter: { countries: ['US'] }, view: {}, contactIds: [] }).id;
});
afterAll(() => ws.cleanup());

describe('analytics figures', () => {
  it('are right while the rollups are being built (computed directly, with progress), and the same once they are', () => {
    expect(rollupsReady(ws.db)).toBe(false);
    // A few bad values to count (written before the rollups exist: the rebuild must see them).
    ws.db.exec(`UPDATE contacts SET email = 'not an email' WHERE pk IN (SELECT pk FROM contacts WHERE email IS NOT NULL ORDER BY pk LIMIT 3);
                UPDATE contacts SET phone = '0151 2345' WHERE pk IN (SELECT pk FROM contacts WHERE phone IS NOT NULL ORDER BY pk DESC LIMIT 4);`);
    expectAllScopes(true);
    // Half built: the figures still come the direct way, with progress that moves.
    const before = rollupProgress(ws.db)!;
    buildRollupSlice(ws.db, 2000);
    const after = rollupProgress(ws.db)!;
    expect(after.done).toBeGreaterThan(before.done);
    expect(after.total).toBeGreaterThanOrEqual(after.done);
    expectFigures('half built', { range: null, timeZone: 'UTC' }, 'day', true);
    const { longestMs } = buildRollupsNow(ws.db, 2000);
    expect(longestMs).toBeLessThan(1000);
    expect(rollupsReady(ws.db)).toBe(true);
    expect(rollupProgress(ws.db)).toBeNull();
    expectAllScopes(false);
    // The workspace's own numbers are not trivially zero.
    const all = figures.overview(ws, AnalyticsScope.parse({ range: null, timeZone: 'UTC' }));
    expect(all.totalContacts).toBe(1500);
    expect(all.conversations).toBeGreaterThan(1000);
    expect(all.handoffs).toBeGreaterThan(10);
    expect(figures.health(ws, undefined, 180)).toMatchObject({ invalidEmail: 3, invalidPhone: 4 });
  });

  it('stay right after local edits: country, locale, a custom field, a new select field, tags, consent', async () => {
    const id = someContact("country = 'US' AND email IS NOT NULL");
    updateContact(ws, id, { country: 'DE', locale: 'de-DE', customFields: { plan: 'Pro', interests: ['Audio', 'Audio', 'Pets'] }, email: null });
    const other = someContact("country <> 'US' AND created_at >= '2026-03-01'");
    updateContact(ws, other, { country: 'US', phone: null, customFields: { marketing_qualified: false } });
    setTag(ws, id, 'analytics-test', true);
    setTag(ws, other, 'analytics-test', true);
    setTag(ws, other, 'analytics-test', false);
    recordConsent(ws, { contactId: id, purpose: 'marketing_email', status: 'granted', source: 'web', evidence: 'form' });
    recordConsent(ws, { contactId: id, purpose: 'marketing_email', status: 'withdrawn', source: 'email', evidence: 'reply' });
    recordConsent(ws, { contactId: other, purpose: 'marketing_sms', status: 'denied', source: 'sms', evidence: 'NO' });
    createField(ws, { label: 'Tier', key: 'tier', type: 'select', options: ['gold', 'silver'] });
    expectAllScopes();
    // A tag renamed, merged into another, deleted: the names follow, the counts too.
    const tagId = (name: string) => ws.db.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number;
    const names = ws.db.prepare('SELECT t.name FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id GROUP BY t.id ORDER BY count(*) DESC LIMIT 3').pluck().all() as string[];
    await renameTag(ws, tagId('analytics-test'), 'analytics-renamed', () => undefined);
    await mergeTags(ws, tagId(names[1]!), tagId(names[0]!), () => undefined);
    await deleteTag(ws, tagId(names[2]!), () => undefined);
    expectAllScopes();
  });

  it('stay right after a delete and its undo, a merge, and an erasure', () => {
    const deleted = someContact("country = 'US' AND conversation_count > 1");
    deleteContact(ws, deleted);
    expectFigures('after delete', { range: null, timeZone: 'UTC', segment: usSegment }, 'day', false);
    expectFigures('after delete, all', { range: null, timeZone: 'America/New_York' }, 'week', false);
    undoDeleteContact(ws, deleted);
    expectAllScopes();
    const [a, b] = ws.db.prepare("SELECT id FROM contacts WHERE conversation_count > 0 AND country = 'US' ORDER BY pk LIMIT 2 OFFSET 5").pluck().all() as string[];
    mergeContacts(ws, { primaryId: a!, otherIds: [b!], choices: {}, customFields: {} });
    expectAllScopes();
    eraseContact(ws, someContact('conversation_count > 2'), { origin: 'local', scrub: false });
    expectAllScopes();
  });

  it('stay right after a pull that replaces contacts (created day, source, tags, consent history) and deletes one', () => {
    const moved = someContact("source = 'web'");
    const changed = someContact("source <> 'web' AND last_seen_at IS NOT NULL");
    pull([
      pulledAgain(moved, { created_at: '2026-03-08T06:59:00.000Z', source: 'import', tags: ['pulled-tag'], consents: [{ purpose: 'marketing_email', status: 'denied', at: '2026-03-09T00:00:00.000Z', source: 'web', evidence: null }] }),
      pulledAgain(changed, { last_seen_at: null, locale: 'pt-BR', custom_fields: { plan: 'Plus', interests: [] } }),
      SpecContact.parse({ id: 'analytics-new', version: 1, email: 'bad@@example.com', phone: '+4915112345678', created_at: '2026-03-08T07:01:00.000Z', updated_at: '2026-03-08T07:01:00.000Z', country: 'US', source: 'web', tags: ['vip'] }),
    ]);
    const writer = new EntityWriter(ws.db, ws.search);
    ws.transaction(() => {
      writer.begin();
      writer.delete('contact', someContact("country = 'US' AND pk > 100"));
      writer.delete('conversation', ws.db.prepare('SELECT id FROM conversations WHERE rating IS NOT NULL ORDER BY pk LIMIT 1').pluck().get() as string);
      writer.delete('event', ws.db.prepare("SELECT id FROM events WHERE type = 'handoff_requested' ORDER BY pk LIMIT 1").pluck().get() as string);
      writer.finish();
    });
    expectAllScopes();
  });

  it('stay right after a retention run that anonymises and erases inactive contacts', async () => {
    // Erasing first (rules run in the order they were made), then anonymising the rest.
    for (const [action, days] of [['erase', 500], ['anonymise', 300]] as const) {
      const rule = saveRetentionRule(ws, { kind: 'contacts_inactive', action, days });
      await previewRetentionRule(ws, rule.id);
      setRetentionRuleEnabled(ws, rule.id, true);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const events = saveRetentionRule(ws, { kind: 'events', action: null, days: 400 });
    await previewRetentionRule(ws, events.id);
    setRetentionRuleEnabled(ws, events.id, true);
    const before = figures.overview(ws, AnalyticsScope.parse({ range: null, timeZone: 'UTC' })).totalContacts;
    const run = await runRetention(ws, { origin: 'manual' });
    expect(run.rules.map((r) => [r.action ?? r.kind, r.changed > 0])).toEqual([
      ['erase', true],
      ['anonymise', true],
      ['events', true],
    ]);
    expect(figures.overview(ws, AnalyticsScope.parse({ range: null, timeZone: 'UTC' })).totalContacts).toBeLessThan(before);
    expectAllScopes();
  });
});
