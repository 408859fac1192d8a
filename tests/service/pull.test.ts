import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, decodeCursor, pull } from '../../service/pull.js';
import { Replica, type TestService, mid, startTestService } from './helpers.js';

describe('POST /v1/sync/pull', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ seed: 300 });
  });
  afterAll(() => svc.cleanup());

  it('pages from null to the end: ascending seq, each entity once, has_more until the last page', async () => {
    const limit = 97;
    const seen = new Set<string>();
    let cursor: string | null = null;
    let last = 0;
    let pages = 0;
    for (;;) {
      const page = await svc.pull(cursor, limit);
      pages++;
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      for (const c of page.changes) {
        expect(c.seq).toBeGreaterThan(last);
        last = c.seq;
        const key = `${c.entity}:${c.id}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(c.op).toBe('upsert');
        expect(c.data).toMatchObject({ id: c.id, version: c.version });
      }
      if (page.has_more) expect(page.changes).toHaveLength(limit);
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    const counts = svc.store.counts();
    const live = Object.values(counts).reduce((s, c) => s + c.live, 0);
    expect(seen.size).toBe(live);
    expect(pages).toBe(Math.ceil(live / limit) + (live % limit === 0 ? 1 : 0));
    expect(last).toBe(svc.store.seq);
    // Caught up: pulling again returns nothing and keeps the cursor.
    const again = await svc.pull(cursor, limit);
    expect(again).toEqual({ changes: [], next_cursor: cursor, has_more: false });
  });

  it('serves a page read ahead only while nothing was written since: the answer is always the current one', async () => {
    const limit = 40;
    const first = await svc.pull(null, limit);
    // Give the service its idle moment to build the next page ahead.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const unchanged = await svc.pull(first.next_cursor, limit);
    expect(unchanged).toEqual(JSON.parse(pull(svc.store, { cursor: first.next_cursor, limit })));

    // Now a contact on the page after that one changes between the two requests.
    const third = JSON.parse(pull(svc.store, { cursor: unchanged.next_cursor, limit })) as { changes: { entity: string; id: string }[] };
    const moved = third.changes.find((c) => c.entity === 'contact')!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await svc.admin('POST', '/admin/mutate', { id: moved.id, fields: { city: 'Read-ahead test' } });
    const after = await svc.pull(unchanged.next_cursor, limit);
    // The change moved the contact to the end of the feed, off this page.
    expect(after.changes.some((c) => c.id === moved.id)).toBe(false);
    expect(after).toEqual(JSON.parse(pull(svc.store, { cursor: unchanged.next_cursor, limit })));
  });

  it('gives the cursor the documented shape: base64url of {"s": seq}', async () => {
    const page = await svc.pull(null, 3);
    expect(JSON.parse(Buffer.from(page.next_cursor, 'base64url').toString())).toEqual({ s: page.changes[2]!.seq });
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('bm90IGpzb24')).toBeUndefined();
  });

  it('applying the same pages twice changes nothing', async () => {
    const { changes } = await svc.pullAll(null, 250);
    const replica = new Replica();
    replica.apply(changes);
    const once = JSON.stringify([...replica.entities]);
    const applied = replica.applied;
    replica.apply(changes);
    expect(replica.applied).toBe(applied);
    expect(JSON.stringify([...replica.entities])).toBe(once);
    expect(replica.checksum()).toEqual((await svc.api('GET', '/v1/sync/checksum')).body.entities);
  });

  it('sends children near their contacts, some of them before the contact', async () => {
    const { changes } = await svc.pullAll(null, 5000);
    const contactSeq = new Map(changes.filter((c) => c.entity === 'contact').map((c) => [c.id, c.seq]));
    let before = 0;
    let after = 0;
    const distances: number[] = [];
    for (const c of changes) {
      if (c.entity !== 'conversation' && c.entity !== 'event') continue;
      const parent = contactSeq.get(String(c.data!.contact_id));
      expect(parent).toBeDefined();
      if (c.seq < parent!) before++;
      else after++;
      distances.push(Math.abs(c.seq - parent!));
    }
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before * 4);
    distances.sort((a, b) => a - b);
    expect(distances[Math.floor(distances.length / 2)]!).toBeLessThan(20);
  });

  it('lists each changed entity once, at its current state, after the cursor', async () => {
    const { cursor } = await svc.pullAll(null, 5000);
    const contact = (await svc.pull(null, 5000)).changes.find((c) => c.entity === 'contact')!;
    for (const city of ['Porto', 'Lisboa', 'Braga']) await svc.admin('POST', '/admin/mutate', { id: contact.id, fields: { city } });
    const page = await svc.pull(cursor);
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]).toMatchObject({ entity: 'contact', id: contact.id, version: contact.version + 3, data: { city: 'Braga' } });
  });

  it('sends deletions as op delete with a reason (and merged_into for merges)', async () => {
    const { changes, cursor } = await svc.pullAll(null, 5000);
    const contacts = changes.filter((c) => c.entity === 'contact');
    const [a, b, c] = [contacts[10]!, contacts[11]!, contacts[12]!];
    const results = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'delete', id: a.id, base_version: a.version },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: b.id, merge_from: [c.id], base_version: b.version },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const page = await svc.pullAll(cursor);
    const deletes = page.changes.filter((x) => x.op === 'delete');
    expect(deletes.find((x) => x.id === a.id)).toEqual({ seq: expect.any(Number), entity: 'contact', op: 'delete', id: a.id, version: expect.any(Number), reason: 'deleted' });
    expect(deletes.find((x) => x.id === c.id)).toMatchObject({ entity: 'contact', op: 'delete', reason: 'merged', merged_into: b.id });
    for (const d of deletes) expect(d).not.toHaveProperty('data');
  });

  it('after catching up, every reference of a live child resolves to a live contact', async () => {
    const replica = new Replica();
    replica.apply((await svc.pullAll(null, 333)).changes);
    const contacts = new Set(replica.live('contact').map((c) => c.id));
    for (const kind of ['conversation', 'event', 'note', 'follow_up'] as const) {
      for (const child of replica.live(kind)) expect(contacts.has(String(child.data.contact_id)), `${kind} ${child.id}`).toBe(true);
    }
  });
});

describe('tombstone retention and cursor_expired', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ seed: 40, retentionDays: 30 });
  });
  afterAll(() => svc.cleanup());

  it('answers 410 cursor_expired for a cursor older than a purged tombstone', async () => {
    const start = await svc.pullAll(null, 5000);
    const oldCursor = start.cursor;
    const victim = start.changes.find((c) => c.entity === 'contact')!;
    expect((await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'delete', id: victim.id, base_version: victim.version }]))[0]!.status).toBe('applied');
    const afterDelete = (await svc.pullAll(oldCursor)).cursor;

    // Within the retention nothing is purged and old cursors keep working.
    expect((await svc.admin('POST', '/admin/purge-tombstones', {})).body).toMatchObject({ purged: 0 });
    expect((await svc.api('POST', '/v1/sync/pull', { cursor: oldCursor })).status).toBe(200);

    // 31 days later the retention (30 days) has passed.
    await svc.admin('POST', '/admin/clock', { offsetDays: 31 });
    const purge = await svc.admin<{ purged: number; purged_through_seq: number }>('POST', '/admin/purge-tombstones', {});
    expect(purge.body.purged).toBeGreaterThan(0);
    expect(purge.body.purged_through_seq).toBe(decodeCursor(afterDelete));

    const expired = await svc.api('POST', '/v1/sync/pull', { cursor: oldCursor });
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ error: { code: 'cursor_expired', message: expect.any(String) } });
    // A client that saw the tombstones, and a full resync, are fine.
    expect((await svc.api('POST', '/v1/sync/pull', { cursor: afterDelete })).status).toBe(200);
    const resync = await svc.pullAll(null, 5000);
    expect(resync.changes.some((c) => c.id === victim.id)).toBe(false);
    // A full resync in small pages passes below the purged seq without being sent back to null.
    const paged = await svc.pullAll(null, 3);
    expect(paged.pages).toBeGreaterThan(5);
    expect(paged.changes.length).toBe(resync.changes.length);
    await svc.admin('POST', '/admin/clock', { offsetDays: 0 });
  });

  it('purges everything on request, and refuses a cursor from the future', async () => {
    const { changes } = await svc.pullAll(null, 5000);
    const contact = changes.find((c) => c.entity === 'contact' && c.op === 'upsert')!;
    await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'delete', id: contact.id }]);
    const all = await svc.admin<{ purged: number; purged_through_seq: number }>('POST', '/admin/purge-tombstones', { all: true });
    expect(all.body.purged).toBeGreaterThan(0);
    expect(svc.store.counts().contact.tombstones).toBe(0);
    const ahead = await svc.api('POST', '/v1/sync/pull', { cursor: encodeCursor(svc.store.seq + 10) });
    expect(ahead.status).toBe(410);
  });
});

