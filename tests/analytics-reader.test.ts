/**
 * The analytics reader thread (core/analytics/reader-thread.ts): figures read directly (a
 * segment, or while the rollups are built) are computed on a read-only connection in a
 * thread of their own, so the database worker keeps answering. It must give the same
 * numbers as computing in place, see the worker's later commits, and pass errors through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsReader } from '../core/analytics/reader-client.js';
import { computeFigure, figureHandlers, type FigureReader } from '../core/analytics/figures.js';
import { buildRollupsNow } from '../core/analytics/rollups.js';
import { CoreError } from '../core/api/errors.js';
import { createContact } from '../core/services/contacts.js';
import { createField } from '../core/services/fields.js';
import { seedWorkspace } from '../core/services/seed.js';
import { createSegment } from '../core/services/segments.js';
import { openTestWorkspace } from './helpers.js';

const READER = new URL('./support/ts-analytics-reader.mjs', import.meta.url);

let ws: ReturnType<typeof openTestWorkspace>;
let reader: AnalyticsReader;
let segment: string;

beforeAll(() => {
  ws = openTestWorkspace();
  seedWorkspace(ws, { contacts: 600, seed: 11 });
  buildRollupsNow(ws.db);
  segment = createSegment(ws, { name: 'Germany', kind: 'filter', filter: { countries: ['DE'] }, view: {}, contactIds: [] }).id;
  reader = new AnalyticsReader(READER, ws.options.databasePath);
});
afterAll(async () => {
  await reader.close();
  ws.cleanup();
});

describe('the analytics reader thread', () => {
  it('computes a segment\'s figures the same as in place', async () => {
    const scope = { range: null, timeZone: 'Europe/Berlin', segment };
    expect(await reader.call('analytics.overview', { scope })).toEqual(computeFigure(ws, 'analytics.overview', { scope }));
    expect(await reader.call('analytics.breakdown', { scope, dimension: 'source', limit: 12 })).toEqual(computeFigure(ws, 'analytics.breakdown', { scope, dimension: 'source', limit: 12 }));
    expect(await reader.call('analytics.health', { segment, inactiveDays: 90 })).toEqual(computeFigure(ws, 'analytics.health', { segment, inactiveDays: 90 }));
    const conversations = await reader.call('analytics.conversations', { scope, bucket: 'week' });
    expect(conversations.points.reduce((n, p) => n + p.conversations, 0)).toBeGreaterThan(0);
    expect(conversations).toEqual(computeFigure(ws, 'analytics.conversations', { scope, bucket: 'week' }));
  });

  it('sees what the worker committed since its last answer (contacts, and memoised field definitions)', async () => {
    const scope = { range: null, timeZone: 'UTC', segment };
    const before = await reader.call('analytics.overview', { scope });
    createContact(ws, { firstName: 'Reader', lastName: 'Check', country: 'DE' });
    const after = await reader.call('analytics.overview', { scope });
    expect(after.totalContacts).toBe(before.totalContacts + 1);

    const fieldsBefore = (await reader.call('analytics.health', { segment, inactiveDays: 90 })).fields.length;
    createField(ws, { label: 'Reader field', type: 'text' });
    expect((await reader.call('analytics.health', { segment, inactiveDays: 90 })).fields.length).toBe(fieldsBefore + 1);
  });

  it('passes a refusal through with its code and path', async () => {
    const error = await reader.call('analytics.overview', { scope: { range: null, timeZone: 'UTC', segment: 'no-such-segment' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreError);
    expect(error).toMatchObject({ code: 'not_found', path: ['scope', 'segment'] });
  });

  it('is used for a segment, and figures from the rollups stay in place', async () => {
    const sent: string[] = [];
    const recording: FigureReader = {
      call: (method, input) => {
        sent.push(method);
        return reader.call(method, input);
      },
    };
    const handlers = figureHandlers(ws, recording);
    await handlers['analytics.overview']({ scope: { range: null, timeZone: 'UTC' } });
    await handlers['analytics.consent']({ scope: { range: null, timeZone: 'UTC', segment } });
    await handlers['analytics.health']({ inactiveDays: 30 });
    await handlers['analytics.health']({ segment, inactiveDays: 30 });
    expect(sent).toEqual(['analytics.consent', 'analytics.health']);
  });
});
