import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestService, T0, mid, startTestService } from './helpers.js';

/** Strings that appear nowhere else in the workspace. */
const NAME = 'Zephyrine';
const LAST = 'Quillfeatherova';
const EMAIL = 'zephyrine.quillfeather@privacy.example';
const ALT_EMAIL = 'zq.old-address@privacy.example';
const MESSAGE = 'Please send the parcel to Quillfeatherova Manor';
const NOTE = 'Quillfeatherova prefers calls after six';
const EVIDENCE = 'Signed form QF-778899';
const SECRETS = [LAST, EMAIL, ALT_EMAIL, MESSAGE, NOTE, EVIDENCE];

describe('erase', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ seed: 60 });
  });
  afterAll(() => svc.cleanup());

  function fileBytes(): Buffer {
    svc.store.checkpoint();
    const wal = svc.store.path + '-wal';
    return Buffer.concat([readFileSync(svc.store.path), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
  }

  it('removes the person, the contacts merged into them and all their children, leaving no personal data in the file', async () => {
    const person = svc.store.db
      .prepare<[], { contact_id: string }>(
        "SELECT contact_id FROM entities WHERE kind = 'conversation' AND deleted = 0 AND contact_id IN (SELECT contact_id FROM entities WHERE kind = 'event') LIMIT 1",
      )
      .get()!.contact_id;
    const conversation = svc.store.childrenOf(person).find((c) => c.kind === 'conversation')!;
    const event = svc.store.childrenOf(person).find((c) => c.kind === 'event')!;
    const duplicate = '5a1e0000-0000-4000-8000-000000000001';
    const note = '5a1e0000-0000-4000-8000-000000000002';
    const follow = '5a1e0000-0000-4000-8000-000000000003';

    // Make the person identifiable everywhere: contact, a merged duplicate, messages, events, notes, follow-ups, consents.
    await svc.admin('POST', '/admin/mutate', { id: person, fields: { first_name: NAME, last_name: LAST, full_name: `${NAME} ${LAST}`, email: EMAIL } });
    const convData = svc.store.live('conversation', conversation.id)!.data;
    const messages = [...(convData.messages as object[]), { id: 'msg-secret', role: 'user', author_name: `${NAME} ${LAST}`, text: MESSAGE, sent_at: T0 }];
    expect((await svc.admin('POST', '/admin/mutate', { entity: 'conversation', id: conversation.id, fields: { messages } })).status).toBe(200);
    await svc.admin('POST', '/admin/mutate', { entity: 'event', id: event.id, fields: { properties: { typed: MESSAGE } } });
    const setup = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'create', id: duplicate, fields: { first_name: NAME, last_name: LAST, email: ALT_EMAIL } },
      { mutation_id: mid(), entity: 'note', op: 'create', id: note, fields: { contact_id: duplicate, body: NOTE } },
      { mutation_id: mid(), entity: 'contact', op: 'merge', id: person, merge_from: [duplicate] },
      { mutation_id: mid(), entity: 'follow_up', op: 'create', id: follow, fields: { contact_id: person, title: `Call ${LAST}`, due_at: T0 } },
      { mutation_id: mid(), entity: 'contact', op: 'consent_set', id: person, consent: { purpose: 'data_processing', status: 'granted', at: T0, source: 'paper', evidence: EVIDENCE } },
      { mutation_id: mid(), entity: 'contact', op: 'update', id: person, fields: { city: 'Elsewhere' }, base: { city: 'not what the server has' } },
    ]);
    expect(setup.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'conflict']);
    const children = svc.store.childrenOf(person);
    expect(children.map((c) => c.id)).toEqual(expect.arrayContaining([conversation.id, event.id, note, follow]));

    const before = fileBytes();
    // The merged duplicate's own fields went with the merge (a tombstone keeps no data).
    expect(before.includes(ALT_EMAIL)).toBe(false);
    for (const secret of SECRETS.filter((s) => s !== ALT_EMAIL)) expect(before.includes(secret), `the test can see ${secret}`).toBe(true);
    const { cursor } = await svc.pullAll(null, 5000);

    const [erase] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'erase', id: person, base_version: 1 }]);
    expect(erase!.status).toBe('applied');

    // Every trace goes out as an `erased` tombstone without data.
    const { changes } = await svc.pullAll(cursor, 5000);
    const erased = changes.filter((c) => c.op === 'delete' && c.reason === 'erased').map((c) => c.id);
    expect(erased.sort()).toEqual([person, duplicate, ...children.map((c) => c.id)].sort());
    for (const c of changes) expect(c).not.toHaveProperty('data.email', EMAIL);
    expect(svc.store.childrenOf(person)).toEqual([]);

    const after = fileBytes();
    for (const secret of SECRETS) expect(after.includes(secret), `${secret} is still in the database file`).toBe(false);
    expect(after.includes(`${NAME} ${LAST}`)).toBe(false);

    expect(svc.store.recomputeChecksum()).toEqual(svc.store.checksum());
  });

  it('never answers conflict: erasing again, or an unknown id, is applied', async () => {
    const [r1] = await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'erase', id: '5a1e0000-0000-4000-8000-0000000000ff' }]);
    expect(r1).toMatchObject({ status: 'applied', version: 0 });
    const id = '5a1e0000-0000-4000-8000-000000000010';
    await svc.push([{ mutation_id: mid(), entity: 'contact', op: 'create', id, fields: { first_name: 'Short-lived' } }]);
    const results = await svc.push([
      { mutation_id: mid(), entity: 'contact', op: 'erase', id },
      { mutation_id: mid(), entity: 'contact', op: 'erase', id },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(results[1]!.version).toBe(results[0]!.version);
  });
});
