/**
 * Pages cross from the pull thread packed into one string and typed arrays
 * (core/sync/packed-page.ts); unpacked they must be exactly what was prepared.
 */
import { describe, expect, it } from 'vitest';
import { prepareEntity } from '../core/db/apply.js';
import { fieldDefinitions, generateWorkspace } from '../core/generator/index.js';
import type { PreparedPage } from '../core/sync/page-source.js';
import { packPage, unpackPage } from '../core/sync/packed-page.js';
import { entityDigest } from '../core/sync/checksum.js';

describe('packed pages', () => {
  it('unpack to the prepared page: every kind, hostile text, empty strings, nulls, deletions and invalid changes, in order', () => {
    const batch = [...generateWorkspace({ seed: 21, contacts: 200, batchSize: 200, hostileShare: 0.4 })][0]!;
    const page: PreparedPage = {
      fromCursor: 'c-41',
      nextCursor: 'c-42',
      hasMore: true,
      changeCount: 0,
      valid: [
        ...fieldDefinitions().map((e) => ({ op: 'upsert' as const, entity: prepareEntity('field_definition', e) })),
        ...batch.contacts.map((e) => ({ op: 'upsert' as const, entity: prepareEntity('contact', { ...e, city: '' }) })),
        { op: 'delete', kind: 'event', id: 'gone-1', version: 7, reason: 'deleted', mergedInto: null },
        ...batch.conversations.map((e) => ({ op: 'upsert' as const, entity: prepareEntity('conversation', e) })),
        ...batch.events.map((e) => ({ op: 'upsert' as const, entity: prepareEntity('event', e) })),
        { op: 'delete', kind: 'contact', id: 'merged-1', version: 3, reason: 'merged', mergedInto: batch.contacts[0]!.id },
        ...batch.notes.map((e) => ({ op: 'upsert' as const, entity: prepareEntity('note', e) })),
        ...batch.followUps.map((e) => ({ op: 'upsert' as const, entity: prepareEntity('follow_up', e) })),
      ],
      invalid: [{ kind: 'contact', id: 'bad', version: 1, reason: 'Invalid contact: email: too long', payload: '{"id":"bad"}' }],
    };
    page.changeCount = page.valid.length + page.invalid.length;
    // Only the five stored fields of a consent cross (unknown consent fields are never stored).
    for (const change of page.valid) {
      if (change.op === 'upsert' && change.entity.contact) {
        change.entity.contact.consents = change.entity.contact.consents.map((c) => ({ purpose: c.purpose, status: c.status, at: c.at, source: c.source ?? null, evidence: c.evidence ?? null }));
      }
    }
    const { packed, transfer } = packPage(page);
    expect(transfer).toHaveLength(4);
    expect(packed.digests.length).toBe(0);
    expect(unpackPage(structuredClone(packed))).toEqual(page);

    // With the checksum digests the pull thread makes, each upsert gets its own back.
    for (const change of page.valid) if (change.op === 'upsert') change.entity.digest = entityDigest(change.entity.id, change.entity.version);
    const withDigests = packPage(page).packed;
    expect(withDigests.digests.length).toBe(32 * page.valid.filter((c) => c.op === 'upsert').length);
    const unpacked = unpackPage(structuredClone(withDigests));
    unpacked.valid.forEach((change, i) => {
      const original = page.valid[i]!;
      if (change.op === 'upsert' && original.op === 'upsert') expect(Buffer.from(change.entity.digest!).equals(Buffer.from(original.entity.digest!))).toBe(true);
    });
  });

  it('refuses a page whose values do not add up', () => {
    const batch = [...generateWorkspace({ seed: 22, contacts: 30, batchSize: 30 })][0]!;
    const page: PreparedPage = { fromCursor: null, nextCursor: 'x', hasMore: false, changeCount: 1, valid: [{ op: 'upsert', entity: prepareEntity('event', batch.events[0]!) }], invalid: [] };
    const { packed } = packPage(page);
    expect(() => unpackPage({ ...packed, valid: 2 })).toThrow(/ended early/);
    expect(() => unpackPage({ ...packed, types: Uint8Array.from([...packed.types, 0]) })).toThrow(/left over/);
  });
});
