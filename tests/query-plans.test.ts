/**
 * The hot list queries must walk an index, never sort the whole table: at a million
 * contacts a temp B-tree for ORDER BY is the difference between 2 ms and 2 s.
 * The planner is given million-row statistics so it decides as it would on a real workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORT_KEYS } from '../preload/contract.js';
import type { ContactFilter } from '../preload/contract.js';
import { buildListQuery } from '../core/services/contacts.js';
import { compileFilter, facetSql, type ResolvedTags } from '../core/services/contact-filter.js';
import { buildFtsQuery } from '../core/services/search.js';
import { contact, load, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;

beforeAll(() => {
  ws = openTestWorkspace();
  load(ws, { contacts: Array.from({ length: 50 }, (_, i) => contact({ id: `q${i}`, country: i % 2 ? 'DE' : 'FR', tags: ['vip'] })) });
  // Statistics as ANALYZE writes them for a million contacts (about 200 countries, 9 sources).
  ws.db.exec('ANALYZE');
  ws.db.exec(`
    UPDATE sqlite_stat1 SET stat = '1000000 1' WHERE tbl = 'contacts' AND idx IN ('contacts_by_id');
    UPDATE sqlite_stat1 SET stat = '1000000 2' WHERE tbl = 'contacts' AND idx IN ('contacts_by_name', 'contacts_by_email', 'contacts_by_created', 'contacts_by_updated', 'contacts_by_last_seen');
    UPDATE sqlite_stat1 SET stat = '1000000 5000 2' WHERE tbl = 'contacts' AND idx = 'contacts_by_country';
    UPDATE sqlite_stat1 SET stat = '1000000 110000 2' WHERE tbl = 'contacts' AND idx = 'contacts_by_source';
    UPDATE sqlite_stat1 SET stat = '2000000 40000 1' WHERE tbl = 'contact_tags' AND idx = 'contact_tags';
  `);
  ws.db.exec('ANALYZE sqlite_schema');
});
afterAll(() => ws.cleanup());

/** The compiled filter with the tags resolved as given (the statistics are pretend). */
function compiled(filter: ContactFilter, tags: ResolvedTags | null = null) {
  return { ...facetSql(filter, tags), fts: filter.search ? buildFtsQuery(filter.search) : null };
}

