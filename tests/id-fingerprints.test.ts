import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdFingerprints } from '../core/db/id-fingerprints.js';

describe('IdFingerprints', () => {
  it('knows every id added, through many growths, and not the others', () => {
    const set = new IdFingerprints();
    const added = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `contact-${i}` : randomUUID()));
    for (const id of added) set.add(id);
    for (const id of added) set.add(id);
    expect(set.size).toBe(added.length);
    expect(added.every((id) => set.has(id))).toBe(true);
    const others = Array.from({ length: 50_000 }, () => randomUUID());
    expect(others.filter((id) => set.has(id))).toEqual([]);
  });

  it('tells apart ids that differ in one character, in length or only in letter case', () => {
    const set = new IdFingerprints(4);
    for (const id of ['a', 'ab', 'abc', 'Ab', '', 'é']) set.add(id);
    for (const id of ['a', 'ab', 'abc', 'Ab', '', 'é']) expect(set.has(id), id).toBe(true);
    for (const id of ['b', 'aB', 'abcd', 'AB', ' ', 'e']) expect(set.has(id), id).toBe(false);
  });
});
