/**
 * The hand-written checks of the hot entities (core/spec/fast-parse.ts) must agree with the
 * zod schemas: same value (key order included, as it is stored as JSON) when both accept,
 * and no value when the schema refuses. Checked over generated data with hostile text, and
 * over every field of those entities broken in every way a server could break it.
 */
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../core/generator/index.js';
import { ENTITY_SCHEMAS, type EntityKind } from '../core/spec/entities.js';
import { fastParse } from '../core/spec/fast-parse.js';
import { checkChange } from '../core/sync/changes.js';

const batch = [...generateWorkspace({ seed: 11, contacts: 400, batchSize: 400, hostileShare: 0.3 })][0]!;
const samples: [EntityKind, Record<string, unknown>][] = [
  ...batch.contacts.map((e) => ['contact', e] as [EntityKind, Record<string, unknown>]),
  ...batch.conversations.map((e) => ['conversation', e] as [EntityKind, Record<string, unknown>]),
  ...batch.events.map((e) => ['event', e] as [EntityKind, Record<string, unknown>]),
];

/** Agreement of the two on one input; returns whether the schema accepted it. */
function agree(kind: EntityKind, input: unknown): boolean {
  const schema = ENTITY_SCHEMAS[kind].safeParse(input);
  const fast = fastParse(kind, input);
  if (!schema.success) {
    expect(fast, `${kind} accepted by the fast path only: ${JSON.stringify(input)?.slice(0, 300)}`).toBeNull();
    return false;
  }
  if (fast !== null) expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.data));
  return true;
}

const BROKEN_VALUES: unknown[] = [undefined, null, 0, -1, 1.5, 6, 2 ** 60, '', 'x', 'x'.repeat(65), 'x'.repeat(400), 'not a time', '2024-02-30T10:00:00Z',
  // Times near the edges of the fast check's accepted form.
  '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2024-04-31T10:00:00Z',
  '2024-13-01T00:00:00Z', '2024-00-10T00:00:00Z', '2024-01-00T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60:00Z',
  '2024-01-01T10:00:60Z', '0000-01-01T00:00:00Z', '2024-01-01T10:00:00.12Z', '2024-01-01T10:00:00+02:00', '2024-01-01 10:00:00Z', true, [], ['a'], [{}], {}, { a: { b: 1 } }];

function variants(input: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(input)) {
    for (const value of BROKEN_VALUES) {
      const copy: Record<string, unknown> = { ...input };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      out.push(copy);
    }
  }
  out.push({ ...input, unknown_field: { kept: true } }, JSON.parse(`{"__proto__": {"polluted": 1}, "id": "x"}`), null, [], 'text');
  return out;
}

describe('fast checks of pulled entities', () => {
  it('give the schema’s value for generated entities, hostile text included', () => {
    let fastAccepted = 0;
    for (const [kind, entity] of samples) {
      expect(agree(kind, entity)).toBe(true);
      if (fastParse(kind, entity)) fastAccepted++;
    }
    // The point of them: nearly every real entity takes the fast path.
    expect(fastAccepted / samples.length).toBeGreaterThan(0.95);
  });

  it('refuse whatever the schema refuses, field by field, messages, consents and custom fields included', () => {
    let refused = 0;
    const pick = <T>(list: T[], n: number) => list.filter((_, i) => i % Math.ceil(list.length / n) === 0);
    for (const [kind, entity] of [...pick(samples.filter(([k]) => k === 'contact'), 15), ...pick(samples.filter(([k]) => k !== 'contact'), 30)]) {
      for (const variant of variants(entity)) if (!agree(kind, variant)) refused++;
      const nested = kind === 'conversation' ? 'messages' : kind === 'contact' ? 'consents' : null;
      const items = nested ? (entity[nested] as Record<string, unknown>[]) : [];
      if (nested && items.length > 0) {
        for (const item of variants(items[0]!)) if (!agree(kind, { ...entity, [nested]: [item, ...items.slice(1)] })) refused++;
      }
      if (kind === 'contact') {
        for (const value of BROKEN_VALUES) {
          if (!agree(kind, { ...entity, custom_fields: { plan: value } })) refused++;
          if (!agree(kind, { ...entity, tags: [value] })) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(500);
  });

  it('leave the envelope of a change to the schema when it is not plainly valid', () => {
    const good = { seq: 1, entity: 'event', op: 'upsert', id: batch.events[0]!.id, version: batch.events[0]!.version, data: batch.events[0] };
    expect(checkChange(good).ok).toBe(true);
    for (const variant of variants(good)) {
      const result = checkChange(variant);
      if (!result.ok) expect(result.invalid.reason).not.toBe('');
    }
    expect(checkChange({ ...good, version: -1 }).ok).toBe(false);
    expect(checkChange({ ...good, op: 'patch' }).ok).toBe(false);
    expect(checkChange({ ...good, id: 'x'.repeat(65) }).ok).toBe(false);
  });
});
