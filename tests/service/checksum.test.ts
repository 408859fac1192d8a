import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceStore } from '../../service/store.js';
import { ZERO_HASH, checksumOf } from '../../service/checksum.js';
import { Activity } from '../../service/activity.js';
import { mulberry32 } from '../../service/seed.js';
import { Replica, type TestService, mid, startTestService } from './helpers.js';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('checksum', () => {
  it('is 64 zeros and count 0 for an empty workspace', async () => {
    const svc = await startTestService();
    try {
      const r = await svc.api<{ seq: number; entities: Record<string, { count: number; hash: string }> }>('GET', '/v1/sync/checksum');
      expect(r.body.seq).toBe(0);
      for (const sum of Object.values(r.body.entities)) expect(sum).toEqual({ count: 0, hash: ZERO_HASH });
    } finally {
      await svc.cleanup();
    }
  });

  it('is the XOR of SHA-256("<id>:<version>") over live entities', () => {
    const a = sha('a:1');
    const b = sha('b:3');
    const xor = Buffer.from(a, 'hex').map((x, k) => x ^ Buffer.from(b, 'hex')[k]!);
    const sums = checksumOf([
      { kind: 'note', id: 'a', version: 1 },
      { kind: 'note', id: 'b', version: 3 },
      { kind: 'contact', id: 'a', version: 1 },
    ]);
    expect(sums.note).toEqual({ count: 2, hash: Buffer.from(xor).toString('hex') });
    expect(sums.contact).toEqual({ count: 1, hash: a });
    expect(sums.event).toEqual({ count: 0, hash: ZERO_HASH });
  });

  describe('kept incrementally', () => {
    let svc: TestService;
    beforeAll(async () => {
      svc = await startTestService({ seed: 150 });
    });
    afterAll(() => svc.cleanup());

    it('equals the checksum recomputed from scratch, and a replica’s, after every kind of change', async () => {
      const expectConsistent = async (): Promise<void> => {
        expect(svc.store.checksum()).toEqual(svc.store.recomputeChecksum());
        const replica = new Replica();
        replica.apply((await svc.pullAll(null, 5000)).changes);
        const served = await svc.api<{ entities: unknown }>('GET', '/v1/sync/checksum');
        expect(replica.checksum()).toEqual(served.body.entities);
      };
      await expectConsistent();

      const contacts = (await svc.pull(null, 5000)).changes.filter((c) => c.entity === 'contact').map((c) => c.id);
      const created = 'c4ec0000-0000-4000-8000-000000000001';
      const results = await svc.push([
        { mutation_id: mid(), entity: 'contact', op: 'create', id: created, fields: { first_name: 'Check' } },
        { mutation_id: mid(), entity: 'contact', op: 'update', id: contacts[0]!, fields: { city: 'Graz' } },
        { mutation_id: mid(), entity: 'contact', op: 'tag_add', id: contacts[1]!, tag: 'sum' },
        { mutation_id: mid(), entity: 'contact', op: 'delete', id: contacts[2]! },
        { mutation_id: mid(), entity: 'contact', op: 'merge', id: contacts[3]!, merge_from: [contacts[4]!, contacts[5]!] },
        { mutation_id: mid(), entity: 'contact', op: 'erase', id: contacts[6]! },
        { mutation_id: mid(), entity: 'note', op: 'create', id: 'c4ec0000-0000-4000-8000-000000000002', fields: { contact_id: created, body: 'n' } },
        { mutation_id: mid(), entity: 'field_definition', op: 'delete', id: (await svc.pull(null, 1)).changes[0]!.id },
      ]);
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      await expectConsistent();

      await svc.admin('POST', '/admin/mutate', { id: contacts[7]!, fields: { last_seen_at: '2026-11-29T10:00:00.000Z' } });
      const activity = new Activity(svc.store, { ratePerMinute: 60, random: mulberry32(9) });
      for (let k = 0; k < 60; k++) activity.step();
      await expectConsistent();

      await svc.admin('POST', '/admin/purge-tombstones', { all: true });
      await expectConsistent();
    });

    it('restores the in-memory state when a transaction rolls back', () => {
      const before = svc.store.checksum();
      const contact = svc.store.db.prepare<[], { id: string }>("SELECT id FROM entities WHERE kind = 'contact' AND deleted = 0 LIMIT 1").get()!.id;
      expect(() =>
        svc.store.transaction(() => {
          svc.store.write('contact', contact, { ...svc.store.live('contact', contact)!.data, city: 'Nowhere' });
          svc.store.tombstone('contact', contact, 'deleted');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(svc.store.checksum()).toEqual(before);
      expect(svc.store.recomputeChecksum()).toEqual(before);
    });

    it('survives a restart (kept in meta)', async () => {
      const sums = svc.store.checksum();
      const reopened = new ServiceStore({ dataDir: svc.dir });
      try {
        expect(reopened.checksum()).toEqual(sums);
        expect(reopened.recomputeChecksum()).toEqual(sums);
      } finally {
        reopened.close();
      }
    });
  });
});
