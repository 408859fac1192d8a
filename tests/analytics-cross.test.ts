/**
 * Figures and drill-downs agree: for every bar, heatmap cell, consent status and health card,
 * the contact list a click opens (analytics.drillFilter through contacts.count) holds exactly
 * the contacts the figure counted — both while the rollups are built (figures computed
 * directly) and after (figures from the rollups). The heatmap's cells also equal the
 * conversations inside the drill's local-hour intervals.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drillFilter } from '../core/analytics/drill.js';
import { breakdown, consent, conversations, growth, health } from '../core/analytics/figures.js';
import { localHourIntervals } from '../core/analytics/local-hours.js';
import { buildRollupsNow, startRollupsOver } from '../core/analytics/rollups.js';
import { countContacts } from '../core/services/contacts.js';
import { seedWorkspace } from '../core/services/seed.js';
import type { AnalyticsScope, DrillTarget } from '../preload/contract.js';
import { openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
beforeAll(() => {
  ws = openTestWorkspace();
  seedWorkspace(ws, { contacts: 3000, seed: 5 });
});
afterAll(() => ws.cleanup());

const SCOPES = [
  [null, 'UTC'],
  [{ from: '2025-03-10T13:37:00.000Z', to: '2026-11-02T05:11:00.000Z' }, 'Europe/Berlin'],
  [{ from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }, 'Asia/Kolkata'],
] as const;

function drillMismatches(ready: boolean): string[] {
  const mismatches: string[] = [];
  const n = (s: AnalyticsScope, t: DrillTarget) => countContacts(ws, drillFilter(ws, s, t).filter).count;
  for (const [range, tz] of SCOPES) {
    const scope: AnalyticsScope = { range: range ? { ...range } : null, timeZone: tz };
    for (const dim of ['source', 'country', 'locale', 'tag', 'field:plan', 'field:interests', 'field:marketing_qualified'] as const) {
      const b = breakdown(ws, scope, dim, 100);
      for (const item of b.items) {
        const got = n(scope, { kind: 'breakdown', dimension: dim, value: item.value });
        if (got !== item.count) mismatches.push(`${ready} ${tz} ${dim}=${JSON.stringify(item.value)} figure ${item.count} drill ${got}`);
      }
    }
    const c = consent(ws, scope);
    for (const p of c.purposes) for (const st of ['granted', 'denied', 'withdrawn', 'none'] as const) {
      const got = n(scope, { kind: 'consent', purpose: p.purpose, status: st });
      if (got !== p[st]) mismatches.push(`${ready} ${tz} consent ${p.purpose} ${st} figure ${p[st]} drill ${got}`);
    }
    for (const bucket of ['day', 'week'] as const) {
      const g = growth(ws, scope, bucket);
      for (const pt of g.points.slice(-40)) {
        const got = n(scope, { kind: 'newContacts', from: pt.from, to: pt.to });
        if (got !== pt.newContacts) mismatches.push(`${ready} ${tz} growth ${pt.from} figure ${pt.newContacts} drill ${got}`);
        const first = n(scope, { kind: 'conversations', from: pt.from, to: pt.to, firstOnly: true });
        if (first !== pt.firstConversations) mismatches.push(`${ready} ${tz} first ${pt.from} figure ${pt.firstConversations} drill ${first}`);
      }
    }
  }
  const h = health(ws, undefined, 180);
  const checks = { missingEmail: h.missingEmail, missingPhone: h.missingPhone, missingBoth: h.missingBoth, invalidEmail: h.invalidEmail, invalidPhone: h.invalidPhone, inactive: h.inactive } as const;
  for (const [check, count] of Object.entries(checks)) {
    const got = n({ range: null, timeZone: 'UTC' }, { kind: 'health', check: check as keyof typeof checks, inactiveDays: 180 });
    if (got !== count) mismatches.push(`${ready} health ${check} figure ${count} drill ${got}`);
  }
  for (const f of h.fields) {
    const got = n({ range: null, timeZone: 'UTC' }, { kind: 'emptyField', key: f.key });
    if (got !== h.contacts - f.filled) mismatches.push(`${ready} emptyField ${f.key} figure ${h.contacts - f.filled} drill ${got}`);
  }
  return mismatches;
}

const HEAT_SCOPES = [
  [{ from: '2024-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }, 'Europe/Berlin'],
  [{ from: '2025-03-10T13:37:00.000Z', to: '2026-11-02T05:11:00.000Z' }, 'Asia/Kolkata'],
  [{ from: '2025-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }, 'Australia/Lord_Howe'],
  [{ from: '2025-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }, 'America/New_York'],
] as const;

function heatmapMismatches(ready: boolean): string[] {
  const mismatches: string[] = [];
  const inIntervals = ws.db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM json_each(?) w CROSS JOIN conversations v WHERE v.started_at >= json_extract(w.value, '$[0]') AND v.started_at < json_extract(w.value, '$[1]')",
  );
  for (const [range, tz] of HEAT_SCOPES) {
    const fig = conversations(ws, { range: { ...range }, timeZone: tz }, 'week');
    for (let w = 0; w < 7; w++) {
      for (let h = 0; h < 24; h++) {
        const intervals = localHourIntervals({ from: Date.parse(range.from), to: Date.parse(range.to), timeZone: tz, weekday: w, hour: h });
        const count = inIntervals.get(JSON.stringify(intervals.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()])))!.n;
        if (count !== fig.heatmap[w]![h]) mismatches.push(`${ready} ${tz} ${w}/${h} figure ${fig.heatmap[w]![h]} drill ${count}`);
      }
    }
  }
  return mismatches;
}

it('while the rollups are built, every drill-down lists exactly the contacts its figure counted', () => {
  ws.db.transaction(() => startRollupsOver(ws.db)).immediate();
  expect(drillMismatches(false)).toEqual([]);
  expect(heatmapMismatches(false)).toEqual([]);
}, 300_000);

it('from the rollups, every drill-down lists exactly the contacts its figure counted', () => {
  buildRollupsNow(ws.db);
  expect(drillMismatches(true)).toEqual([]);
  expect(heatmapMismatches(true)).toEqual([]);
}, 300_000);
