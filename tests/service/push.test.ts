import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mutation, type TestService, T0, mid, startTestService } from './helpers.js';

let svc: TestService;
let n = 0;
const newId = (): string => `7e57c0de-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;

/** A contact created through push; returns its id. */
async function createContact(fields: Record<string, unknown> = {}): Promise<string> {
  const id = newId();
  const [r] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id, base_version: null, fields: { first_name: 'Test', last_name: `Person ${n}`, email: `person${n}@example.com`, ...fields }, at: T0 }]);
  expect(r).toMatchObject({ status: 'applied', version: 1 });
  return id;
}

function contact(id: string): Record<string, unknown> {
  const live = svc.store.live('contact', id);
  if (!live) throw new Error(`contact ${id} is not live`);
  return live.data;
}

/** A seeded contact that has conversations and events. */
function seededParent(skip = 0): string {
  const rows = svc.store.db
    .prepare<[], { contact_id: string }>(
      `SELECT contact_id FROM entities WHERE kind = 'conversation' AND deleted = 0
       AND contact_id IN (SELECT contact_id FROM entities WHERE kind = 'event' AND deleted = 0)
       AND contact_id IN (SELECT id FROM entities WHERE kind = 'contact' AND deleted = 0) GROUP BY contact_id ORDER BY contact_id`,
    )
    .all();
  return rows[skip]!.contact_id;
}

beforeAll(async () => {
  svc = await startTestService({ seed: 200 });
});
afterAll(() => svc.cleanup());

describe('push: idempotency', () => {
  it('answers duplicate for a mutation_id seen before and applies its effect once', async () => {
    const id = await createContact();
    const consent: Mutation = { mutation_id: mid(), entity: 'contact', op: 'consent_set', id, consent: { purpose: 'marketing_email', status: 'granted', at: T0, source: 'app', evidence: 'ticked' } };
    const first = await svc.push([consent, consent]);
    expect(first.map((r) => r.status)).toEqual(['applied', 'duplicate']);
    const again = await svc.push([consent]);
    expect(again[0]).toMatchObject({ mutation_id: consent.mutation_id, status: 'duplicate', version: first[0]!.version, outcome: 'applied' });
    expect((contact(id).consents as unknown[]).length).toBe(1);
    expect(contact(id).version).toBe(2);
    const stats = await svc.admin<{ mutation: { applications: number; received: number } }>('GET', `/admin/stats?mutation_id=${consent.mutation_id}`);
    expect(stats.body.mutation).toMatchObject({ applications: 1, received: 3 });
  });

  it('remembers rejections and conflicts too', async () => {
    const rejected: Mutation = { mutation_id: mid(), entity: 'contact', op: 'update', id: newId(), fields: { city: 'X' } };
    const [r1] = await svc.push([rejected]);
    const [r2] = await svc.push([rejected]);
    expect(r1!.status).toBe('rejected');
    expect(r2).toMatchObject({ status: 'duplicate', outcome: 'rejected', reason: r1!.reason });
  });

  it('applies each mutation in its own transaction, in order: a rejection does not undo the others', async () => {
    const id = await createContact();
    const results = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'tag_add', id, tag: 'first' },
      { mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { phone: 'not a phone' } },
      { mutation_id: mid(), entity: 'contact', op: 'tag_add', id, tag: 'second' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results.map((r) => r.version)).toEqual([2, 2, 3]);
    expect(contact(id).tags).toEqual(['first', 'second']);
  });
});

describe('push: contact create and update', () => {
  it('keeps the client’s id, fills the managed fields and validates', async () => {
    const id = await createContact({ phone: '+4915112345678', country: 'DE', tags: ['a', 'a', 'b'] });
    const data = contact(id);
    expect(data).toMatchObject({ id, version: 1, full_name: `Test Person ${n}`, phone: '+4915112345678', source: 'agent', tags: ['a', 'b'], consents: [], custom_fields: {} });
    expect(data.created_at).toMatch(/Z$/);
    expect(data.updated_at).toBe(data.created_at);
  });

  it('rejects invalid contact data and says why', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ phone: '0151 123' }, 'phone'],
      [{ email: 'no-at-sign' }, 'email'],
      [{ country: 'de' }, 'country'],
      [{ created_at: '2026-11-01 10:00' }, 'created_at'],
      [{ source: 'fax' }, 'source'],
      [{ tags: 'vip' }, 'tags'],
      [{ first_name: 42 }, 'first_name'],
      [{ custom_fields: { plan: { nested: true } } }, 'custom_fields'],
    ];
    for (const [fields, field] of bad) {
      const [r] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id: newId(), fields }]);
      expect(r!.status, JSON.stringify(fields)).toBe('rejected');
      expect(r!.reason).toContain(field);
    }
  });

  it('answers conflict with the existing contact when the email exists (case-insensitive)', async () => {
    const existing = await createContact({ email: 'Grace.Hopper@Navy.example' });
    const id = newId();
    const [r] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id, fields: { first_name: 'G', email: 'grace.hopper@navy.EXAMPLE' } }]);
    expect(r).toMatchObject({ status: 'conflict', version: 1, entity: { id: existing, email: 'Grace.Hopper@Navy.example' } });
    expect(svc.store.get('contact', id)).toBeUndefined();
  });

  it('answers conflict for a create of an id that exists', async () => {
    const id = await createContact();
    const [r] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id, fields: { first_name: 'Again' } }]);
    expect(r).toMatchObject({ status: 'conflict', entity: { id, first_name: 'Test' } });
  });

  it('per field: applies what still matches base, keeps the server value and reports a conflict for the rest', async () => {
    const id = await createContact({ city: 'Berlin', phone: '+4915100000001' });
    // The chatbot changes the city meanwhile.
    await svc.admin('POST', '/admin/mutate', { id, fields: { city: 'Hamburg' } });
    const [r] = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'update', id, base_version: 1, fields: { city: 'Munich', phone: '+4915100000002' }, base: { city: 'Berlin', phone: '+4915100000001' } },
    ]);
    expect(r!.status).toBe('conflict');
    expect(r!.reason).toContain('city');
    expect(r!.reason).not.toContain('phone');
    expect(r!.version).toBe(3);
    expect(r!.entity).toMatchObject({ id, version: 3, city: 'Hamburg', phone: '+4915100000002' });
    expect(contact(id)).toMatchObject({ city: 'Hamburg', phone: '+4915100000002', version: 3 });
  });

  it('does not raise the version when every field conflicts; applies fields without a base', async () => {
    const id = await createContact({ city: 'Berlin' });
    await svc.admin('POST', '/admin/mutate', { id, fields: { city: 'Hamburg' } });
    const [all] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { city: 'Munich' }, base: { city: 'Berlin' } }]);
    expect(all).toMatchObject({ status: 'conflict', version: 2, entity: { city: 'Hamburg', version: 2 } });
    const [nobase] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { city: 'Munich' } }]);
    expect(nobase).toMatchObject({ status: 'applied', version: 3 });
    // custom_fields compare as one whole value (deep equality, key order ignored).
    await svc.admin('POST', '/admin/mutate', { id, fields: { custom_fields: { plan: 'Pro', company: 'ACME' } } });
    const [deep] = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { custom_fields: { plan: 'Business', company: 'ACME' } }, base: { custom_fields: { company: 'ACME', plan: 'Pro' } } },
    ]);
    expect(deep).toMatchObject({ status: 'applied', version: 5 });
  });

  it('ignores managed fields, rejects changing fixed ones and taking another contact’s email', async () => {
    const id = await createContact({ email: 'one@example.com' });
    await createContact({ email: 'two@example.com' });
    const [managed] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { city: 'Rome', updated_at: '2000-01-01T00:00:00.000Z', version: 99 } }]);
    expect(managed).toMatchObject({ status: 'applied', version: 2 });
    expect(contact(id).updated_at).not.toBe('2000-01-01T00:00:00.000Z');
    const [consents] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { consents: [] } }]);
    expect(consents).toMatchObject({ status: 'applied' }); // same value: nothing to change
    const [email] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { email: 'TWO@example.com' }, base: { email: 'one@example.com' } }]);
    expect(email!.status).toBe('rejected');
    expect(email!.reason).toContain('e-mail');
    expect(contact(id).email).toBe('one@example.com');
  });

  it('rejects updates of deleted, merged, erased and unknown contacts', async () => {
    const deleted = await createContact();
    const survivor = await createContact();
    const merged = await createContact();
    const erased = await createContact();
    await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'delete', id: deleted },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: survivor, merge_from: [merged] },
      { mutation_id: mid(), entity: 'contact', op: 'erase', id: erased },
    ]);
    const updates = [deleted, merged, erased, newId()].map((id) => ({ mutation_id: mid(), entity: 'contact', op: 'update', id, fields: { city: 'Oslo' } }));
    const tags = [deleted, merged].map((id) => ({ mutation_id: mid(), entity: 'contact', op: 'tag_add', id, tag: 'x' }));
    const results = await svc.push([...updates, ...tags]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(results[0]!.reason).toContain('deleted');
    expect(results[1]!.reason).toContain(`merged into ${survivor}`);
    expect(results[2]!.reason).toContain('erased');
  });
});

describe('push: tags and consents', () => {
  it('tag_add and tag_remove never conflict; a no-op keeps the version', async () => {
    const id = await createContact({ tags: ['lead'] });
    await svc.admin('POST', '/admin/mutate', { id, fields: { tags: ['lead', 'vip'] } });
    const results = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'tag_add', id, base_version: 1, tag: 'newsletter' },
      { mutation_id: mid(), entity: 'contact', op: 'tag_add', id, base_version: 1, tag: 'vip' },
      { mutation_id: mid(), entity: 'contact', op: 'tag_remove', id, base_version: 1, tag: 'lead' },
      { mutation_id: mid(), entity: 'contact', op: 'tag_remove', id, base_version: 1, tag: 'never-there' },
    ]);
    expect(results.map((r) => [r.status, r.version])).toEqual([
      ['applied', 3],
      ['applied', 3],
      ['applied', 4],
      ['applied', 4],
    ]);
    expect(contact(id).tags).toEqual(['vip', 'newsletter']);
  });

  it('consent_set appends to the history and validates the consent', async () => {
    const id = await createContact();
    const c = (status: string, at: string) => ({ mutation_id: mid(), entity: 'contact', op: 'consent_set', id, consent: { purpose: 'marketing_sms', status, at, source: 'app', evidence: null } });
    const results = await svc.push([c('granted', '2026-11-01T10:00:00.000Z'), c('withdrawn', '2026-11-02T10:00:00.000Z'), c('maybe', T0), c('granted', 'yesterday')]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected']);
    expect((contact(id).consents as Array<{ status: string }>).map((x) => x.status)).toEqual(['granted', 'withdrawn']);
  });
});

describe('push: delete, merge', () => {
  it('deleting a contact deletes its conversations, events, notes and follow-ups, each with its own tombstone', async () => {
    const id = seededParent(0);
    const { cursor } = await svc.pullAll(null, 5000);
    const note = newId();
    const follow = newId();
    const created = await svc.push([
      { mutation_id: mid(), entity: 'note', op: 'create', id: note, fields: { contact_id: id, body: 'Called **twice**' } },
      { mutation_id: mid(), entity: 'follow_up', op: 'create', id: follow, fields: { contact_id: id, title: 'Call back', due_at: '2026-12-01T09:00:00.000Z' } },
    ]);
    expect(created.map((r) => r.status)).toEqual(['applied', 'applied']);
    const children = svc.store.childrenOf(id);
    expect(new Set(children.map((c) => c.kind))).toEqual(new Set(['conversation', 'event', 'note', 'follow_up']));
    const [del] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'delete', id }]);
    expect(del!.status).toBe('applied');
    const { changes } = await svc.pullAll(cursor, 5000);
    const tombstones = changes.filter((c) => c.op === 'delete');
    expect(tombstones.map((t) => `${t.entity}:${t.id}`).sort()).toEqual([...children.map((c) => `${c.kind}:${c.id}`), `contact:${id}`].sort());
    expect(tombstones.every((t) => t.reason === 'deleted')).toBe(true);
    expect(svc.store.childrenOf(id)).toEqual([]);
    // Deleting again, or something unknown, is applied.
    const again = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'delete', id },
      { mutation_id: mid(), entity: 'note', op: 'delete', id: note },
      { mutation_id: mid(), entity: 'contact', op: 'delete', id: newId() },
    ]);
    expect(again.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(again[0]!.version).toBe(del!.version);
  });

  it('merge re-points the children, unites tags and consents, keeps the survivor’s fields, and tombstones with merged_into', async () => {
    const survivor = seededParent(1);
    const source = seededParent(2);
    const survivorBefore = structuredClone(contact(survivor));
    const sourceBefore = structuredClone(contact(source));
    await svc.admin('POST', '/admin/mutate', { id: source, fields: { tags: ['from-source'], consents: [{ purpose: 'marketing_email', status: 'withdrawn', at: '2026-01-01T00:00:00.000Z', source: 'x', evidence: null }] } });
    const children = svc.store.childrenOf(source);
    const versions = new Map(children.map((c) => [c.id, svc.store.get(c.kind, c.id)!.version]));
    const { cursor } = await svc.pullAll(null, 5000);

    const [r] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'merge', id: survivor, base_version: 1, merge_from: [source] }]);
    expect(r).toMatchObject({ status: 'applied', version: (survivorBefore.version as number) + 1 });

    const after = contact(survivor);
    for (const key of ['first_name', 'last_name', 'email', 'phone', 'city', 'custom_fields']) expect(after[key]).toEqual(survivorBefore[key]);
    expect(after.tags).toEqual([...new Set([...(survivorBefore.tags as string[]), 'from-source'])]);
    expect((after.consents as Array<{ status: string }>).some((c) => c.status === 'withdrawn')).toBe(true);
    expect(svc.store.get('contact', source)).toMatchObject({ deleted: true, reason: 'merged', mergedInto: survivor, data: null });

    const { changes } = await svc.pullAll(cursor, 5000);
    for (const child of children) {
      const change = changes.find((c) => c.id === child.id)!;
      expect(change).toMatchObject({ op: 'upsert', version: versions.get(child.id)! + 1, data: { contact_id: survivor } });
    }
    const tomb = changes.find((c) => c.id === source)!;
    expect(tomb).toMatchObject({ op: 'delete', reason: 'merged', merged_into: survivor });
    // Children come before the tombstone, the survivor last.
    expect(Math.max(...children.map((c) => changes.find((x) => x.id === c.id)!.seq))).toBeLessThan(tomb.seq);
    expect(changes.find((c) => c.id === survivor)!.seq).toBeGreaterThan(tomb.seq);
    // The freed e-mail can be used again.
    if (sourceBefore.email) {
      const [reuse] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id: newId(), fields: { email: sourceBefore.email } }]);
      expect(reuse!.status).toBe('applied');
    }
  });

  it('merge is idempotent per contact and refuses what cannot be merged', async () => {
    const a = await createContact();
    const b = await createContact();
    const c = await createContact();
    const gone = await createContact();
    await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'delete', id: gone }]);
    const results = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: a, merge_from: [b] },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: a, merge_from: [b] },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: a, merge_from: [a] },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: a, merge_from: [gone] },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: c, merge_from: [b] },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: a, merge_from: [] },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(results[1]!.version).toBe(results[0]!.version);
    expect(results[4]!.reason).toContain(`merged into ${a}`);
  });
});

describe('push: notes, follow-ups, field definitions, server entities', () => {
  it('notes: create (author is the agent), per-field update, fixed fields, delete, no notes on deleted contacts', async () => {
    const id = await createContact();
    const noteId = newId();
    const [created] = await svc.push([{ mutation_id: mid(), entity: 'note', op: 'create', id: noteId, fields: { contact_id: id, body: '# Hello\n<script>x</script>' } }]);
    expect(created).toMatchObject({ status: 'applied', version: 1 });
    const workspace = await svc.api<{ agent: { id: string; name: string } }>('GET', '/v1/workspace');
    expect(svc.store.live('note', noteId)!.data).toMatchObject({ contact_id: id, pinned: false, author: { id: workspace.body.agent.id, name: workspace.body.agent.name } });
    const results = await svc.push([
      { mutation_id: mid(), entity: 'note', op: 'update', id: noteId, fields: { pinned: true }, base: { pinned: false } },
      { mutation_id: mid(), entity: 'note', op: 'update', id: noteId, fields: { body: 'new' }, base: { body: 'stale' } },
      { mutation_id: mid(), entity: 'note', op: 'update', id: noteId, fields: { contact_id: newId() } },
      { mutation_id: mid(), entity: 'note', op: 'delete', id: noteId },
      { mutation_id: mid(), entity: 'note', op: 'update', id: noteId, fields: { pinned: false } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'conflict', 'rejected', 'applied', 'rejected']);
    expect(results[1]!.entity).toMatchObject({ body: '# Hello\n<script>x</script>', pinned: true });
    await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'delete', id }]);
    const [orphan] = await svc.push([{ mutation_id: mid(), entity: 'note', op: 'create', id: newId(), fields: { contact_id: id, body: 'late' } }]);
    expect(orphan!.status).toBe('rejected');
  });

  it('follow-ups: create, mark done, delete; times must be UTC with milliseconds', async () => {
    const id = await createContact();
    const f = newId();
    const results = await svc.push([
      { mutation_id: mid(), entity: 'follow_up', op: 'create', id: f, fields: { contact_id: id, title: 'Send pricing', due_at: '2026-12-01T09:00:00.000Z', assignee: null } },
      { mutation_id: mid(), entity: 'follow_up', op: 'update', id: f, fields: { done_at: '2026-11-30T08:00:00.000Z' }, base: { done_at: null } },
      { mutation_id: mid(), entity: 'follow_up', op: 'create', id: newId(), fields: { contact_id: id, title: 'x', due_at: '2026-12-01T10:00:00+01:00' } },
      { mutation_id: mid(), entity: 'follow_up', op: 'create', id: newId(), fields: { contact_id: id, due_at: '2026-12-01T10:00:00.000Z' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected']);
    expect(svc.store.live('follow_up', f)!.data).toMatchObject({ assignee: null, done_at: '2026-11-30T08:00:00.000Z', version: 2 });
    expect((await svc.push([{ mutation_id: mid(), entity: 'follow_up', op: 'delete', id: f }]))[0]!.status).toBe('applied');
  });

  it('field definitions: create, unique key (conflict), fixed key, archive by update or delete', async () => {
    const id = newId();
    const results = await svc.push([
      { mutation_id: mid(), entity: 'field_definition', op: 'create', id, fields: { key: 'shoe_size', label: 'Shoe size', type: 'number' } },
      { mutation_id: mid(), entity: 'field_definition', op: 'create', id: newId(), fields: { key: 'shoe_size', label: 'Again', type: 'text' } },
      { mutation_id: mid(), entity: 'field_definition', op: 'update', id, fields: { label: 'Shoe size (EU)' }, base: { label: 'Shoe size' } },
      { mutation_id: mid(), entity: 'field_definition', op: 'update', id, fields: { key: 'size' } },
      { mutation_id: mid(), entity: 'field_definition', op: 'create', id: newId(), fields: { key: 'x', label: 'X', type: 'colour' } },
      { mutation_id: mid(), entity: 'field_definition', op: 'delete', id },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'conflict', 'applied', 'rejected', 'rejected', 'applied']);
    expect(results[1]!.entity).toMatchObject({ id, key: 'shoe_size' });
    expect(svc.store.get('field_definition', id)).toMatchObject({ deleted: false, version: 3 });
    expect(svc.store.live('field_definition', id)!.data).toMatchObject({ archived: true, label: 'Shoe size (EU)', key: 'shoe_size' });
  });

  it('rejects pushes of server entities, unknown entities and ops, and malformed mutations', async () => {
    const results = await svc.push([
      { mutation_id: mid(), entity: 'conversation', op: 'update', id: newId(), fields: { status: 'resolved' } },
      { mutation_id: mid(), entity: 'event', op: 'create', id: newId(), fields: {} },
      { mutation_id: mid(), entity: 'invoice', op: 'create', id: newId(), fields: {} },
      { mutation_id: mid(), entity: 'contact', op: 'explode', id: newId() },
      { mutation_id: mid(), entity: 'contact', op: 'update', id: newId() },
      { mutation_id: mid(), entity: 'contact', op: 'create', id: 'x'.repeat(65), fields: {} },
      { entity: 'contact', op: 'delete', id: newId() } as unknown as Mutation,
      'not an object' as unknown as Mutation,
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('rejected'));
    expect(results[0]!.reason).toContain('server');
    expect(results[2]!.reason).toContain('unknown entity');
    expect(results[3]!.reason).toContain('unknown op');
    expect(results[4]!.reason).toContain('fields');
    expect(results[6]!.mutation_id).toBeNull();
    for (const r of results) expect(r.reason).toEqual(expect.any(String));
  });
});
