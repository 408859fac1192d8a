/**
 * Every export format and back (issue 6): generated contacts with hostile text are exported
 * from one workspace to CSV, Excel and vCard and imported into an empty one, through the real
 * writers, parsers, automatic column matching and checks; the second workspace then holds the
 * same people. JSON has no importer: it is parsed back. Property-based (fast-check).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { prepareExport } from '../core/services/export.js';
import { createField } from '../core/services/fields.js';
import { importFile } from '../core/services/import.js';
import type { Workspace } from '../core/services/workspace.js';
import type { ExportFormat } from '../preload/contract.js';
import { contact, load, openTestWorkspace } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function workspaceWithPlan(): ReturnType<typeof openTestWorkspace> {
  const ws = openTestWorkspace();
  cleanups.push(() => ws.cleanup());
  createField(ws, { label: 'Plan', type: 'text' });
  return ws;
}

// Text a person types: quotes, separators, backslashes, formula starts, accents, emoji, CJK,
// right-to-left letters; trimmed and without control characters (which the formats drop).
const piece = fc.constantFrom('"', ',', ';', '\\', "'", '=', '+', '-', '@', ':', 'é', 'Ø', '😀', '中', 'ש', ' ', 'a', 'Z', '7');
const text = fc
  .string({ unit: fc.oneof(piece, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 30 })
  .filter((s) => s === s.trim() && s.length > 0 && /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u.test(s));
const person = fc.record({
  first: text,
  last: text,
  city: text,
  plan: text,
  mobile: fc.stringMatching(/^[0-9]{8}$/),
  country: fc.constantFrom('DE', 'FR', 'JP', 'BR', 'US', 'NL'),
});
const people = fc.array(person, { minLength: 1, maxLength: 6 });

type Person = { first: string; last: string; email: string; phone: string; city: string; country: string; plan?: string };

function peopleIn(ws: Workspace, withPlan: boolean): Person[] {
  return (
    ws.db
      .prepare('SELECT first_name, last_name, email, phone, city, country, custom_fields FROM contacts ORDER BY email')
      .all() as { first_name: string; last_name: string; email: string; phone: string; city: string; country: string; custom_fields: string }[]
  ).map((r) => ({
    first: r.first_name,
    last: r.last_name,
    email: r.email,
    phone: r.phone,
    city: r.city,
    country: r.country,
    ...(withPlan ? { plan: (JSON.parse(r.custom_fields) as { plan?: string }).plan ?? '' } : {}),
  }));
}

const COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'city', 'country', 'custom.plan'];

async function exported(ws: Workspace, format: ExportFormat): Promise<string> {
  const prepared = await prepareExport(ws, { target: { filter: {} }, format, columns: COLUMNS });
  const outcome = await prepared.run();
  expect(outcome).toMatchObject({ state: 'finished', error: null });
  return prepared.path;
}

describe('round trips through every export format', () => {
  it('CSV, Excel and vCard exports import back into an empty workspace as the same people; JSON parses back', async () => {
    const source = workspaceWithPlan();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(people, async (generated) => {
        run++;
        source.db.exec('DELETE FROM contacts');
        const expected: Person[] = generated
          .map((p, i) => ({ first: p.first, last: p.last, email: `p${run}.${i}@round-trip.example`, phone: `+49151${String(i).padStart(2, '0')}${p.mobile.slice(2)}`, city: p.city, country: p.country, plan: p.plan }))
          .sort((a, b) => (a.email < b.email ? -1 : 1));
        // (Email and phone are unique per person: the importer rightly treats a repeat as the same person.)
        load(source, {
          contacts: expected.map((p, i) =>
            contact({ id: `r${run}-${i}`, first_name: p.first, last_name: p.last, full_name: null, email: p.email, phone: p.phone, city: p.city, country: p.country, custom_fields: { plan: p.plan ?? '' } }),
          ),
        });
        expect(peopleIn(source, true)).toEqual(expected);

        for (const format of ['csv', 'xlsx', 'vcf'] as const) {
          const target = workspaceWithPlan();
          const path = await exported(source, format);
          const job = await importFile(target, { path, fileName: `people.${format}`, onDuplicate: 'update' });
          expect({ format, state: job.state, rejected: job.rejectedRows }).toEqual({ format, state: 'finished', rejected: [] });
          expect(job.created).toBe(expected.length);
          // vCard carries the person's card (names, email, phone, address), not custom fields.
          const carried = format === 'vcf' ? expected.map(({ plan: _plan, ...rest }) => rest) : expected;
          expect(peopleIn(target, format !== 'vcf')).toEqual(carried);
          target.cleanup();
          cleanups.pop();
        }

        const json = JSON.parse(readFileSync(await exported(source, 'json'), 'utf8')) as { firstName: string; lastName: string; email: string; phone: string; city: string; country: string; customFields: { plan: string } }[];
        expect(
          json.map((c) => ({ first: c.firstName, last: c.lastName, email: c.email, phone: c.phone, city: c.city, country: c.country, plan: c.customFields.plan })).sort((a, b) => (a.email < b.email ? -1 : 1)),
        ).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
