import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SORT_KEYS, type ContactRow, type Sort } from '../preload/contract.js';
import { countContacts, createContact, getContact, listContacts, setTag, updateContact, contactFacets } from '../core/services/contacts.js';
import { CoreError } from '../core/api/errors.js';
import { verifyAuditChain } from '../core/services/audit.js';
import { contact, load, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
beforeEach(() => {
  ws = openTestWorkspace();
});
afterEach(() => ws.cleanup());

function seedVaried(n: number) {
  const countries = ['DE', 'FR', 'US', null];
  const sources = ['web', 'whatsapp', 'sms'] as const;
  const contacts = Array.from({ length: n }, (_, i) =>
    contact({
      id: `v-${i}`,
      first_name: ['Anna', 'Bob', 'Émile', 'Zoë', null][i % 5] ?? null,
      last_name: `Last${(i * 7919) % n}`,
      email: i % 6 === 0 ? null : `user${i}@example.org`,
      country: countries[i % 4] ?? null,
      source: sources[i % 3] ?? 'web',
      last_seen_at: i % 3 === 0 ? null : `2026-0${(i % 9) + 1}-15T10:00:00.000Z`,
      created_at: `2025-${String((i % 12) + 1).padStart(2, '0')}-01T00:00:00.000Z`,
      tags: i % 5 === 0 ? ['vip'] : i % 2 === 0 ? ['lead', 'newsletter'] : [],
    }),
  );
  load(ws, { contacts });
  return contacts;
}

function walk(sort: Sort, filter = {}, limit = 7): ContactRow[] {
  const all: ContactRow[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = listContacts(ws, { sort, filter, cursor, limit });
    all.push(...page.rows);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return all;
}

describe('contact list', () => {
  it('walks every row exactly once under every sort and direction, in the same order as OFFSET', () => {
    seedVaried(61);
    for (const key of SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const rows = walk({ key, dir });
        expect(rows.length, `${key} ${dir}`).toBe(61);
        expect(new Set(rows.map((r) => r.id)).size).toBe(61);
        const byOffset = [0, 7, 14, 21, 28, 35, 42, 49, 56].flatMap((offset) => listContacts(ws, { sort: { key, dir }, filter: {}, offset, limit: 7 }).rows);
        expect(byOffset.map((r) => r.id), `${key} ${dir} offset`).toEqual(rows.map((r) => r.id));
      }
    }
  });

  it('sorts by name case-insensitively and puts the tie-breaker last', () => {
    seedVaried(20);
    const names = walk({ key: 'name', dir: 'asc' }).map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters by country, source and tag, and counts the same rows it lists', () => {
    seedVaried(60);
    const filter = { countries: ['DE'], sources: ['web'], tags: ['vip', 'lead'] };
    const rows = walk({ key: 'created_at', dir: 'desc' }, filter);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.country).toBe('DE');
      expect(row.source).toBe('web');
      expect(row.tags.some((t) => t === 'vip' || t === 'lead')).toBe(true);
    }
    expect(countContacts(ws, filter)).toEqual({ count: rows.length, capped: false });
    const tagged = walk({ key: 'name', dir: 'asc' }, { tags: ['vip', 'lead'] });
    expect(countContacts(ws, { tags: ['vip', 'lead'] })).toEqual({ count: tagged.length, capped: false });
    expect(countContacts(ws, {}).count).toBe(60);
  });

  it('searches names, email, phone and custom text by prefix, ignoring accents and FTS syntax', () => {
    load(ws, {
      contacts: [
        contact({ id: 's1', first_name: 'Émile', last_name: 'Zola', email: 'ezola@paris.fr', phone: '+33612345678' }),
        contact({ id: 's2', first_name: 'Anna', last_name: 'Müller', custom_fields: { company: 'Globex Corporation' } }),
        contact({ id: 's3', first_name: 'Bob', last_name: 'Stone' }),
      ],
    });
    const ids = (search: string) => walk({ key: 'name', dir: 'asc' }, { search }).map((r) => r.id).sort();
    expect(ids('emi')).toEqual(['s1']);
    expect(ids('zola emile')).toEqual(['s1']);
    expect(ids('mull')).toEqual(['s2']);
    expect(ids('paris')).toEqual(['s1']);
    expect(ids('+33 612')).toEqual(['s1']);
    expect(ids('globex')).toEqual(['s2']);
    expect(ids('"bob" *')).toEqual(['s3']);
    expect(ids('bob NEAR(')).toEqual([]);
    expect(ids('nobody')).toEqual([]);
    expect(countContacts(ws, { search: 'e' }).count).toBe(3);
  });

  it('rejects a cursor it did not make', () => {
    seedVaried(5);
    expect(() => listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: {}, cursor: 'garbage', limit: 5 })).toThrow(CoreError);
  });

  it('lists tags per row and facets with counts', () => {
    seedVaried(10);
    const facets = contactFacets(ws);
    expect(facets.tags.find((t) => t.value === 'vip')?.count).toBe(2);
    expect(facets.countries.reduce((sum, f) => sum + f.count, 0)).toBe(8);
    const vip = walk({ key: 'name', dir: 'asc' }, { tags: ['vip'] });
    expect(vip.every((r) => r.tags.includes('vip'))).toBe(true);
  });
});

