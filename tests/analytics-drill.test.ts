/**
 * The analytics drill-down: for every kind of figure, the list filter drillFilter returns
 * lists exactly the contacts a direct count finds. The direct counts are written here
 * again, in JavaScript over the base tables (local times through Intl, one conversation at
 * a time), not through the compiler's intervals or SQL. Then the new filter conditions
 * everywhere a filter goes (list pages, bulk walks, segments, exports), hostile inputs,
 * and saving a chart's CSV or PNG.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactFilter, analyticsMethods, type AnalyticsScope, type DrillTarget } from '../preload/contract.js';
import { MAX_CHART_BYTES, saveChart } from '../core/analytics/chart-file.js';
import { drillFilter, periodLabel } from '../core/analytics/drill.js';
import { localHourIntervals } from '../core/analytics/local-hours.js';
import { CoreError } from '../core/api/errors.js';
import { compileFilter } from '../core/services/contact-filter.js';
import { countContacts, listContacts, matchingContactPks } from '../core/services/contacts.js';
import { exportsFolder } from '../core/services/export-files.js';
import { prepareExport } from '../core/services/export.js';
import { createSegment } from '../core/services/segments.js';
import { seedWorkspace } from '../core/services/seed.js';
import { contact, conversation, event, load, openTestWorkspace } from './helpers.js';

type Ws = ReturnType<typeof openTestWorkspace>;
let ws: Ws;

interface ContactRow {
  pk: number;
  id: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  source: string | null;
  locale: string | null;
  created_at: string;
  last_seen_at: string | null;
  custom_fields: string;
}
interface ConversationRow {
  id: string;
  contact_id: string;
  channel: string;
  started_at: string;
}

/** The base tables, read once, for the direct counts. */
let contacts: (ContactRow & { custom: Record<string, unknown>; tags: Set<string> })[];
let conversations: ConversationRow[];
let handedOff: Set<string>;
let idByPk: Map<number, string>;

const BERLIN_FALL_BACK = ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']; // both 02:30 local, Sunday
const BERLIN_SPRING = ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00.000Z']; // 01:59:59 CET, then 03:00 CEST
const KOLKATA_EDGE = ['2026-06-02T08:29:59.999Z', '2026-06-02T08:30:00.000Z']; // 13:59:59 and 14:00 IST, Tuesday

beforeAll(() => {
  ws = openTestWorkspace();
  // More than 5000 conversations, so an all-time drill takes the per-contact shape and a
  // short period the set shape (conversation-filter.ts).
  seedWorkspace(ws, { contacts: 5000, seed: 7 });
  // People on the edges of daylight saving time and of +05:30 hours.
  const edges = [...BERLIN_FALL_BACK, ...BERLIN_SPRING, ...KOLKATA_EDGE];
  load(ws, {
    contacts: edges.map((_, i) => contact({ id: `edge-${i}`, created_at: '2026-01-15T12:00:00.000Z', country: null, source: 'web' })),
    conversations: edges.map((at, i) => conversation(`edge-${i}`, `edge-conv-${i}`, at)),
    events: [{ ...event('edge-0', 'edge-handoff-0', BERLIN_FALL_BACK[0] as string, 'handoff_requested'), properties: { conversation_id: 'edge-conv-0' } }],
  });
  // Values the sync would not bring but an older import or a hand edit can leave behind.
  const setValues = ws.db.prepare('UPDATE contacts SET email = ?, phone = ? WHERE pk = ?');
  [
    ['no-at-sign.example.com', '0151 2345678'],
    ['two@@example.com', '+0123456789'],
    ['with space@example.com', '+49151123456789012'],
    ['a@b', '+49 151 2345678'],
    ['', ''],
    ['fine@example.com', '+4915123456'],
  ].forEach(([email, phone], i) => setValues.run(email, phone, i + 1));
  contacts = (ws.db.prepare('SELECT pk, id, email, phone, country, source, locale, created_at, last_seen_at, custom_fields FROM contacts').all() as ContactRow[]).map((c) => ({
    ...c,
    custom: JSON.parse(c.custom_fields) as Record<string, unknown>,
    tags: new Set<string>(),
  }));
  const byPk = new Map(contacts.map((c) => [c.pk, c]));
  idByPk = new Map(contacts.map((c) => [c.pk, c.id]));
  for (const link of ws.db.prepare('SELECT ct.contact_pk AS pk, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id').all() as { pk: number; name: string }[]) byPk.get(link.pk)?.tags.add(link.name);
  conversations = ws.db.prepare('SELECT id, contact_id, channel, started_at FROM conversations').all() as ConversationRow[];
  handedOff = new Set(
    (ws.db.prepare("SELECT properties FROM events WHERE type = 'handoff_requested'").all() as { properties: string }[]).map((e) => String((JSON.parse(e.properties) as { conversation_id?: unknown }).conversation_id)),
  );
}, 120_000);
afterAll(() => ws.cleanup());

