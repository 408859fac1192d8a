import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS, type EntityKind } from '../../core/spec/entities.js';
import { Activity } from '../../service/activity.js';
import { mulberry32 } from '../../service/seed.js';
import { type TestService, startTestService } from './helpers.js';

describe('live activity', () => {
  let svc: TestService;
  let activity: Activity;
  beforeAll(async () => {
    svc = await startTestService({ seed: 100 });
    activity = new Activity(svc.store, { ratePerMinute: 60, random: mulberry32(3) });
  });
  afterAll(() => svc.cleanup());

  const recent = (iso: unknown): boolean => typeof iso === 'string' && Math.abs(Date.parse(iso) - svc.store.now()) < 10 * 60_000;

  it('brings new contacts who arrive now, with their first conversation and events', async () => {
    const { cursor } = await svc.pullAll(null, 5000);
    for (let k = 0; k < 5; k++) expect(activity.step('new_contact')).toBeGreaterThan(0);
    const { changes } = await svc.pullAll(cursor, 5000);
    const contacts = changes.filter((c) => c.entity === 'contact');
    expect(contacts).toHaveLength(5);
    for (const c of contacts) {
      expect(recent(c.data!.created_at)).toBe(true);
      expect(Date.parse(String(c.data!.created_at))).toBeLessThanOrEqual(svc.store.now());
    }
    const ids = new Set(contacts.map((c) => c.id));
    for (const child of changes.filter((c) => c.entity !== 'contact')) {
      expect(ids.has(String(child.data!.contact_id))).toBe(true);
      for (const key of ['started_at', 'occurred_at']) if (child.data![key]) expect(Date.parse(String(child.data![key]))).toBeLessThanOrEqual(svc.store.now());
    }
  });

  it('starts conversations, adds messages (the conversation sent whole), resolves them', async () => {
    // A fresh instance: its pool of open conversations holds only the one it starts here.
    const activity = new Activity(svc.store, { ratePerMinute: 60, random: mulberry32(4) });
    const { cursor } = await svc.pullAll(null, 5000);
    expect(activity.step('new_conversation')).toBe(3);
    const started = (await svc.pullAll(cursor, 5000)).changes;
    const conversation = started.find((c) => c.entity === 'conversation')!;
    const contact = started.find((c) => c.entity === 'contact')!;
    expect(conversation.data).toMatchObject({ status: 'open', ended_at: null, contact_id: contact.id });
    const messages = conversation.data!.messages as Array<{ role: string; author_name: string | null; sent_at: string }>;
    expect(messages).toHaveLength(3);
    for (const m of messages.filter((m) => m.role === 'user')) expect(m.author_name).toBe(contact.data!.full_name);
    expect(recent(contact.data!.last_seen_at)).toBe(true);
    expect(started.find((c) => c.entity === 'event')!.data).toMatchObject({ type: 'conversation_started', properties: { conversation_id: conversation.id } });

    const before = svc.store.get('conversation', conversation.id)!.version;
    activity.step('new_messages');
    const grown = svc.store.live('conversation', conversation.id)!;
    expect(grown.record.version).toBe(before + 1);
    expect((grown.data.messages as unknown[]).length).toBe(5);

    activity.step('resolve_conversation');
    const resolved = svc.store.live('conversation', conversation.id)!.data;
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(recent(resolved.ended_at)).toBe(true);
  });

  it('adds timeline events and sightings; everything it writes is valid per the spec', async () => {
    const { cursor } = await svc.pullAll(null, 5000);
    for (let k = 0; k < 5; k++) activity.step('event');
    for (let k = 0; k < 5; k++) activity.step('contact_seen');
    for (let k = 0; k < 40; k++) activity.step();
    const { changes } = await svc.pullAll(cursor, 5000);
    expect(changes.filter((c) => c.entity === 'event').length).toBeGreaterThanOrEqual(5);
    for (const c of changes) {
      if (c.op !== 'upsert') continue;
      const parsed = ENTITY_SCHEMAS[c.entity as EntityKind].safeParse(c.data);
      expect(parsed.success, `${c.entity} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(Object.values(activity.counts).every((n) => n > 0)).toBe(true);
    expect(svc.store.checksum()).toEqual(svc.store.recomputeChecksum());
  });

  it('runs by itself at about the rate asked, and stops', async () => {
    const own = await startTestService({ seed: 50, activity: 3000 });
    try {
      const seq = own.store.seq;
      await new Promise((r) => setTimeout(r, 1500));
      own.activity!.stop();
      const made = own.store.seq - seq;
      // 3,000 a minute is 50 a second: about 75 in 1.5 s.
      expect(made).toBeGreaterThan(20);
      expect(made).toBeLessThan(250);
      await new Promise((r) => setTimeout(r, 200));
      expect(own.store.seq - seq).toBe(made);
    } finally {
      await own.cleanup();
    }
  });
});
