/**
 * Every analytics figure against counts written independently (tests/analytics-reference.ts)
 * on a generated workspace: all time, a range with ragged ends, time zones across a DST
 * change and at +05:30, weeks, a segment; before the rollups are built (computed directly,
 * `preparing`) and after; and again after each kind of change the rollups' triggers must
 * follow (edits, tags, consent, delete and undo, merge, erasure, retention, a pull).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsScope } from '../preload/contract-analytics.js';
import * as figures from '../core/analytics/figures.js';
import { buildRollupSlice, buildRollupsNow, rollupComplete, rollupProgress, rollupsReady } from '../core/analytics/rollups.js';
import { seedWorkspace } from '../core/services/seed.js';
import { createSegment } from '../core/services/segments.js';
import { recordConsent } from '../core/services/consent.js';
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
import { CoreError } from '../core/api/errors.js';
import { expectAllScopes, expectFigures, scopes } from './analytics-reference.js';

let ws: ReturnType<typeof openTestWorkspace>;
let usSegment: string;

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

/** The reads `fn` makes through the workspace. */
function recordQueries(fn: () => void): { sql: string; params: unknown[] }[] {
  const statements: { sql: string; params: unknown[] }[] = [];
  const query = ws.query.bind(ws);
  ws.query = <R,>(sql: string, params: unknown[] = []): R[] => {
    statements.push({ sql, params });
    return query<R>(sql, params);
  };
  try {
    fn();
  } finally {
    ws.query = query;
  }
  return statements;
}