const RANGE = { from: '2025-03-10T13:37:00.000Z', to: '2026-11-02T05:11:00.000Z' };
const ms = (iso: string) => Date.parse(iso);
const inRange = (iso: string, range: { from?: string | undefined; to?: string | undefined } | null) =>
  !range || ((range.from === undefined || ms(iso) >= ms(range.from)) && (range.to === undefined || ms(iso) < ms(range.to)));

function scope(range: AnalyticsScope['range'], timeZone = 'Europe/Berlin', segment?: string): AnalyticsScope {
  return segment === undefined ? { range, timeZone } : { range, timeZone, segment };
}

/** The ids the list finds for a drill. */
function drilled(s: AnalyticsScope, target: DrillTarget): { ids: Set<string>; count: number; label: string; filter: ContactFilter } {
  const { filter, label } = drillFilter(ws, s, target);
  // Only conditions the list can AND with the person's own filters.
  expect(Object.keys(filter).every((k) => ['where', 'segment', 'conversations', 'invalid'].includes(k))).toBe(true);
  if (filter.where) expect(filter.where.match).toBe('all');
  const count = countContacts(ws, filter).count;
  return { ids: new Set(matchingContactPks(ws, filter, 0, 1_000_000).map((pk) => idByPk.get(pk) ?? '')), count, label, filter };
}

function expectSame(target: DrillTarget, s: AnalyticsScope, expected: Set<string>): void {
  const got = drilled(s, target);
  expect({ target, count: got.count }).toEqual({ target, count: expected.size });
  expect([...got.ids].sort()).toEqual([...expected].sort());
}

const idsWhere = (test: (c: (typeof contacts)[number]) => boolean) => new Set(contacts.filter(test).map((c) => c.id));

// ---------------------------------------------------------------- local time, written again

const localParts = new Map<string, Intl.DateTimeFormat>();
/** Weekday (0 = Monday) and hour of an instant in a zone, read from Intl one instant at a time. */
function localWeekdayHour(iso: string, timeZone: string): { weekday: number; hour: number } {
  let format = localParts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    localParts.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(iso));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { weekday, hour: Number(parts.find((p) => p.type === 'hour')?.value) % 24 };
}

function firstStarts(): Map<string, string> {
  const first = new Map<string, string>();
  for (const v of conversations) {
    const known = first.get(v.contact_id);
    if (known === undefined || ms(v.started_at) < ms(known)) first.set(v.contact_id, v.started_at);
  }
  return first;
}