describe('contact edits', () => {
  it('stores a phone number as typed in E.164, reading a national number in the contact’s country', () => {
    load(ws, { contacts: [contact({ id: 'p1', country: 'DE' }), contact({ id: 'p2', country: null })] });
    expect(updateContact(ws, 'p1', { phone: '030 1234567' }).phone).toBe('+49301234567');
    expect(updateContact(ws, 'p1', { phone: '(650) 253-0000', country: 'US' }).phone).toBe('+16502530000');
    expect(updateContact(ws, 'p2', { phone: '+33 6 12 34 56 78' }).phone).toBe('+33612345678');
    const queued = ws.db.prepare("SELECT payload FROM outbox WHERE entity_id = 'p2'").pluck().get() as string;
    expect(JSON.parse(queued).fields).toEqual({ phone: '+33612345678' });
  });

  it('refuses a phone number that is not one, at the field, and changes nothing', () => {
    load(ws, { contacts: [contact({ id: 'p3', country: null, phone: '+4930123456' })] });
    expect(() => updateContact(ws, 'p3', { phone: '12', city: 'Rome' })).toThrow(expect.objectContaining({ code: 'bad_request', path: ['fields', 'phone'] }));
    expect(getContact(ws, 'p3')).toMatchObject({ phone: '+4930123456', city: expect.not.stringMatching('Rome') });
    expect(ws.db.prepare("SELECT count(*) FROM outbox WHERE entity_id = 'p3'").pluck().get()).toBe(0);
  });

  it('commits the row, search, field change, outbox mutation and audit entry together', () => {
    load(ws, { contacts: [contact({ id: 'e1', first_name: 'Ada', last_name: 'Lovelace', city: 'London', version: 3 })] });
    const updated = updateContact(ws, 'e1', { city: 'Paris', email: 'ADA@Example.com' });
    expect(updated.city).toBe('Paris');
    expect(updated.pendingChanges).toBe(1);

    const outbox = ws.db.prepare('SELECT entity, op, entity_id, base_version, payload FROM outbox').all() as { payload: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'contact', op: 'update', entity_id: 'e1', base_version: 3 });
    expect(JSON.parse(outbox[0]!.payload)).toEqual({ fields: { city: 'Paris', email: 'ADA@Example.com' }, base: { city: 'London', email: expect.any(String) } });

    const changes = ws.db.prepare('SELECT field, old_value, new_value, origin FROM field_changes ORDER BY field').all();
    expect(changes).toEqual([
      { field: 'city', old_value: '"London"', new_value: '"Paris"', origin: 'local' },
      { field: 'email', old_value: expect.any(String), new_value: '"ADA@Example.com"', origin: 'local' },
    ]);
    expect(walk({ key: 'name', dir: 'asc' }, { search: 'paris' }).map((r) => r.id)).toEqual(['e1']);
    const audit = ws.db.prepare('SELECT action, entity_id, details FROM audit_log').all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain('Paris');
    expect(verifyAuditChain(ws.db).ok).toBe(true);
  });

  it('changes nothing when a value is the same', () => {
    load(ws, { contacts: [contact({ id: 'same', city: 'Rome' })] });
    updateContact(ws, 'same', { city: 'Rome' });
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });

  it('refuses an email another contact uses, and leaves everything as it was', () => {
    load(ws, { contacts: [contact({ id: 'x1', email: 'taken@example.com' }), contact({ id: 'x2', email: 'free@example.com', city: 'Oslo' })] });
    let error: CoreError | undefined;
    try {
      updateContact(ws, 'x2', { city: 'Bergen', email: 'TAKEN@example.com' });
    } catch (e) {
      error = e as CoreError;
    }
    expect(error?.code).toBe('conflict');
    expect(error?.path).toEqual(['fields', 'email']);
    expect(getContact(ws, 'x2').city).toBe('Oslo');
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });

  it('validates custom fields against their definitions', () => {
    load(ws, {
      fieldDefinitions: [{ id: 'f1', version: 1, key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'], archived: false }],
      contacts: [contact({ id: 'cf' })],
    });
    expect(() => updateContact(ws, 'cf', { customFields: { plan: 'gold' } })).toThrow(/Plan must be one of: free, pro/);
    expect(() => updateContact(ws, 'cf', { customFields: { nope: 'x' } })).toThrow(/no custom field/);
    expect(updateContact(ws, 'cf', { customFields: { plan: 'pro' } }).customFields).toEqual({ plan: 'pro' });
  });

  it('creates a contact with a client UUID and a create mutation', () => {
    const created = createContact(ws, { firstName: 'New', lastName: 'Person', email: 'new@example.com' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.displayName).toBe('New Person');
    expect(ws.db.prepare('SELECT op FROM outbox').pluck().all()).toEqual(['create']);
  });

  it('adds and removes tags once each, case-insensitively', () => {
    load(ws, { contacts: [contact({ id: 't1', tags: ['VIP'] })] });
    expect(setTag(ws, 't1', 'vip', true).tags).toEqual(['VIP']);
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(setTag(ws, 't1', 'lead', true).tags).toEqual(['lead', 'VIP']);
    expect(setTag(ws, 't1', 'vip', false).tags).toEqual(['lead']);
    expect(ws.db.prepare('SELECT op FROM outbox ORDER BY seq').pluck().all()).toEqual(['tag_add', 'tag_remove']);
  });

  it('answers not_found for an unknown contact', () => {
    expect(() => getContact(ws, 'missing')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