function plan(sql: string, params: unknown[]): string {
  const rows = ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

const EXPECTED_INDEX: Record<(typeof SORT_KEYS)[number], string> = {
  name: 'contacts_by_name',
  email: 'contacts_by_email',
  created_at: 'contacts_by_created',
  updated_at: 'contacts_by_updated',
  last_seen_at: 'contacts_by_last_seen',
  country: 'contacts_by_country',
  source: 'contacts_by_source',
};

describe('query plans of the hot list queries', () => {
  for (const key of SORT_KEYS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort by ${key} ${dir} walks ${EXPECTED_INDEX[key]} (first page and next page)`, () => {
        const first = buildListQuery({ sort: { key, dir }, filter: {}, limit: 100 }, compiled({}));
        const firstPlan = plan(first.sql, first.params);
        expect(firstPlan).toContain(EXPECTED_INDEX[key]);
        expect(firstPlan).not.toContain('TEMP B-TREE');
        // The next page is a union of index seeks, each at most a page long; only those
        // few rows are sorted, never the table.
        const cursor = Buffer.from(JSON.stringify(key === 'country' || key === 'source' ? ['a', 'b', 1] : ['a', 1])).toString('base64url');
        const next = buildListQuery({ sort: { key, dir }, filter: {}, cursor, limit: 100 }, compiled({}));
        const nextPlan = plan(next.sql, next.params);
        expect(nextPlan).toMatch(new RegExp(`SEARCH c USING INDEX ${EXPECTED_INDEX[key]} \\(\\w+[=<>]`));
        expect(nextPlan).not.toMatch(/SCAN c( |$)/m);
      });
    }
  }

  it('a country filter sorted by name uses the (country, name) index without sorting', () => {
    const q = buildListQuery({ sort: { key: 'name', dir: 'asc' }, filter: { countries: ['DE'] }, limit: 100 }, compiled({ countries: ['DE'] }));
    const detail = plan(q.sql, q.params);
    expect(detail).toContain('contacts_by_country');
    expect(detail).not.toContain('TEMP B-TREE');
  });

  it('a common tag walks the sort index and probes the tag links, without a Bloom filter over all links', () => {
    const q = buildListQuery({ sort: { key: 'created_at', dir: 'desc' }, filter: { tags: ['vip'] }, limit: 100 }, compiled({ tags: ['vip'] }, { ids: [1], rare: false }));
    const detail = plan(q.sql, q.params);
    expect(detail).toContain('contacts_by_created');
    expect(detail).not.toContain('TEMP B-TREE FOR ORDER BY');
    expect(detail).not.toContain('BLOOM');
  });

  it('a rare tag reads its links and sorts only those contacts', () => {
    const q = buildListQuery({ sort: { key: 'created_at', dir: 'desc' }, filter: { tags: ['rare'] }, limit: 100 }, compiled({ tags: ['rare'] }, { ids: [1], rare: true }));
    const detail = plan(q.sql, q.params);
    expect(detail).toMatch(/SEARCH ct? ?USING (COVERING )?INDEX|SEARCH contact_tags USING PRIMARY KEY|PRIMARY KEY \(tag_id=\?\)/);
  });

  it('a "name starts with" condition is a range seek on the name, never a scan of every contact', () => {
    const filter: ContactFilter = { where: { match: 'all', items: [{ field: 'name', op: 'starts_with', value: 'An' }] } };
    const q = buildListQuery({ sort: { key: 'name', dir: 'asc' }, filter, limit: 100 }, compileFilter(ws, filter));
    const detail = plan(q.sql, q.params);
    // With these statistics SQLite may skip-scan the (source, name) index instead; both seek.
    expect(detail).toMatch(/SEARCH c USING INDEX contacts_by_\w+ \((ANY\(sort_source\) AND )?sort_name>\? AND sort_name<\?\)/);
    expect(detail).not.toMatch(/SCAN c( |$)/m);
  });

  it('a common country under another sort walks that sort\'s index (no sort of every match); a rare one uses its own', () => {
    const common = buildListQuery({ sort: { key: 'last_seen_at', dir: 'desc' }, filter: { countries: ['DE'] }, limit: 100 }, { where: ['+c.sort_country = ?'], params: ['DE'], fts: null });
    const walked = plan(common.sql, common.params);
    expect(walked).toContain('contacts_by_last_seen');
    expect(walked).not.toContain('TEMP B-TREE');
    const rare = buildListQuery({ sort: { key: 'last_seen_at', dir: 'desc' }, filter: { countries: ['LI'] }, limit: 100 }, compiled({ countries: ['LI'] }));
    expect(plan(rare.sql, rare.params)).toContain('contacts_by_country');
  });

  it('the consent status of a list page seeks the consents index per contact, never scans it', () => {
    const detail = plan('SELECT contact_id, purpose, status, at, pk FROM consents WHERE contact_id IN (SELECT value FROM json_each(?))', ['["a","b"]']);
    expect(detail).toContain('SEARCH consents USING INDEX consents_by_contact (contact_id=?)');
    expect(detail).not.toMatch(/SCAN consents/);
  });

  it('search walks the FTS index by rowid, newest first, without sorting', () => {
    const q = buildListQuery({ sort: { key: 'name', dir: 'asc' }, filter: { search: 'an' }, limit: 100 }, compiled({ search: 'an' }));
    const detail = plan(q.sql, q.params);
    expect(detail).toMatch(/VIRTUAL TABLE INDEX/);
    expect(detail).not.toContain('TEMP B-TREE');
  });

  it('the timeline reads each source through its (contact, time) index', () => {
    for (const [table, column, index] of [
      ['events', 'occurred_at', 'events_by_contact'],
      ['notes', 'created_at', 'notes_by_contact'],
      ['conversations', 'started_at', 'conversations_by_contact'],
      ['field_changes', 'at', 'field_changes_by_contact'],
    ] as const) {
      const detail = plan(`SELECT * FROM ${table} WHERE contact_id = ? AND ${column} < ? ORDER BY ${column} DESC LIMIT 30`, ['x', 'z']);
      expect(detail, table).toContain(index);
    }
  });
});