describe('drill-down: activity charts', () => {
  it('lists exactly the people of every heatmap cell, across daylight saving time, +05:45 and +10:30/+11', () => {
    for (const timeZone of ['Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const cells = new Map<string, Set<string>>();
      for (const v of conversations) {
        if (!inRange(v.started_at, RANGE)) continue;
        const { weekday, hour } = localWeekdayHour(v.started_at, timeZone);
        const key = `${weekday}/${hour}`;
        const set = cells.get(key) ?? new Set<string>();
        set.add(v.contact_id);
        cells.set(key, set);
      }
      for (let weekday = 0; weekday < 7; weekday++) {
        for (let hour = 0; hour < 24; hour++) {
          const expected = cells.get(`${weekday}/${hour}`) ?? new Set<string>();
          expect({ timeZone, weekday, hour, count: drilled(scope(RANGE, timeZone), { kind: 'conversations', weekday, hour }).count }).toEqual({ timeZone, weekday, hour, count: expected.size });
        }
      }
    }
  }, 120_000);

  it('counts the autumn hour lived twice, skips the spring hour that never was, and cuts +05:30 at the half hour', () => {
    const all = scope(null);
    const sundayTwo = drilled(all, { kind: 'conversations', weekday: 6, hour: 2 });
    expect(sundayTwo.ids.has('edge-0') && sundayTwo.ids.has('edge-1')).toBe(true);
    const sundayOne = drilled(all, { kind: 'conversations', weekday: 6, hour: 1 });
    const sundayThree = drilled(all, { kind: 'conversations', weekday: 6, hour: 3 });
    expect([sundayOne.ids.has('edge-2'), sundayThree.ids.has('edge-2'), sundayOne.ids.has('edge-3'), sundayThree.ids.has('edge-3')]).toEqual([true, false, false, true]);
    const kolkata = scope(null, 'Asia/Kolkata');
    const thirteen = drilled(kolkata, { kind: 'conversations', weekday: 1, hour: 13 });
    const fourteen = drilled(kolkata, { kind: 'conversations', weekday: 1, hour: 14 });
    expect([thirteen.ids.has('edge-4'), fourteen.ids.has('edge-4'), thirteen.ids.has('edge-5'), fourteen.ids.has('edge-5')]).toEqual([true, false, false, true]);
    expect(sundayTwo.label).toBe('Conversations on Sundays 02:00–03:00');
  });

  it('cuts 2026 in Berlin into whole local hours: 52 or 53 Tuesdays, the DST Sunday hour two hours long or missing', () => {
    const year = { from: ms('2025-12-31T23:00:00.000Z'), to: ms('2026-12-31T23:00:00.000Z'), timeZone: 'Europe/Berlin' };
    expect(localHourIntervals({ ...year, weekday: 1, hour: 14 })).toHaveLength(52);
    const sundays = localHourIntervals({ ...year, weekday: 6, hour: 2 });
    const autumn = sundays.find(([start]) => start === ms('2026-10-25T00:00:00.000Z'));
    expect(autumn?.[1]).toBe(ms('2026-10-25T02:00:00.000Z'));
    expect(sundays.some(([start]) => start === ms('2026-03-29T01:00:00.000Z'))).toBe(false);
    expect(sundays).toHaveLength(51);
    // Kathmandu, +05:45: hour 0 starts at 18:15 UTC the day before.
    expect(localHourIntervals({ from: ms('2026-06-01T00:00:00.000Z'), to: ms('2026-06-03T00:00:00.000Z'), timeZone: 'Asia/Kathmandu', hour: 0 })[0]).toEqual([ms('2026-06-01T18:15:00.000Z'), ms('2026-06-01T19:15:00.000Z')]);
  });

  it('lists whole weekdays and whole hours, all time and in a partial range, in the scope’s zone', () => {
    for (const [range, timeZone] of [
      [null, 'America/New_York'],
      [RANGE, 'Asia/Kolkata'],
    ] as const) {
      for (let weekday = 0; weekday < 7; weekday++) {
        const expected = new Set(conversations.filter((v) => inRange(v.started_at, range) && localWeekdayHour(v.started_at, timeZone).weekday === weekday).map((v) => v.contact_id));
        expectSame({ kind: 'conversations', weekday }, scope(range, timeZone), expected);
      }
      for (const hour of [0, 7, 13, 23]) {
        const expected = new Set(conversations.filter((v) => inRange(v.started_at, range) && localWeekdayHour(v.started_at, timeZone).hour === hour).map((v) => v.contact_id));
        expectSame({ kind: 'conversations', hour }, scope(range, timeZone), expected);
      }
    }
  }, 60_000);

  it('lists people by channel, handoff and first conversation, all time (per contact) and in a bucket (as a set)', () => {
    const first = firstStarts();
    const bucket = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z' };
    for (const [range, shape] of [
      [null, 'IS NOT NULL'],
      [bucket, 'c.id IN'],
    ] as const) {
      for (const channel of [undefined, 'web', 'whatsapp']) {
        for (const handoff of [undefined, true, false]) {
          for (const firstOnly of [undefined, true]) {
            const target: DrillTarget = { kind: 'conversations', ...(channel && { channel }), ...(handoff !== undefined && { handoff }), ...(firstOnly && { firstOnly }) };
            const expected = new Set(
              conversations
                .filter(
                  (v) =>
                    inRange(v.started_at, range) &&
                    (channel === undefined || v.channel === channel) &&
                    (handoff === undefined || handedOff.has(v.id) === handoff) &&
                    (!firstOnly || first.get(v.contact_id) === v.started_at),
                )
                .map((v) => v.contact_id),
            );
            expect(expected.size).toBeGreaterThan(0);
            expectSame(target, scope(range), expected);
            const { filter } = drillFilter(ws, scope(range), target);
            expect(compileFilter(ws, filter).where.join(' ')).toContain(shape);
          }
        }
      }
    }
  }, 60_000);

  it('narrows a bucket to the scope’s range (the part of a week inside it), and says so on the chip', () => {
    const s = scope({ from: '2026-06-03T10:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }, 'UTC');
    const target: DrillTarget = { kind: 'conversations', from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z', channel: 'web' };
    const expected = new Set(conversations.filter((v) => v.channel === 'web' && inRange(v.started_at, { from: '2026-06-03T10:00:00.000Z', to: '2026-06-08T00:00:00.000Z' })).map((v) => v.contact_id));
    expectSame(target, s, expected);
    expect(drilled(s, target).label).toBe('Conversations via Web · 3 Jun 2026 10:00 – 8 Jun 2026 00:00');
  });
});

describe('drill-down: contact charts', () => {
  it('lists the people created in a growth bucket inside the range', () => {
    for (const bucket of [
      { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' },
      { from: '2025-03-10T00:00:00.000Z', to: '2025-03-11T00:00:00.000Z' }, // the range starts at 13:37 that day
    ]) {
      const expected = idsWhere((c) => inRange(c.created_at, RANGE) && inRange(c.created_at, bucket));
      expectSame({ kind: 'newContacts', ...bucket }, scope(RANGE, 'UTC'), expected);
    }
    expect(drilled(scope(null, 'UTC'), { kind: 'newContacts', from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' }).label).toBe('Created 2 – 8 Mar 2026');
  });

  it('lists every bar of every breakdown, the “not set” bar too, among the people created in the range', () => {
    const values = (read: (c: (typeof contacts)[number]) => string[]) => new Set(['', ...contacts.flatMap(read)]);
    const dimensions: [DrillTarget & { kind: 'breakdown' } extends { dimension: infer D } ? D : never, (c: (typeof contacts)[number]) => string[]][] = [
      ['source', (c) => [c.source ?? '']],
      ['country', (c) => [c.country ?? '']],
      ['locale', (c) => [c.locale ?? '']],
      ['tag', (c) => (c.tags.size ? [...c.tags] : [''])],
      ['field:plan', (c) => [typeof c.custom['plan'] === 'string' ? c.custom['plan'] : '']],
      ['field:interests', (c) => (Array.isArray(c.custom['interests']) && c.custom['interests'].length ? (c.custom['interests'] as string[]) : [''])],
      ['field:marketing_qualified', (c) => [typeof c.custom['marketing_qualified'] === 'boolean' ? String(c.custom['marketing_qualified']) : '']],
    ];
    let bars = 0;
    for (const [dimension, read] of dimensions) {
      for (const value of values(read)) {
        const expected = idsWhere((c) => inRange(c.created_at, RANGE) && read(c).includes(value));
        expectSame({ kind: 'breakdown', dimension, value }, scope(RANGE), expected);
        bars++;
      }
    }
    expect(bars).toBeGreaterThan(40);
    expect(drilled(scope(RANGE, 'UTC'), { kind: 'breakdown', dimension: 'country', value: 'DE' }).label).toBe('Country: Germany · created 10 Mar 2025 13:37 – 2 Nov 2026 05:11');
    expect(drilled(scope({ from: '2026-08-31T22:00:00.000Z', to: '2026-11-30T23:00:00.000Z' }), { kind: 'breakdown', dimension: 'country', value: 'DE' }).label).toBe('Country: Germany · created 1 Sep – 30 Nov 2026');
    expect(drilled(scope(null), { kind: 'breakdown', dimension: 'tag', value: '' }).label).toBe('No tags');
  }, 60_000);

  it('lists the people of every consent status of every purpose', () => {
    const latest = new Map<string, string>();
    for (const row of ws.db.prepare('SELECT contact_id, purpose, status FROM consents ORDER BY at, pk').all() as { contact_id: string; purpose: string; status: string }[]) {
      latest.set(`${row.contact_id}/${row.purpose}`, row.status);
    }
    expect(latest.size).toBeGreaterThan(100);
    for (const purpose of ['data_processing', 'marketing_email', 'marketing_sms', 'analytics']) {
      for (const status of ['granted', 'denied', 'withdrawn', 'none'] as const) {
        const expected = idsWhere((c) => inRange(c.created_at, RANGE) && (latest.get(`${c.id}/${purpose}`) ?? 'none') === status);
        expectSame({ kind: 'consent', purpose, status }, scope(RANGE), expected);
      }
    }
    expect(drilled(scope(null), { kind: 'consent', purpose: 'marketing_email', status: 'none' }).label).toBe('Marketing email: nothing recorded');
  }, 60_000);

  it('keeps to the scope’s segment, a saved filter or a list, and names it on the chip', () => {
    const web = createSegment(ws, { name: 'Web people', kind: 'filter', filter: { where: { match: 'all', items: [{ field: 'source', op: 'any_of', value: ['web'] }] } }, view: {}, contactIds: [] });
    const chosen = contacts.filter((_, i) => i % 7 === 0).map((c) => c.id);
    const list = createSegment(ws, { name: 'Chosen', kind: 'list', filter: {}, view: {}, contactIds: chosen });
    const inList = new Set(chosen);
    for (const [segment, member] of [
      [web.id, (c: (typeof contacts)[number]) => c.source === 'web'],
      [list.id, (c: (typeof contacts)[number]) => inList.has(c.id)],
    ] as const) {
      expectSame({ kind: 'breakdown', dimension: 'country', value: 'DE' }, scope(RANGE, 'UTC', segment), idsWhere((c) => member(c) && inRange(c.created_at, RANGE) && c.country === 'DE'));
      expectSame({ kind: 'health', check: 'missingPhone' }, scope(RANGE, 'UTC', segment), idsWhere((c) => member(c) && !c.phone));
      const heat = new Set(conversations.filter((v) => localWeekdayHour(v.started_at, 'UTC').weekday === 2).map((v) => v.contact_id));
      expectSame({ kind: 'conversations', weekday: 2 }, scope(null, 'UTC', segment), idsWhere((c) => member(c) && heat.has(c.id)));
    }
    expect(drilled(scope(null, 'UTC', web.id), { kind: 'health', check: 'missingEmail' }).label).toBe('Missing email · Web people');
  });
});

describe('drill-down: data health', () => {
  // The definitions of core/analytics/validity.ts, written again as regular expressions.
  const invalidEmail = (v: string | null) => !!v && (!/^.+@.+\..+$/s.test(v) || /@.*@/s.test(v) || /[ \t]/.test(v) || [...v].length > 320);
  const invalidPhone = (v: string | null) => !!v && (!/^\+[1-9]/.test(v) || /[^0-9]/.test(v.slice(1)) || [...v].length < 8 || [...v].length > 16);

  it('lists the people missing an email, a phone or both, with invalid ones, and inactive ones, whatever the range', () => {
    const cutoff = Date.now() - 90 * 86_400_000;
    const checks: [DrillTarget, Set<string>][] = [
      [{ kind: 'health', check: 'missingEmail' }, idsWhere((c) => !c.email)],
      [{ kind: 'health', check: 'missingPhone' }, idsWhere((c) => !c.phone)],
      [{ kind: 'health', check: 'missingBoth' }, idsWhere((c) => !c.email && !c.phone)],
      [{ kind: 'health', check: 'invalidEmail' }, idsWhere((c) => invalidEmail(c.email))],
      [{ kind: 'health', check: 'invalidPhone' }, idsWhere((c) => invalidPhone(c.phone))],
      [{ kind: 'health', check: 'inactive', inactiveDays: 90 }, idsWhere((c) => ms(c.last_seen_at ?? c.created_at) < cutoff)],
    ];
    for (const [target, expected] of checks) {
      expect({ target, some: expected.size > 0 }).toEqual({ target, some: true });
      expectSame(target, scope(RANGE), expected);
    }
    expect(drilled(scope(RANGE), { kind: 'health', check: 'inactive', inactiveDays: 90 }).label).toBe('No activity for 90 days');
  });

  it('lists the people who leave each custom field empty', () => {
    const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    for (const field of ws.fieldDefinitions()) {
      expectSame({ kind: 'emptyField', key: field.key }, scope(null), idsWhere((c) => empty(c.custom[field.key])));
    }
    expect(drilled(scope(null), { kind: 'emptyField', key: 'plan' }).label).toBe('Lumo Care plan not filled');
  });
});

describe('the new filter conditions wherever a filter goes', () => {
  it('pages the list, saves a segment and exports exactly the drilled people', async () => {
    const { filter } = drillFilter(ws, scope(RANGE, 'Asia/Kolkata'), { kind: 'conversations', weekday: 4 });
    const expected = new Set(conversations.filter((v) => inRange(v.started_at, RANGE) && localWeekdayHour(v.started_at, 'Asia/Kolkata').weekday === 4).map((v) => v.contact_id));
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ReturnType<typeof listContacts> = listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter, cursor, limit: 100 });
      listed.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.sort()).toEqual([...expected].sort());
    // ANDed with the person's own filter (a country quick filter).
    const german = countContacts(ws, { ...filter, countries: ['DE'] }).count;
    expect(german).toBe(contacts.filter((c) => expected.has(c.id) && c.country === 'DE').length);

    const saved = createSegment(ws, { name: 'Thursday talkers', kind: 'filter', filter, view: {}, contactIds: [] });
    expect(countContacts(ws, { segment: saved.id }).count).toBe(expected.size);
    const invalidPhones = countContacts(ws, { invalid: 'phone', tags: ['vip'] }).count;
    expect(invalidPhones).toBe(matchingContactPks(ws, { invalid: 'phone', tags: ['vip'] }, 0, 1_000_000).length);

    const prepared = await prepareExport(ws, { target: { filter }, format: 'csv', columns: ['id'] });
    expect(prepared.total).toBe(expected.size);
    await prepared.run();
    expect(readFileSync(prepared.path, 'utf8').trim().split(/\r?\n/).length).toBe(expected.size + 1);
  });
});

describe('hostile and wrong inputs', () => {
  const drillInput = analyticsMethods['analytics.drillFilter'].input;

  it('refuses an unknown time zone in the contract and in the core', () => {
    expect(drillInput.safeParse({ scope: { range: null, timeZone: 'Mars/Olympus_Mons' }, target: { kind: 'conversations', hour: 3 } }).success).toBe(false);
    expect(ContactFilter.safeParse({ conversations: { hour: 3, timeZone: 'Mars/Olympus_Mons' } }).success).toBe(false);
    expect(() => countContacts(ws, { conversations: { hour: 3, timeZone: 'Mars/Olympus_Mons' } })).toThrow(CoreError);
    try {
      countContacts(ws, { conversations: { hour: 3, timeZone: 'Mars/Olympus_Mons' } });
    } catch (error) {
      expect((error as CoreError).path).toEqual(['filter', 'conversations', 'timeZone']);
    }
  });

  it('refuses a weekday or hour without a time zone, and a time that is not one', () => {
    const noZone = ContactFilter.safeParse({ conversations: { weekday: 2 } });
    expect(noZone.success).toBe(false);
    expect(noZone.error?.issues[0]?.path).toEqual(['conversations', 'timeZone']);
    expect(() => countContacts(ws, { conversations: { weekday: 2 } } as ContactFilter)).toThrow(/needs a time zone/);
    expect(() => countContacts(ws, { conversations: { from: 'last tuesday' } })).toThrow(/ISO 8601/);
    expect(() => countContacts(ws, { conversations: { from: '0001-01-01T00:00:00.000Z', to: '9999-01-01T00:00:00.000Z', hour: 1, timeZone: 'UTC' } })).not.toThrow();
    expect(drillInput.safeParse({ scope: { range: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, timeZone: 'UTC' }, target: { kind: 'health', check: 'missingEmail' } }).success).toBe(false);
  });

  it('refuses bars that cannot exist, with the place of the mistake', () => {
    const refused = (target: DrillTarget, s = scope(null)) => {
      try {
        drillFilter(ws, s, target);
      } catch (error) {
        return { code: (error as CoreError).code, path: (error as CoreError).path };
      }
      return null;
    };
    expect(refused({ kind: 'breakdown', dimension: 'field:company', value: 'Acme' })).toEqual({ code: 'bad_request', path: ['target', 'dimension'] });
    expect(refused({ kind: 'breakdown', dimension: 'field:nope', value: 'x' })).toEqual({ code: 'not_found', path: ['target', 'dimension'] });
    expect(refused({ kind: 'breakdown', dimension: 'field:marketing_qualified', value: 'maybe' })).toEqual({ code: 'bad_request', path: ['target', 'value'] });
    expect(refused({ kind: 'consent', purpose: "x' OR 1=1 --", status: 'granted' })).toEqual({ code: 'bad_request', path: ['target', 'purpose'] });
    expect(refused({ kind: 'emptyField', key: 'gone' })).toEqual({ code: 'not_found', path: ['target', 'key'] });
    expect(refused({ kind: 'health', check: 'missingEmail' }, scope(null, 'UTC', 'no-such-segment'))).toEqual({ code: 'not_found', path: ['scope', 'segment'] });
    // A hostile tag or value is a parameter, never SQL: it simply matches nobody.
    expect(drilled(scope(null), { kind: 'breakdown', dimension: 'tag', value: "vip') OR 1=1 --" }).count).toBe(0);
  });

  it('says an empty period when a bucket lies outside the range, and lists nobody', () => {
    const s = scope({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }, 'UTC');
    const got = drilled(s, { kind: 'conversations', from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z', hour: 9 });
    expect(got.count).toBe(0);
    expect(periodLabel('2026-05-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'UTC')).toBe('an empty period');
  });
});

describe('saving a chart', () => {
  const png = (size = 64) => {
    const bytes = Buffer.alloc(size);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(bytes);
    bytes.write('IHDR', 12, 'latin1');
    return bytes;
  };
  const audited = () => ws.db.prepare("SELECT details FROM audit_log WHERE action = 'analytics.chart_saved' ORDER BY seq").all() as { details: string }[];

  it('writes the CSV with a BOM, CRLF lines and formulas defused, and audits it without the data', () => {
    const before = audited().length;
    const saved = saveChart(ws, { chart: 'tags', format: 'csv', content: 'Tag,Contacts\n=HYPERLINK("http://x"),3\n"Köln, Süd",2\n' });
    expect(saved.fileName).toMatch(/^chart-tags-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(saved.path.startsWith(exportsFolder(ws))).toBe(true);
    const text = readFileSync(saved.path, 'utf8');
    expect(text).toBe('\uFEFFTag,Contacts\r\n"\'=HYPERLINK(""http://x"")",3\r\n"Köln, Süd",2\r\n');
    expect(saved.bytes).toBe(Buffer.byteLength(text));
    const entries = audited();
    expect(entries).toHaveLength(before + 1);
    const details = JSON.parse(entries.at(-1)?.details ?? '{}') as Record<string, unknown>;
    expect(details).toEqual({ chart: 'tags', format: 'csv', file: saved.fileName, bytes: saved.bytes });
    expect(JSON.stringify(details)).not.toContain('HYPERLINK');
  });

  it('writes a PNG from base64 or a data URL, byte for byte', () => {
    const picture = png();
    const saved = saveChart(ws, { chart: 'heatmap', format: 'png', content: picture.toString('base64') });
    expect(readFileSync(saved.path).equals(picture)).toBe(true);
    const again = saveChart(ws, { chart: 'heatmap', format: 'png', content: `data:image/png;base64,${picture.toString('base64')}` });
    expect(again.path).not.toBe(saved.path);
    expect(readFileSync(again.path).equals(picture)).toBe(true);
  });

  it('refuses what is not a PNG, bad base64, a picture too big, and an empty or damaged CSV, writing nothing', () => {
    const files = () => (existsSync(exportsFolder(ws)) ? readdirSync(exportsFolder(ws)).length : 0);
    const before = files();
    const auditBefore = audited().length;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, ...Array(40).fill(0)]);
    expect(() => saveChart(ws, { chart: 'x', format: 'png', content: jpeg.toString('base64') })).toThrow(/not a PNG/);
    expect(() => saveChart(ws, { chart: 'x', format: 'png', content: '<svg onload=alert(1)>' })).toThrow(/not valid base64/);
    expect(() => saveChart(ws, { chart: 'x', format: 'png', content: png(MAX_CHART_BYTES + 1).toString('base64') })).toThrow(/larger than 15 MB/);
    expect(() => saveChart(ws, { chart: 'x', format: 'csv', content: '' })).toThrow(/no data/);
    expect(() => saveChart(ws, { chart: 'x', format: 'csv', content: 'a,"b\n1,2' })).toThrow(/damaged at line 1/);
    expect(files()).toBe(before);
    expect(audited()).toHaveLength(auditBefore);
    const input = analyticsMethods['analytics.saveChart'].input;
    expect(input.safeParse({ chart: '../../etc/passwd', format: 'csv', content: 'a' }).success).toBe(false);
    expect(input.safeParse({ chart: 'tags', format: 'svg', content: 'a' }).success).toBe(false);
  });
});
