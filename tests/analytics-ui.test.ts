/**
 * The Analytics page's pure helpers (renderer/src/features/analytics/analyticsModel.ts) and
 * how the list ANDs a drill-down's filter with the person's own (state/listView.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ContactFilter, FilterCondition, FilterTree } from '../preload/contract';
import { bucketLabel, bucketTick, chartSlug, effectiveBucket, formatShare, heatLevel, heatmapCellLabel, isRangeError, rangeOf, shiftDay, toCsv } from '../renderer/src/features/analytics/analyticsModel';
import { combineWithDrill } from '../renderer/src/state/listView';

describe('date ranges', () => {
  const now = new Date(2026, 2, 14, 15, 30); // 14 March 2026, 15:30 local

  it('a preset covers whole local days ending with today', () => {
    const range = rangeOf({ preset: '7d', from: '', to: '' }, now);
    expect(range).toEqual({ from: new Date(2026, 2, 8).toISOString(), to: new Date(2026, 2, 15).toISOString() });
    const year = rangeOf({ preset: '12m', from: '', to: '' }, now);
    expect(isRangeError(year!) ? null : year!.from).toBe(new Date(2025, 2, 15).toISOString());
  });

  it('is the same all day (the figures are cached by it)', () => {
    expect(rangeOf({ preset: '30d', from: '', to: '' }, new Date(2026, 2, 14, 0, 1))).toEqual(rangeOf({ preset: '30d', from: '', to: '' }, new Date(2026, 2, 14, 23, 59)));
  });

  it('all time is no range; a custom range includes its last day', () => {
    expect(rangeOf({ preset: 'all', from: '', to: '' }, now)).toBeNull();
    expect(rangeOf({ preset: 'custom', from: '2026-01-01', to: '2026-01-31' }, now)).toEqual({ from: new Date(2026, 0, 1).toISOString(), to: new Date(2026, 1, 1).toISOString() });
  });

  it('says what is wrong with a custom range', () => {
    expect(rangeOf({ preset: 'custom', from: '', to: '2026-01-31' }, now)).toEqual({ error: 'Choose the first day' });
    expect(rangeOf({ preset: 'custom', from: '2026-02-01', to: '' }, now)).toEqual({ error: 'Choose the last day' });
    expect(rangeOf({ preset: 'custom', from: '2026-02-02', to: '2026-02-01' }, now)).toEqual({ error: 'The last day is before the first' });
  });

  it('charts by week when a range has too many days to read', () => {
    const days = (n: number) => ({ from: new Date(2026, 0, 1).toISOString(), to: new Date(2026, 0, 1 + n).toISOString() });
    expect(effectiveBucket(days(90), 'day')).toBe('day');
    expect(effectiveBucket(days(365), 'day')).toBe('week');
    expect(effectiveBucket(null, 'day')).toBe('week');
    expect(effectiveBucket(days(7), 'week')).toBe('week');
  });

  it('shifts local days across months and years', () => {
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('labels', () => {
  it('names a bucket by its local date, a week as "Week of"', () => {
    expect(bucketTick('2026-03-04')).toMatch(/Mar.*4|4.*Mar/);
    expect(bucketTick('2026-03-04', true)).toMatch(/Mar.*2026|2026.*Mar/);
    expect(bucketLabel('2026-03-04', 'day')).toMatch(/2026/);
    expect(bucketLabel('2026-03-02', 'week')).toMatch(/^Week of .*2026/);
    expect(bucketLabel('not a date', 'day')).toBe('not a date');
  });

  it('labels a heatmap cell with its weekday, hour and count', () => {
    expect(heatmapCellLabel(1, 14, 123)).toBe('Tuesday 14:00–15:00: 123 conversations');
    expect(heatmapCellLabel(6, 23, 1)).toBe('Sunday 23:00–00:00: 1 conversation');
    expect(heatmapCellLabel(0, 0, 0)).toBe('Monday 00:00–01:00: 0 conversations');
  });

  it('shades a cell by its share of the busiest hour', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(100, 100)).toBe(5);
    expect(heatLevel(5, 0)).toBe(0);
  });

  it('writes shares for people', () => {
    expect(formatShare(1, 8)).toBe('13%');
    expect(formatShare(1, 40)).toBe('2.5%');
    expect(formatShare(0, 40)).toBe('0%');
    expect(formatShare(3, 0)).toBe('—');
  });

  it('names a chart file after its title', () => {
    expect(chartSlug('New and returning conversations')).toBe('new-and-returning-conversations');
    expect(chartSlug('Ça & Öl')).toBe('a-l');
    expect(chartSlug('!!!')).toBe('chart');
    expect(chartSlug('x'.repeat(60))).toHaveLength(40);
    expect(chartSlug('When people talk to the bot: hours of the week')).toMatch(/^[a-z0-9-]{1,40}$/);
  });
});

describe('CSV of a chart', () => {
  it('quotes what needs quoting and ends rows with CRLF', () => {
    expect(toCsv(['Value', 'Contacts'], [['Berlin, DE', 3], ['say "hi"', 0], ['two\nlines', null]])).toBe('Value,Contacts\r\n"Berlin, DE",3\r\n"say ""hi""",0\r\n"two\nlines",\r\n');
  });

  it('leaves values as they are (the core defuses formulas when it writes the file)', () => {
    expect(toCsv(['v'], [['=1+2'], [-3], [Number.NaN]])).toBe('v\r\n=1+2\r\n-3\r\n\r\n');
  });
});

describe('a drill-down ANDed with the list filter', () => {
  const country: FilterCondition = { field: 'country', op: 'any_of', value: ['DE'] };
  const vip: FilterCondition = { field: 'tags', op: 'any_of', value: ['vip'] };
  const lead: FilterCondition = { field: 'tags', op: 'any_of', value: ['lead'] };
  const city: FilterCondition = { field: 'city', op: 'is', value: 'Berlin' };
  const drill: ContactFilter = { where: { match: 'all', items: [country] }, segment: 's1', conversations: { channel: 'web' }, invalid: 'email' };

  it('without a drill the filter is unchanged', () => {
    const filter: ContactFilter = { countries: ['FR'] };
    expect(combineWithDrill(filter, null)).toBe(filter);
  });

  it('copies the segment, conversation and invalid conditions and keeps the quick filters', () => {
    expect(combineWithDrill({ sources: ['web'], search: 'anna' }, drill)).toEqual({ sources: ['web'], search: 'anna', segment: 's1', conversations: { channel: 'web' }, invalid: 'email', where: drill.where });
  });

  it('appends the person\'s "all of" conditions', () => {
    const own: FilterTree = { match: 'all', items: [vip, { match: 'any', conditions: [city, lead] }] };
    expect(combineWithDrill({ where: own }, drill).where).toEqual({ match: 'all', items: [country, vip, { match: 'any', conditions: [city, lead] }] });
  });

  it('keeps the person\'s "any of" conditions as one group', () => {
    const own: FilterTree = { match: 'any', items: [vip, lead] };
    expect(combineWithDrill({ where: own }, drill).where).toEqual({ match: 'all', items: [country, { match: 'any', conditions: [vip, lead] }] });
  });

  it('distributes an "any of" with groups over the drill (a filter is two levels deep)', () => {
    const own: FilterTree = { match: 'any', items: [vip, { match: 'all', conditions: [lead, city] }] };
    expect(combineWithDrill({ where: own }, drill).where).toEqual({
      match: 'any',
      items: [
        { match: 'all', conditions: [country, vip] },
        { match: 'all', conditions: [country, lead, city] },
      ],
    });
  });

  it('writes out a drill with an "any of" group against the person\'s "any of" with groups', () => {
    // Like "no activity for 180 days": seen long ago, or never seen and created long ago.
    const seenLongAgo: FilterCondition = { field: 'last_seen_at', op: 'not_in_last_days', value: 180 };
    const neverSeen: FilterCondition = { field: 'last_seen_at', op: 'is_empty' };
    const inactive: ContactFilter = { where: { match: 'all', items: [country, { match: 'any', conditions: [seenLongAgo, neverSeen] }] } };
    const own: FilterTree = { match: 'any', items: [vip, { match: 'all', conditions: [lead, city] }] };
    expect(combineWithDrill({ where: own }, inactive).where).toEqual({
      match: 'any',
      items: [
        { match: 'all', conditions: [country, seenLongAgo, vip] },
        { match: 'all', conditions: [country, seenLongAgo, lead, city] },
        { match: 'all', conditions: [country, neverSeen, vip] },
        { match: 'all', conditions: [country, neverSeen, lead, city] },
      ],
    });
    // Against plain "any of" conditions it stays a group beside the drill's.
    expect(combineWithDrill({ where: { match: 'any', items: [vip, lead] } }, inactive).where).toEqual({
      match: 'all',
      items: [country, { match: 'any', conditions: [seenLongAgo, neverSeen] }, { match: 'any', conditions: [vip, lead] }],
    });
  });

  it('a drill without conditions leaves the person\'s where alone', () => {
    const own: FilterTree = { match: 'any', items: [vip, lead] };
    expect(combineWithDrill({ where: own }, { invalid: 'phone' })).toEqual({ where: own, invalid: 'phone' });
  });
});

describe('what refreshes the page', () => {
  it('contact, workspace, field and segment changes, and a sync that finished', async () => {
    const { changesFigures } = await import('../renderer/src/features/analytics/useAnalytics');
    const last = { current: null as string | null };
    expect(changesFigures({ type: 'contacts.changed', ids: ['c1'] }, last)).toBe(true);
    expect(changesFigures({ type: 'workspace.changed' }, last)).toBe(true);
    expect(changesFigures({ type: 'fields.changed' }, last)).toBe(true);
    expect(changesFigures({ type: 'segments.changed' }, last)).toBe(true);
    expect(changesFigures({ type: 'followUps.changed', contactId: 'c1' }, last)).toBe(false);
    const status = (lastSyncAt: string | null) => ({ type: 'sync.status', status: { lastSyncAt } }) as unknown as Parameters<typeof changesFigures>[0];
    expect(changesFigures(status('2026-03-14T10:00:00.000Z'), last)).toBe(true);
    // Progress of the same sync, or a status repeated: nothing new to count.
    expect(changesFigures(status('2026-03-14T10:00:00.000Z'), last)).toBe(false);
    expect(changesFigures(status('2026-03-14T10:05:00.000Z'), last)).toBe(true);
    // The rollups being built: only their end refreshes (the page leaves "preparing").
    expect(changesFigures({ type: 'progress', job: 'analytics', done: 10, total: 40 }, last)).toBe(false);
    expect(changesFigures({ type: 'progress', job: 'analytics', done: 40, total: 40 }, last)).toBe(true);
    expect(changesFigures({ type: 'progress', job: 'export', done: 40, total: 40 }, last)).toBe(false);
  });
});