const plansOf = (statements: { sql: string; params: unknown[] }[]) =>
  statements.map(({ sql, params }) => ({ sql, plan: (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n') }));

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
    expectAllScopes(ws, usSegment, true);
    // Half built: the figures still come the direct way, with progress that moves.
    const before = rollupProgress(ws.db)!;
    buildRollupSlice(ws.db, 2000);
    const after = rollupProgress(ws.db)!;
    expect(after.done).toBeGreaterThan(before.done);
    expect(after.total).toBeGreaterThanOrEqual(after.done);
    expectFigures(ws, 'half built', { range: null, timeZone: 'UTC' }, 'day', true);
    // The handoffs are counted first; the direct figures use them as soon as they are complete.
    while (!rollupComplete(ws.db, 'events')) buildRollupSlice(ws.db, 2000);
    expect(rollupsReady(ws.db)).toBe(false);
    expectFigures(ws, 'handoffs built', { range: null, timeZone: 'UTC', segment: usSegment }, 'day', true);
    expectFigures(ws, 'handoffs built, all', { range: { from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' }, timeZone: 'Asia/Kolkata' }, 'week', true);
    const { longestMs } = buildRollupsNow(ws.db, 2000);
    expect(longestMs).toBeLessThan(1000);
    expect(rollupsReady(ws.db)).toBe(true);
    expect(rollupProgress(ws.db)).toBeNull();
    expectAllScopes(ws, usSegment, false);
    // The workspace's own numbers are not trivially zero.
    const all = figures.overview(ws, AnalyticsScope.parse({ range: null, timeZone: 'UTC' }));
    expect(all.totalContacts).toBe(1500);
    expect(all.conversations).toBeGreaterThan(1000);
    expect(all.handoffs).toBeGreaterThan(10);
    expect(figures.health(ws, undefined, 180)).toMatchObject({ invalidEmail: 3, invalidPhone: 4 });
  });

  it('read the rollups through their primary keys, never by scanning them (with the statistics of a million contacts)', () => {
    // Plans as the planner makes them on a real workspace: ANALYZE's numbers scaled up.
    ws.db.exec('ANALYZE');
    const scale = (table: string, rows: number) => `UPDATE sqlite_stat1 SET stat = '${rows}' || substr(stat, instr(stat, ' ')) WHERE tbl = '${table}';`;
    ws.db.exec(
      [scale('contacts', 1_000_000), scale('conversations', 1_200_000), scale('events', 2_600_000), scale('consents', 1_650_000), scale('contact_tags', 950_000)].join('\n'),
    );
    ws.db.exec('ANALYZE sqlite_schema');
    const statements = recordQueries(() => {
      for (const s of scopes(usSegment).filter((x) => !x.input.segment)) {
        const scope = AnalyticsScope.parse(s.input);
        figures.overview(ws, scope);
        figures.growth(ws, scope, s.bucket);
        figures.conversations(ws, scope, s.bucket);
        figures.breakdown(ws, scope, 'country', 12);
        figures.consent(ws, scope);
      }
      figures.health(ws, undefined, 90);
    });
    const rollupReads = statements.filter((s) => /analytics_(contact_days|quarters|days|channel_days)/.test(s.sql));
    expect(rollupReads.length).toBeGreaterThan(20);
    for (const { sql, plan } of plansOf(rollupReads)) {
      expect(plan, sql).toMatch(/SEARCH (analytics_\w+|t) USING PRIMARY KEY \(\w+[=>]/);
      expect(plan, sql).not.toMatch(/SCAN (analytics_\w+|t)\b/);
    }
    // The ragged ends and the activity counts walk the time indexes.
    const direct = statements.filter((s) => /FROM contacts c|JOIN contacts c ON c.created_at|FROM conversations v|JOIN conversations v ON|FROM contacts WHERE/.test(s.sql) && !/analytics_/.test(s.sql));
    expect(direct.length).toBeGreaterThan(10);
    for (const { sql, plan } of plansOf(direct)) expect(plan, sql).not.toMatch(/SCAN (c|v|contacts|conversations)\b(?! USING)/);
    // A segment's reads start from its contacts (a temporary table), never from the whole workspace.
    ws.db.exec('DELETE FROM temp.analytics_scope');
    const segmentReads = recordQueries(() => {
      for (const s of scopes(usSegment).filter((x) => x.input.segment)) {
        const scope = AnalyticsScope.parse(s.input);
        figures.overview(ws, scope);
        figures.conversations(ws, scope, s.bucket);
        figures.breakdown(ws, scope, 'tag', 12);
        figures.consent(ws, scope);
        figures.health(ws, usSegment, 90);
      }
    }).filter((s) => /analytics_scope/.test(s.sql));
    expect(segmentReads.length).toBeGreaterThan(10);
    for (const { sql, plan } of plansOf(segmentReads)) expect(plan, sql).not.toMatch(/SCAN (c|v|s|contacts|conversations|consents)\b(?! USING)/);
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
    expectAllScopes(ws, usSegment);
    // A tag renamed, merged into another, deleted: the names follow, the counts too.
    const tagId = (name: string) => ws.db.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number;
    const names = ws.db.prepare('SELECT t.name FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id GROUP BY t.id ORDER BY count(*) DESC LIMIT 3').pluck().all() as string[];
    await renameTag(ws, tagId('analytics-test'), 'analytics-renamed', () => undefined);
    await mergeTags(ws, tagId(names[1]!), tagId(names[0]!), () => undefined);
    await deleteTag(ws, tagId(names[2]!), () => undefined);
    expectAllScopes(ws, usSegment);
  });

  it('stay right after a delete and its undo, a merge, and an erasure', () => {
    const deleted = someContact("country = 'US' AND conversation_count > 1");
    deleteContact(ws, deleted);
    expectFigures(ws, 'after delete', { range: null, timeZone: 'UTC', segment: usSegment }, 'day', false);
    expectFigures(ws, 'after delete, all', { range: null, timeZone: 'America/New_York' }, 'week', false);
    undoDeleteContact(ws, deleted);
    expectAllScopes(ws, usSegment);
    const [a, b] = ws.db.prepare("SELECT id FROM contacts WHERE conversation_count > 0 AND country = 'US' ORDER BY pk LIMIT 2 OFFSET 5").pluck().all() as string[];
    mergeContacts(ws, { primaryId: a!, otherIds: [b!], choices: {}, customFields: {} });
    expectAllScopes(ws, usSegment);
    // A value only this person had must not outlive them in the rollups, even as a zero count.
    const erased = someContact('conversation_count > 2');
    ws.db.prepare("UPDATE contacts SET custom_fields = json_set(custom_fields, '$.plan', 'Only-Erased-Person') WHERE id = ?").run(erased);
    expect(ws.db.prepare("SELECT n FROM analytics_contact_days WHERE value = 'Only-Erased-Person'").pluck().get()).toBe(1);
    eraseContact(ws, erased, { origin: 'local', scrub: false });
    expect(ws.db.prepare("SELECT count(*) FROM analytics_contact_days WHERE value = 'Only-Erased-Person' OR n = 0").pluck().get()).toBe(0);
    expectAllScopes(ws, usSegment);
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
    expectAllScopes(ws, usSegment);
  });

  it('count a segment contact\'s current consent by the latest recorded when two entries share an instant', () => {
    // A US contact with two entries at the same instant: the later recorded (denied) is the current one.
    if (!rollupsReady(ws.db)) buildRollupsNow(ws.db);
    const id = someContact("country = 'US' AND pk > 200");
    const entry = (status: 'granted' | 'denied') => ({ purpose: 'marketing_email', status, at: '2026-02-02T10:00:00.000Z', source: 'web', evidence: null });
    pull([pulledAgain(id, { consents: [entry('granted'), entry('denied')] })]);
    expectAllScopes(ws, usSegment);
  });

  it('recount a field whose type changes (a pulled field definition): a text field becomes a choice', () => {
    const scope = AnalyticsScope.parse({ range: null, timeZone: 'UTC' });
    expect(() => figures.breakdown(ws, scope, 'field:company', 100)).toThrow(/not a choice/);
    const row = ws.db.prepare("SELECT id, version, label, archived FROM field_definitions WHERE key = 'company'").get() as { id: string; version: number; label: string; archived: number };
    const writer = new EntityWriter(ws.db, ws.search);
    ws.transaction(() => writer.apply({ fieldDefinitions: [{ id: row.id, version: row.version + 1, key: 'company', label: row.label, type: 'select', options: [], archived: false }] }));
    ws.contactsChanged(null);
    const expected = new Map<string, number>();
    for (const value of ws.db.prepare("SELECT json_extract(custom_fields, '$.company') FROM contacts").pluck().all() as (string | null)[]) {
      expected.set(value ?? '', (expected.get(value ?? '') ?? 0) + 1);
    }
    const result = figures.breakdown(ws, scope, 'field:company', 100);
    expect(new Map(result.items.map((i) => [i.value, i.count]))).toEqual(new Map([...expected].sort((a, b) => b[1] - a[1]).slice(0, 100)));
  });

  it('read a segment once for the calls of a page, and again after any write (a conversation alone too)', () => {
    const scope = AnalyticsScope.parse({ range: null, timeZone: 'UTC', segment: usSegment });
    const before = figures.overview(ws, scope).conversations;
    const materialised = () => ws.db.prepare('SELECT count(*) FROM temp.analytics_scope').pluck().get() as number;
    ws.db.exec('DELETE FROM temp.analytics_scope WHERE pk = (SELECT min(pk) FROM temp.analytics_scope)');
    const trimmed = materialised();
    // Deleting from the temporary table is a write: the next call reads the segment again.
    figures.consent(ws, scope);
    expect(materialised()).toBe(trimmed + 1);
    figures.growth(ws, scope, 'week');
    expect(materialised()).toBe(trimmed + 1);
    // A conversation deleted by a pull (the segment itself is unchanged).
    const writer = new EntityWriter(ws.db, ws.search);
    const conversation = ws.db.prepare("SELECT v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE c.country = 'US' ORDER BY v.pk LIMIT 1").pluck().get() as string;
    ws.transaction(() => {
      writer.begin();
      writer.delete('conversation', conversation);
      writer.finish();
    });
    expect(figures.overview(ws, scope).conversations).toBe(before - 1);
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
    expectAllScopes(ws, usSegment);
  });

  it('refuse a breakdown by a field that is not a choice, or is gone, with the place of the error', () => {
    const scope = AnalyticsScope.parse({ range: null, timeZone: 'UTC' });
    const refused = (dimension: string) => {
      try {
        figures.breakdown(ws, scope, dimension, 12);
      } catch (error) {
        return error instanceof CoreError ? { code: error.code, path: error.path, message: error.message } : error;
      }
      return null;
    };
    expect(refused('field:job_title')).toMatchObject({ code: 'bad_request', path: ['dimension'], message: expect.stringMatching(/Job title/) });
    expect(refused('field:nothing_here')).toMatchObject({ code: 'not_found', path: ['dimension'] });
    expect(() => figures.overview(ws, AnalyticsScope.parse({ range: null, timeZone: 'UTC', segment: 'gone' }))).toThrow(expect.objectContaining({ code: 'not_found', path: ['scope', 'segment'] }));
    // A range of thousands of years is cut to the days with data; days over decades of data would be too many to draw.
    const forever = AnalyticsScope.parse({ range: { from: '0001-01-01T00:00:00Z', to: '9000-01-01T00:00:00Z' }, timeZone: 'America/New_York' });
    const all = AnalyticsScope.parse({ range: null, timeZone: 'America/New_York' });
    expect(figures.growth(ws, forever, 'day').points).toEqual(figures.growth(ws, all, 'day').points);
    expect(figures.conversations(ws, forever, 'week').heatmap).toEqual(figures.conversations(ws, all, 'week').heatmap);
    expect(() => figures.health(ws, 'gone', 30)).toThrow(expect.objectContaining({ code: 'not_found', path: ['segment'] }));
  });
});

describe('analytics figures of an empty workspace', () => {
  it('are zeros and empty series, not errors', () => {
    const empty = openTestWorkspace();
    try {
      const scope = AnalyticsScope.parse({ range: null, timeZone: 'Asia/Kolkata' });
      expect(figures.overview(empty, scope)).toMatchObject({ totalContacts: 0, newContacts: 0, conversations: 0, averageRating: null, handoffRate: null, preparing: null });
      expect(figures.growth(empty, scope, 'week').points).toEqual([]);
      const conversations = figures.conversations(empty, scope, 'day');
      expect(conversations.points).toEqual([]);
      expect(conversations.heatmap.flat().every((n) => n === 0)).toBe(true);
      expect(figures.breakdown(empty, scope, 'country', 5)).toMatchObject({ items: [], otherCount: 0, contacts: 0 });
      expect(figures.consent(empty, scope).purposes.every((p) => p.none === 0 && p.granted === 0)).toBe(true);
      expect(figures.health(empty, undefined, 30)).toMatchObject({ contacts: 0, inactive: 0, duplicatePairs: 0, fields: [] });
    } finally {
      empty.cleanup();
    }
  });
});
