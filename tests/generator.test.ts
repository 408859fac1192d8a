import { describe, expect, it } from 'vitest';
import { CONTACT_SOURCES, ENTITY_SCHEMAS, KNOWN_EVENT_TYPES, type SpecContact } from '../core/spec/entities.js';
import { contactIdFor, fieldDefinitions, generateWorkspace, DEFAULT_NOW, type GeneratorOptions, type WorkspaceBatch } from '../core/generator/index.js';
import { emailNumber } from '../core/generator/contacts.js';
import { iso } from '../core/generator/time.js';
import { LOCALES } from '../core/generator/vocab/locales.js';

function generateAll(options: GeneratorOptions): WorkspaceBatch {
  const all: WorkspaceBatch = { contacts: [], conversations: [], events: [], notes: [], followUps: [] };
  for (const b of generateWorkspace(options)) {
    all.contacts.push(...b.contacts);
    all.conversations.push(...b.conversations);
    all.events.push(...b.events);
    all.notes.push(...b.notes);
    all.followUps.push(...b.followUps);
  }
  return all;
}

/** The part of a workspace that belongs to some contacts, in generation order. */
function restrict(ws: WorkspaceBatch, contacts: readonly SpecContact[]): WorkspaceBatch {
  const ids = new Set(contacts.map((c) => c.id));
  return {
    contacts: [...contacts],
    conversations: ws.conversations.filter((x) => ids.has(x.contact_id)),
    events: ws.events.filter((x) => ids.has(x.contact_id)),
    notes: ws.notes.filter((x) => ids.has(x.contact_id)),
    followUps: ws.followUps.filter((x) => ids.has(x.contact_id)),
  };
}

const NOW = Date.parse(DEFAULT_NOW);

/**
 * Collects what breaks a rule over many items (one `expect` per item would make these tests
 * slow): `rule(ok, what)` records `what()` when `ok` is false; `expect(problems).toEqual([])`.
 */
function ruleBook(): { problems: string[]; rule: (ok: boolean, what: () => unknown) => void } {
  const problems: string[] = [];
  return { problems, rule: (ok, what) => void (ok || problems.length >= 20 || problems.push(JSON.stringify(what()).slice(0, 300))) };
}
const BIG = generateAll({ seed: 20261129, contacts: 20_000 });
const t = (s: string): number => Date.parse(s);

