/**
 * The filter builder's conditions (every type and operator, AND/OR groups), sorting on columns
 * without an index, the columns' data on list rows, and segments (saved filters and lists).
 * Each expectation is computed from the seeded data in plain JS, so the SQL is checked against
 * an independent reading of the same rule.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactFilter, ContactRow, FilterCondition, FilterTree, Sort } from '../preload/contract.js';
import { ContactFilter as ContactFilterSchema, SavedView } from '../preload/contract.js';
import { countContacts, listContacts } from '../core/services/contacts.js';
import { createField } from '../core/services/fields.js';
import { addToList, createSegment, deleteSegment, listSegments, removeFromList, segmentCounts, updateSegment } from '../core/services/segments.js';
import { deleteContact, undoDeleteContact } from '../core/services/delete-contact.js';
import { CoreError } from '../core/api/errors.js';
import { contact, load, openTestWorkspace } from './helpers.js';
import type { SpecContact } from '../core/spec/entities.js';

let ws: ReturnType<typeof openTestWorkspace>;
let seeded: SpecContact[];

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

beforeEach(() => {
  ws = openTestWorkspace();
  createField(ws, { label: 'Plan', type: 'select', options: ['free', 'pro', 'team'] });
  createField(ws, { label: 'Seats', type: 'number' });
  createField(ws, { label: 'Beta', type: 'boolean' });
  createField(ws, { label: 'Renewal', type: 'date' });
  createField(ws, { label: 'Interests', type: 'multi_select', options: ['bots', 'crm', 'email'] });
  createField(ws, { label: 'Company', type: 'text' });
  seeded = Array.from({ length: 60 }, (_, i) =>
    contact({
      id: `f-${String(i).padStart(2, '0')}`,
      first_name: ['Anna', 'Andrea', 'Bob', 'Chloé', 'Dmitri'][i % 5] ?? null,
      last_name: `Nr${i}`,
      email: i % 7 === 0 ? null : `u${i}@${i % 2 ? 'acme.io' : 'example.org'}`,
      city: i % 4 === 0 ? null : ['Berlin', 'Paris', 'Lyon'][i % 3],
      country: ['DE', 'FR', 'US'][i % 3] ?? null,
      source: (['web', 'whatsapp', 'sms'] as const)[i % 3],
      last_seen_at: i % 6 === 0 ? null : daysAgo(i + 0.5),
      conversation_count: undefined,
      tags: i % 5 === 0 ? ['vip', 'lead'] : i % 2 ? ['lead'] : [],
      custom_fields: {
        ...(i % 3 === 0 ? {} : { plan: ['free', 'pro', 'team'][i % 3] as string }),
        ...(i % 4 === 0 ? {} : { seats: i }),
        ...(i % 2 ? { beta: i % 3 === 0 } : {}),
        ...(i % 5 === 0 ? {} : { renewal: `2027-0${(i % 9) + 1}-01` }),
        interests: i % 4 === 0 ? [] : i % 4 === 1 ? ['bots'] : i % 4 === 2 ? ['bots', 'crm'] : ['email'],
        company: i % 3 === 0 ? 'Acme GmbH' : 'Globex',
      },
      consents:
        i % 3 === 0
          ? []
          : [
              { purpose: 'marketing_email', status: 'granted', at: '2026-01-01T00:00:00.000Z', source: 'chat', evidence: null },
              ...(i % 3 === 2 ? [{ purpose: 'marketing_email', status: 'withdrawn' as const, at: '2026-02-01T00:00:00.000Z', source: 'chat', evidence: null }] : []),
            ],
    }),
  );
  load(ws, { contacts: seeded });
});
afterEach(() => ws.cleanup());

/** Every matching id, walking all pages. */
function ids(filter: ContactFilter, sort: Sort = { key: 'name', dir: 'asc' }): string[] {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = listContacts(ws, { sort, filter, cursor, limit: 7 });
    out.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

function where(...items: FilterTree['items']): ContactFilter {
  return { where: { match: 'all', items } };
}

function expectMatches(condition: FilterCondition, predicate: (c: SpecContact, i: number) => boolean) {
  const expected = seeded.filter(predicate).map((c) => c.id).sort();
  const filter = where(condition);
  expect(ids(filter).sort(), JSON.stringify(condition)).toEqual(expected);
  expect(countContacts(ws, filter).count).toBe(expected.length);
}

describe('conditions by type', () => {
  it('text: contains, is, is not, starts with, does not contain, empty — case-insensitive', () => {
    expectMatches({ field: 'name', op: 'starts_with', value: 'an' }, (c) => /^an/i.test(c.first_name ?? ''));
    expectMatches({ field: 'email', op: 'contains', value: 'ACME' }, (c) => (c.email ?? '').includes('acme'));
    expectMatches({ field: 'email', op: 'not_contains', value: 'acme' }, (c) => !(c.email ?? '').includes('acme'));
    expectMatches({ field: 'city', op: 'is', value: 'berlin' }, (c) => c.city === 'Berlin');
    expectMatches({ field: 'city', op: 'is_not', value: 'Berlin' }, (c) => c.city !== 'Berlin');
    expectMatches({ field: 'city', op: 'is_empty' }, (c) => !c.city);
    expectMatches({ field: 'email', op: 'is_not_empty' }, (c) => Boolean(c.email));
    expectMatches({ field: 'custom.company', op: 'contains', value: 'gmbh' }, (c) => String(c.custom_fields['company']).includes('GmbH'));
  });

  it('choice and multi: any of, none of, all of, empty — tags and custom selects', () => {
    expectMatches({ field: 'country', op: 'any_of', value: ['DE', 'US'] }, (c) => c.country === 'DE' || c.country === 'US');
    expectMatches({ field: 'source', op: 'none_of', value: ['web'] }, (c) => c.source !== 'web');
    expectMatches({ field: 'custom.plan', op: 'any_of', value: ['pro'] }, (c) => c.custom_fields['plan'] === 'pro');
    expectMatches({ field: 'custom.plan', op: 'is_empty' }, (c) => c.custom_fields['plan'] === undefined);
    expectMatches({ field: 'tags', op: 'all_of', value: ['vip', 'lead'] }, (c) => c.tags.includes('vip') && c.tags.includes('lead'));
    expectMatches({ field: 'tags', op: 'none_of', value: ['lead'] }, (c) => !c.tags.includes('lead'));
    expectMatches({ field: 'tags', op: 'is_empty' }, (c) => c.tags.length === 0);
    expectMatches({ field: 'tags', op: 'any_of', value: ['no-such-tag'] }, () => false);
    const interests = (c: SpecContact) => c.custom_fields['interests'] as string[];
    expectMatches({ field: 'custom.interests', op: 'any_of', value: ['crm', 'email'] }, (c) => interests(c).some((v) => v === 'crm' || v === 'email'));
    expectMatches({ field: 'custom.interests', op: 'all_of', value: ['bots', 'crm'] }, (c) => interests(c).includes('bots') && interests(c).includes('crm'));
    expectMatches({ field: 'custom.interests', op: 'none_of', value: ['bots'] }, (c) => !interests(c).includes('bots'));
    expectMatches({ field: 'custom.interests', op: 'is_empty' }, (c) => interests(c).length === 0);
  });

  it('dates: in the last N days, not in the last N days, before, after, empty; custom dates as days', () => {
    const seen = (c: SpecContact) => (c.last_seen_at ? Date.parse(c.last_seen_at) : null);
    expectMatches({ field: 'last_seen_at', op: 'in_last_days', value: 10 }, (c) => (seen(c) ?? 0) >= Date.now() - 10 * DAY);
    expectMatches({ field: 'last_seen_at', op: 'not_in_last_days', value: 10 }, (c) => seen(c) === null || (seen(c) as number) < Date.now() - 10 * DAY);
    expectMatches({ field: 'last_seen_at', op: 'is_empty' }, (c) => c.last_seen_at === null);
    const cut = daysAgo(20.5);
    expectMatches({ field: 'last_seen_at', op: 'before', value: cut }, (c) => seen(c) !== null && (seen(c) as number) < Date.parse(cut));
    expectMatches({ field: 'last_seen_at', op: 'after', value: cut }, (c) => seen(c) !== null && (seen(c) as number) >= Date.parse(cut));
    const renewal = (c: SpecContact) => c.custom_fields['renewal'] as string | undefined;
    expectMatches({ field: 'custom.renewal', op: 'before', value: '2027-04-01' }, (c) => renewal(c) !== undefined && (renewal(c) as string) < '2027-04-01');
    expectMatches({ field: 'custom.renewal', op: 'after', value: '2027-04-01' }, (c) => renewal(c) !== undefined && (renewal(c) as string) >= '2027-04-01');
    expectMatches({ field: 'custom.renewal', op: 'is_empty' }, (c) => renewal(c) === undefined);
  });

  it('numbers, booleans and consent', () => {
    const seats = (c: SpecContact) => c.custom_fields['seats'] as number | undefined;
    expectMatches({ field: 'custom.seats', op: 'gt', value: 30 }, (c) => (seats(c) ?? -1) > 30);
    expectMatches({ field: 'custom.seats', op: 'lt', value: '5' }, (c) => seats(c) !== undefined && (seats(c) as number) < 5);
    expectMatches({ field: 'custom.seats', op: 'is', value: 7 }, (c) => seats(c) === 7);
    expectMatches({ field: 'custom.seats', op: 'is_empty' }, (c) => seats(c) === undefined);
    expectMatches({ field: 'conversation_count', op: 'is', value: 0 }, () => true);
    expectMatches({ field: 'custom.beta', op: 'is_true' }, (c) => c.custom_fields['beta'] === true);
    expectMatches({ field: 'custom.beta', op: 'is_false' }, (c) => c.custom_fields['beta'] === false);
    expectMatches({ field: 'custom.beta', op: 'is_empty' }, (c) => c.custom_fields['beta'] === undefined);
    // The newest entry per purpose counts: a withdrawal after a grant is "withdrawn".
    const status = (_c: SpecContact, i: number) => (i % 3 === 0 ? 'none' : i % 3 === 2 ? 'withdrawn' : 'granted');
    expectMatches({ field: 'consent.marketing_email', op: 'any_of', value: ['granted'] }, (c, i) => status(c, i) === 'granted');
    expectMatches({ field: 'consent.marketing_email', op: 'any_of', value: ['withdrawn', 'none'] }, (c, i) => status(c, i) !== 'granted');
    expectMatches({ field: 'consent.marketing_email', op: 'none_of', value: ['withdrawn'] }, (c, i) => status(c, i) !== 'withdrawn');
  });
});

describe('groups', () => {
  it('AND of an OR group: country is DE and (tag vip or plan pro)', () => {
    const filter: ContactFilter = {
      where: {
        match: 'all',
        items: [
          { field: 'country', op: 'any_of', value: ['DE'] },
          {
            match: 'any',
            conditions: [
              { field: 'tags', op: 'any_of', value: ['vip'] },
              { field: 'custom.plan', op: 'any_of', value: ['pro'] },
            ],
          },
        ],
      },
    };
    const expected = seeded.filter((c) => c.country === 'DE' && (c.tags.includes('vip') || c.custom_fields['plan'] === 'pro')).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(2);
    expect(ids(filter).sort()).toEqual(expected.sort());
  });

  it('OR at the top; conditions combine with search and the quick filters', () => {
    const filter: ContactFilter = {
      countries: ['FR'],
      search: 'anna',
      where: { match: 'any', items: [{ field: 'city', op: 'is', value: 'Paris' }, { field: 'city', op: 'is_empty' }] },
    };
    const expected = seeded.filter((c) => c.country === 'FR' && c.first_name === 'Anna' && (c.city === 'Paris' || !c.city)).map((c) => c.id);
    expect(ids(filter).sort()).toEqual(expected.sort());
    expect(countContacts(ws, filter).count).toBe(expected.length);
  });

  it('an empty group and an empty tree filter nothing', () => {
    expect(countContacts(ws, { where: { match: 'any', items: [{ match: 'all', conditions: [] }] } }).count).toBe(60);
    expect(countContacts(ws, { where: { match: 'all', items: [] } }).count).toBe(60);
  });
});

describe('refusals', () => {
  function refusal(condition: unknown): CoreError {
    const filter = ContactFilterSchema.parse({ where: { match: 'all', items: [condition] } });
    try {
      countContacts(ws, filter);
    } catch (error) {
      if (error instanceof CoreError) return error;
      throw error;
    }
    throw new Error('not refused');
  }

  it('says what is wrong and where: an operator the type lacks, a missing value, an unknown field', () => {
    expect(refusal({ field: 'country', op: 'contains', value: 'D' }).path).toEqual(['filter', 'where', 'items', 0, 'op']);
    expect(refusal({ field: 'custom.seats', op: 'gt', value: 'many' }).message).toMatch(/number/);
    expect(refusal({ field: 'custom.plan', op: 'any_of', value: [] }).message).toMatch(/at least one/);
    expect(refusal({ field: 'custom.nothing', op: 'is_empty' }).message).toMatch(/no field/);
    expect(refusal({ field: 'last_seen_at', op: 'in_last_days', value: 0 }).message).toMatch(/whole number of days/);
    expect(refusal({ field: 'consent.marketing_email', op: 'any_of', value: ['maybe'] }).message).toMatch(/not a consent status/);
    expect(refusal({ field: 'email', op: 'is_empty', value: 'x' }).message).toMatch(/takes no value/);
  });

  it('the contract refuses field names that could reach the SQL', () => {
    expect(ContactFilterSchema.safeParse({ where: { match: 'all', items: [{ field: 'custom.a"b', op: 'is_empty' }] } }).success).toBe(false);
    expect(ContactFilterSchema.safeParse({ where: { match: 'all', items: [{ field: "consent.x') OR 1", op: 'any_of', value: ['granted'] }] } }).success).toBe(false);
    expect(ContactFilterSchema.safeParse({ where: { match: 'all', items: [{ field: 'pk', op: 'is', value: 1 }] } }).success).toBe(false);
  });
});

describe('sorting on columns without an index', () => {
  function walkSorted(sort: Sort, filter: ContactFilter = {}): ContactRow[] {
    const out: ContactRow[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = listContacts(ws, { sort, filter, cursor, limit: 9 });
      out.push(...page.rows);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  it('orders by a custom number both ways, blanks last, every contact once', () => {
    for (const dir of ['asc', 'desc'] as const) {
      const rows = walkSorted({ key: 'custom.seats', dir });
      expect(new Set(rows.map((r) => r.id)).size).toBe(60);
      const values = rows.map((r) => r.customFields['seats'] as number | undefined);
      const present = values.filter((v): v is number => v !== undefined);
      expect(present).toEqual([...present].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
      expect(values.slice(present.length).every((v) => v === undefined)).toBe(true);
    }
  });

  it('orders by city, tags and consent, and a jump by offset lands where the walk does', () => {
    const cities = walkSorted({ key: 'city', dir: 'asc' }).map((r) => r.city);
    const named = cities.filter((c): c is string => c !== null);
    expect(named).toEqual([...named].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(cities.slice(named.length).every((c) => c === null)).toBe(true);
    const all = walkSorted({ key: 'tags', dir: 'desc' });
    const jumped = listContacts(ws, { sort: { key: 'tags', dir: 'desc' }, filter: {}, offset: 20, limit: 5 });
    expect(jumped.rows.map((r) => r.id)).toEqual(all.slice(20, 25).map((r) => r.id));
    const consent = walkSorted({ key: 'consent.marketing_email', dir: 'asc' }, { countries: ['DE'] });
    expect(consent.map((r) => r.consentStatus['marketing_email'] ?? 'zz')).toEqual(
      [...consent.map((r) => r.consentStatus['marketing_email'] ?? 'zz')].sort(),
    );
  });

  it('rows carry custom values, consent status and first seen for the columns', () => {
    const row = listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Nr2' }, limit: 50 }).rows.find((r) => r.id === 'f-02');
    expect(row?.customFields).toMatchObject({ plan: 'team', seats: 2, interests: ['bots', 'crm'] });
    expect(row?.consentStatus).toEqual({ marketing_email: 'withdrawn' });
    expect(row?.firstSeenAt).toBeTruthy();
  });
});

describe('segments', () => {
  const vipFilter: ContactFilter = { where: { match: 'all', items: [{ field: 'tags', op: 'any_of', value: ['vip'] }] } };

  it('a saved filter lists and counts its members, and follows changes to the filter', () => {
    const segment = createSegment(ws, { name: 'VIPs', kind: 'filter', filter: vipFilter, view: { sort: { key: 'city', dir: 'asc' } }, contactIds: [] });
    const vips = seeded.filter((c) => c.tags.includes('vip')).map((c) => c.id);
    expect(ids({ segment: segment.id }).sort()).toEqual(vips.sort());
    expect(segmentCounts(ws)).toEqual([{ id: segment.id, count: vips.length, capped: false }]);
    // The search box narrows a segment further.
    expect(ids({ segment: segment.id, search: 'anna' }).every((id) => vips.includes(id))).toBe(true);
    updateSegment(ws, segment.id, { filter: { countries: ['DE'] } });
    expect(segmentCounts(ws)[0]?.count).toBe(seeded.filter((c) => c.country === 'DE').length);
    expect(listSegments(ws)[0]).toMatchObject({ name: 'VIPs', kind: 'filter', view: { sort: { key: 'city', dir: 'asc' } } });
  });

  it('a list holds chosen contacts; adding twice adds once; removing and deleting a contact take it off', () => {
    const list = createSegment(ws, { name: 'Call back', kind: 'list', filter: {}, view: {}, contactIds: ['f-01', 'f-02'] });
    expect(addToList(ws, list.id, ['f-02', 'f-03'])).toEqual({ added: 1 });
    expect(ids({ segment: list.id }).sort()).toEqual(['f-01', 'f-02', 'f-03']);
    expect(removeFromList(ws, list.id, ['f-01'])).toEqual({ removed: 1 });
    deleteContact(ws, 'f-02');
    expect(ids({ segment: list.id })).toEqual(['f-03']);
    // Undoing the deletion puts the contact back on the list too.
    undoDeleteContact(ws, 'f-02');
    expect(ids({ segment: list.id }).sort()).toEqual(['f-02', 'f-03']);
  });

  it('refuses a duplicate name, members for a filter, a filter for a list, unknown contacts, a broken filter — writing nothing', () => {
    createSegment(ws, { name: 'VIPs', kind: 'filter', filter: vipFilter, view: {}, contactIds: [] });
    const list = createSegment(ws, { name: 'Mine', kind: 'list', filter: {}, view: {}, contactIds: [] });
    expect(() => createSegment(ws, { name: 'vips', kind: 'filter', filter: {}, view: {}, contactIds: [] })).toThrow(/already exists/);
    expect(() => createSegment(ws, { name: 'X', kind: 'filter', filter: {}, view: {}, contactIds: ['f-01'] })).toThrow(/make a list/);
    expect(() => updateSegment(ws, list.id, { filter: vipFilter })).toThrow(/no filter/);
    expect(() => addToList(ws, list.id, ['f-01', 'nobody'])).toThrow(/nobody/);
    const broken = ContactFilterSchema.parse({ where: { match: 'all', items: [{ field: 'custom.gone', op: 'is_empty' }] } });
    expect(() => createSegment(ws, { name: 'Broken', kind: 'filter', filter: broken, view: {}, contactIds: [] })).toThrow(/no field/);
    expect(listSegments(ws).map((s) => s.name)).toEqual(['VIPs', 'Mine']);
    expect(ids({ segment: list.id })).toEqual([]);
  });

  it('deleting a segment removes its members; a filter naming a deleted segment says so', () => {
    const list = createSegment(ws, { name: 'Temp', kind: 'list', filter: {}, view: {}, contactIds: ['f-05'] });
    deleteSegment(ws, list.id);
    expect(ws.db.prepare('SELECT count(*) FROM segment_members').pluck().get()).toBe(0);
    expect(() => countContacts(ws, { segment: list.id })).toThrow(/no longer exists/);
  });

  it('the saved view keeps columns with widths and the sort; bad widths are refused by the contract', () => {
    expect(SavedView.safeParse({ columns: [{ id: 'name', width: 20 }] }).success).toBe(false);
    const segment = createSegment(ws, { name: 'V', kind: 'filter', filter: {}, view: {}, contactIds: [] });
    const updated = updateSegment(ws, segment.id, { view: { columns: [{ id: 'name', width: 240 }, { id: 'custom.plan', width: 120 }], sort: { key: 'custom.plan', dir: 'desc' } } });
    expect(updated.view.columns?.map((c) => c.id)).toEqual(['name', 'custom.plan']);
  });
});