describe('determinism', () => {
  it('gives the same output for the same seed, and another for another seed', () => {
    const a = generateAll({ seed: 42, contacts: 1500 });
    const b = generateAll({ seed: 42, contacts: 1500, batchSize: 333 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateAll({ seed: 43, contacts: 1500 });
    expect(c.contacts[0]!.id).not.toBe(a.contacts[0]!.id);
    expect(JSON.stringify(c.contacts.map((x) => x.full_name))).not.toBe(JSON.stringify(a.contacts.map((x) => x.full_name)));
  });

  it('generates any range exactly as the same slice of a full generation', () => {
    const full = generateAll({ seed: 7, contacts: 3000, batchSize: 1000 });
    const range = generateAll({ seed: 7, contacts: 3000, startIndex: 1234, count: 900, batchSize: 250 });
    expect(range.contacts).toHaveLength(900);
    expect(JSON.stringify(range)).toBe(JSON.stringify(restrict(full, full.contacts.slice(1234, 2134))));
    // Backwards, one contact at a time.
    for (const index of [2999, 1500, 0]) {
      const one = generateAll({ seed: 7, contacts: 3000, startIndex: index, count: 1 });
      expect(JSON.stringify(one)).toBe(JSON.stringify(restrict(full, [full.contacts[index]!])));
    }
  });

  it('yields batches of batchSize contacts with their children', () => {
    const sizes = [...generateWorkspace({ seed: 1, contacts: 2500, batchSize: 1000 })].map((b) => b.contacts.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect([...generateWorkspace({ seed: 1, contacts: 0 })]).toEqual([]);
  });

  it('names every contact id from (seed, index) alone', () => {
    const ws = generateAll({ seed: 99, contacts: 50, startIndex: 10, count: 40 });
    ws.contacts.forEach((c, k) => expect(c.id).toBe(contactIdFor(99, 10 + k)));
    expect(contactIdFor(99, 5)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses options it cannot honour', () => {
    const bad: GeneratorOptions[] = [
      { seed: 1.5, contacts: 10 },
      { seed: 1, contacts: -1 },
      { seed: 1, contacts: 10, startIndex: 5, count: 6 },
      { seed: 1, contacts: 10, now: 'yesterday' },
      { seed: 1, contacts: 10, hostileShare: 2 },
      { seed: 1, contacts: 10, batchSize: 0 },
    ];
    for (const options of bad) expect(() => generateWorkspace(options), JSON.stringify(options)).toThrow(RangeError);
  });
});

describe('validity', () => {
  it('emits field definitions of varied types that pass the schema', () => {
    const defs = fieldDefinitions();
    expect(defs.length).toBeGreaterThanOrEqual(6);
    expect(defs.length).toBeLessThanOrEqual(10);
    for (const type of ['text', 'number', 'boolean', 'date', 'select', 'multi_select', 'url']) expect(defs.some((d) => d.type === type)).toBe(true);
    for (const d of defs) expect(ENTITY_SCHEMAS.field_definition.parse(d)).toEqual(d);
    expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
    expect(fieldDefinitions()).toEqual(defs);
  });

  it('emits entities that pass their schemas unchanged, hostile ones included', () => {
    const ws = generateAll({ seed: 5, contacts: 3000, hostileShare: 0.25 });
    const check = (kind: keyof typeof ENTITY_SCHEMAS, items: readonly object[]): void => {
      for (const item of items) {
        const parsed = ENTITY_SCHEMAS[kind].safeParse(item);
        if (!parsed.success) throw new Error(`${kind} ${JSON.stringify(item).slice(0, 300)}: ${parsed.error.message}`);
        expect(parsed.data).toEqual(item);
      }
    };
    check('contact', ws.contacts);
    check('conversation', ws.conversations);
    check('event', ws.events);
    check('note', ws.notes);
    check('follow_up', ws.followUps);
    for (const e of [...ws.contacts, ...ws.conversations, ...ws.events, ...ws.notes, ...ws.followUps]) expect(e.version).toBe(1);
  });

  it('fills custom fields according to their definitions', () => {
    const defs = new Map(fieldDefinitions().map((d) => [d.key, d]));
    const { problems, rule } = ruleBook();
    for (const c of BIG.contacts) {
      for (const [key, value] of Object.entries(c.custom_fields)) {
        const def = defs.get(key);
        if (!def) {
          rule(false, () => ['unknown field', key]);
          continue;
        }
        let ok: boolean;
        if (def.type === 'number' || def.type === 'boolean') ok = typeof value === def.type;
        else if (def.type === 'date') ok = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
        else if (def.type === 'select') ok = def.options.includes(value as string);
        else if (def.type === 'multi_select') ok = Array.isArray(value) && value.length > 0 && value.every((v) => def.options.includes(v as string));
        else ok = typeof value === 'string';
        rule(ok, () => [key, value]);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('identity', () => {
  it('never repeats an id, across all entities and messages', () => {
    const ids = new Set<string>();
    let n = 0;
    const add = (id: string): void => {
      ids.add(id);
      n++;
    };
    for (const x of [...BIG.contacts, ...BIG.conversations, ...BIG.events, ...BIG.notes, ...BIG.followUps]) add(x.id);
    for (const c of BIG.conversations) for (const m of c.messages) add(m.id);
    for (const d of fieldDefinitions()) add(d.id);
    expect(ids.size).toBe(n);
  });

  it('never repeats an e-mail address, whatever the case', () => {
    const emails = BIG.contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []));
    expect(emails.length).toBeGreaterThan(8000);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}$/);
    // The number that makes an address unique is different for every index.
    const numbers = new Set(Array.from({ length: 100_000 }, (_, i) => emailNumber(i, 12345)));
    expect(numbers.size).toBe(100_000);
  });

  it('links every child to a generated contact, and conversation events to their conversation', () => {
    const contacts = new Set(BIG.contacts.map((c) => c.id));
    const conversations = new Set(BIG.conversations.map((c) => c.id));
    const { problems, rule } = ruleBook();
    for (const x of [...BIG.conversations, ...BIG.events, ...BIG.notes, ...BIG.followUps]) rule(contacts.has(x.contact_id), () => x.id);
    for (const e of BIG.events) {
      if (e.type.startsWith('conversation_') || e.type === 'handoff_requested') rule(conversations.has(e.properties.conversation_id as string), () => e);
    }
    expect(problems).toEqual([]);
    expect(BIG.events.filter((e) => e.type === 'conversation_started')).toHaveLength(BIG.conversations.length);
  });
});

describe('realism', () => {
  const n = BIG.contacts.length;
  const share = (count: number): number => count / n;

  it('has activity in realistic proportions', () => {
    expect(share(BIG.conversations.length)).toBeGreaterThan(1.05);
    expect(share(BIG.conversations.length)).toBeLessThan(1.35);
    expect(share(BIG.events.length)).toBeGreaterThan(2.2);
    expect(share(BIG.events.length)).toBeLessThan(2.9);
    expect(share(BIG.notes.length)).toBeGreaterThan(0.11);
    expect(share(BIG.notes.length)).toBeLessThan(0.2);
    expect(share(BIG.followUps.length)).toBeGreaterThan(0.035);
    expect(share(BIG.followUps.length)).toBeLessThan(0.065);
    const perContact = new Map<string, number>();
    for (const c of BIG.conversations) perContact.set(c.contact_id, (perContact.get(c.contact_id) ?? 0) + 1);
    const counts = [...perContact.values()];
    expect(share(n - perContact.size)).toBeGreaterThan(0.1); // some have none
    expect(share(counts.filter((k) => k === 1).length)).toBeGreaterThan(0.45); // many have one
    expect(share(counts.filter((k) => k >= 5).length)).toBeGreaterThan(0.005); // a few power users
    expect(Math.max(...counts)).toBeLessThanOrEqual(15);
    const lengths = BIG.conversations.map((c) => c.messages.length);
    expect(Math.min(...lengths)).toBe(3);
    expect(Math.max(...lengths)).toBe(14);
    const statuses = new Set(BIG.conversations.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['abandoned', 'open', 'resolved']);
    const handoffs = BIG.conversations.filter((c) => c.messages.some((m) => m.role === 'agent'));
    expect(handoffs.length / BIG.conversations.length).toBeGreaterThan(0.05);
    expect(handoffs.length / BIG.conversations.length).toBeLessThan(0.25);
    const types = new Set(BIG.events.map((e) => e.type));
    for (const type of KNOWN_EVENT_TYPES) expect(types, type).toContain(type);
    expect([...types].some((type) => !(KNOWN_EVENT_TYPES as readonly string[]).includes(type))).toBe(true);
    const purchases = BIG.events.filter((x) => x.type === 'purchase');
    expect(purchases.every((e) => typeof e.properties.amount === 'number' && /^[A-Z]{3}$/.test(e.properties.currency as string))).toBe(true);
    expect(BIG.notes.some((x) => x.pinned) && BIG.notes.some((x) => !x.pinned)).toBe(true);
    expect(BIG.followUps.some((x) => x.done_at !== null)).toBe(true);
    expect(BIG.followUps.some((x) => x.done_at === null && t(x.due_at) < NOW)).toBe(true);
  });

  it('has people from many places, anonymous visitors, and skewed tags and sources', () => {
    const locales = new Set(BIG.contacts.map((c) => c.locale));
    for (const tag of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'es-MX', 'pt-BR', 'it-IT', 'nl-NL', 'pl-PL', 'sv-SE', 'tr-TR', 'ar-EG', 'hi-IN', 'ja-JP', 'zh-CN', 'ko-KR', 'id-ID', 'vi-VN']) {
      expect(locales, tag).toContain(tag);
    }
    const native = { 'ja-JP': /[\u3040-\u30ff\u4e00-\u9fff]/, 'zh-CN': /[\u4e00-\u9fff]/, 'ko-KR': /[\uac00-\ud7af]/, 'ar-EG': /[\u0600-\u06ff]/, 'hi-IN': /[\u0900-\u097f]/ };
    for (const [tag, script] of Object.entries(native)) {
      const names = BIG.contacts.filter((c) => c.locale === tag && c.full_name).map((c) => c.full_name!);
      expect(names.some((x) => script.test(x)), tag).toBe(true);
      expect(names.some((x) => /^[A-Za-z' -]+$/.test(x)), `${tag} transliterated`).toBe(true);
    }
    const anonymous = BIG.contacts.filter((c) => !c.first_name && !c.last_name && !c.email && !c.phone);
    expect(share(anonymous.length)).toBeGreaterThan(0.12);
    expect(share(anonymous.length)).toBeLessThan(0.18);
    expect(anonymous.every((c) => Object.keys(c.custom_fields).join() === 'channel_user_id')).toBe(true);
    expect(share(BIG.contacts.filter((c) => c.full_name && !c.email).length)).toBeGreaterThan(0.1);
    expect(share(BIG.contacts.filter((c) => c.full_name && !c.phone).length)).toBeGreaterThan(0.1);

    const sources = new Map<string, number>();
    for (const c of BIG.contacts) sources.set(c.source!, (sources.get(c.source!) ?? 0) + 1);
    const order = [...sources].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(order[0]).toBe('web');
    expect(order[1]).toBe('whatsapp');
    expect(new Set(order)).toEqual(new Set(CONTACT_SOURCES));

    const tags = new Map<string, number>();
    for (const c of BIG.contacts) for (const tag of c.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const top = Math.max(...tags.values());
    expect(share(top)).toBeGreaterThan(0.15);
    expect(share(top)).toBeLessThan(0.3);
    expect([...tags.values()].some((k) => share(k) < 0.005)).toBe(true);
    expect(BIG.contacts.every((c) => new Set(c.tags).size === c.tags.length)).toBe(true);
  });

  it('writes phone numbers in E.164 with the country code of the contact', () => {
    const codes: Record<string, string> = { US: '1', GB: '44', DE: '49', FR: '33', ES: '34', MX: '52', BR: '55', IT: '39', NL: '31', PL: '48', SE: '46', TR: '90', EG: '20', IN: '91', JP: '81', CN: '86', KR: '82', ID: '62', VN: '84' };
    const { problems, rule } = ruleBook();
    for (const c of BIG.contacts) {
      if (c.phone) rule(/^\+[1-9]\d{9,14}$/.test(c.phone) && (!c.country || c.phone.startsWith('+' + codes[c.country]!)), () => [c.phone, c.country]);
    }
    expect(problems).toEqual([]);
    expect(LOCALES.map((l) => l.country).sort()).toEqual(Object.keys(codes).sort());
  });

  it('puts consents in order, with some withdrawn', () => {
    const { problems, rule } = ruleBook();
    let withdrawn = 0;
    for (const c of BIG.contacts) {
      c.consents.forEach((consent, k) => {
        const at = t(consent.at);
        rule(at >= t(c.created_at) && at <= t(c.updated_at) && (k === 0 || at >= t(c.consents[k - 1]!.at)), () => c);
        if (consent.status === 'withdrawn') {
          withdrawn++;
          rule(c.consents.slice(0, k).some((x) => x.purpose === consent.purpose && x.status === 'granted'), () => c.consents);
        }
      });
    }
    expect(problems).toEqual([]);
    expect(withdrawn).toBeGreaterThan(100);
  });
});

describe('time', () => {
  it('orders every time between the contact creation and now', () => {
    const created = new Map(BIG.contacts.map((c) => [c.id, t(c.created_at)]));
    const lastSeen = new Map(BIG.contacts.map((c) => [c.id, c.last_seen_at ? t(c.last_seen_at) : null]));
    const createdTimes = BIG.contacts.map((c) => t(c.created_at));
    expect(NOW - Math.min(...createdTimes)).toBeGreaterThan(2.9 * 365 * 86_400_000);
    // Growth: more contacts in the last year than in the first.
    const year = 365 * 86_400_000;
    expect(createdTimes.filter((x) => x > NOW - year).length).toBeGreaterThan(2 * createdTimes.filter((x) => x < NOW - 2 * year).length);
    const { problems, rule } = ruleBook();
    for (const c of BIG.contacts) {
      const seen = c.last_seen_at ? t(c.last_seen_at) : null;
      rule(t(c.updated_at) >= t(c.created_at) && t(c.updated_at) <= NOW && (seen === null || (seen >= t(c.created_at) && seen <= NOW)), () => c);
    }
    for (const conv of BIG.conversations) {
      const start = t(conv.started_at);
      let previous = start;
      let ordered = conv.messages[0]!.sent_at === conv.started_at;
      for (const m of conv.messages) {
        ordered &&= t(m.sent_at) >= previous;
        previous = t(m.sent_at);
      }
      const end = conv.ended_at ? t(conv.ended_at) : null;
      const lastUser = Math.max(...conv.messages.filter((m) => m.role === 'user').map((m) => t(m.sent_at)));
      rule(
        ordered && start >= created.get(conv.contact_id)! && previous <= NOW && (end === null) === (conv.status === 'open') && (end === null || (end >= previous && end <= NOW)),
        () => conv,
      );
      rule(lastSeen.get(conv.contact_id)! >= lastUser, () => [conv.contact_id, lastUser]);
    }
    let previous = { contact: '', at: 0 };
    for (const e of BIG.events) {
      const at = t(e.occurred_at);
      rule(at >= created.get(e.contact_id)! && at <= NOW && (previous.contact !== e.contact_id || at >= previous.at), () => e);
      previous = { contact: e.contact_id, at };
    }
    for (const note of BIG.notes) {
      rule(t(note.created_at) >= created.get(note.contact_id)! && t(note.updated_at) >= t(note.created_at) && t(note.updated_at) <= NOW, () => note);
    }
    for (const f of BIG.followUps) {
      const done = f.done_at ? t(f.done_at) : null;
      rule(
        t(f.created_at) >= created.get(f.contact_id)! && t(f.due_at) > t(f.created_at) && t(f.updated_at) >= t(f.created_at) && t(f.updated_at) <= NOW && (done === null || (done >= t(f.created_at) && done <= NOW)),
        () => f,
      );
    }
    expect(problems).toEqual([]);
  });

  it('follows the given now', () => {
    const now = '2030-01-01T00:00:00.000Z';
    const ws = generateAll({ seed: 3, contacts: 300, now });
    const times = [...ws.contacts.map((c) => c.created_at), ...ws.conversations.flatMap((c) => c.messages.map((m) => m.sent_at)), ...ws.events.map((e) => e.occurred_at)];
    expect(times.every((x) => x <= now)).toBe(true);
    expect(times.some((x) => x > '2029-01-01')).toBe(true);
  });

  it('writes times exactly as Date.prototype.toISOString', () => {
    for (let k = 0; k < 20_000; k++) {
      const ms = Math.floor(((k * 7919) % 20_000) * 1e8 - 5e11 + k);
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
    for (const ms of [0, -1, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});

/** Control characters other than tab, line feed and carriage return. */
function hasControl(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

describe('hostile text', () => {
  const share = (count: number): number => count / BIG.contacts.length;
  const json = JSON.stringify(BIG);
  const texts = [
    ...BIG.contacts.flatMap((c) => [c.first_name ?? '', c.last_name ?? '', ...Object.values(c.custom_fields).map(String), ...c.tags]),
    ...BIG.conversations.flatMap((c) => c.messages.map((m) => m.text)),
    ...BIG.events.flatMap((e) => Object.values(e.properties).map(String)),
    ...BIG.notes.map((x) => x.body),
  ];
  const some = (test: (s: string) => boolean): boolean => texts.some(test);

  it('is carried by about the given share of contacts', () => {
    const hostile = BIG.contacts.filter((c) => /[<\u202e\u200b=@+{]|DROP|OR '|\.\.\/|null/.test(c.full_name ?? '') || hasControl(c.full_name ?? '') || (c.full_name?.length ?? 0) > 1000);
    expect(share(hostile.length)).toBeGreaterThan(0.008);
    expect(share(hostile.length)).toBeLessThan(0.03);
    const none = generateAll({ seed: 20261129, contacts: 2000, hostileShare: 0 });
    expect(JSON.stringify(none)).not.toMatch(/<script|onerror|\u202e/i);
  });

  it('covers markup, scripts, bidi and invisible characters, control characters, long and big text, SQL and formulas', () => {
    expect(some((s) => s.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(some((s) => s.includes('<script>'))).toBe(true);
    expect(some((s) => s.includes('javascript:'))).toBe(true);
    expect(some((s) => s.includes('\u202e'))).toBe(true);
    expect(some((s) => /\u200b|\u200d|\u2060|\ufeff/.test(s))).toBe(true);
    expect(some(hasControl)).toBe(true);
    expect(some((s) => /\p{Extended_Pictographic}/u.test(s))).toBe(true);
    expect(some((s) => /\p{M}{2}/u.test(s))).toBe(true);
    expect(some((s) => s.length >= 2000 && s.length < 4000)).toBe(true);
    expect(some((s) => s.length >= 50_000)).toBe(true);
    expect(some((s) => /DROP TABLE/.test(s))).toBe(true);
    expect(some((s) => s.startsWith('=HYPERLINK('))).toBe(true);
    expect(json).not.toContain('\\u0000');
    expect(json).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/); // no lone surrogates
  });
});
