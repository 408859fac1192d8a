/**
 * `--activity R`: about R changes a minute, at random (Poisson) times, as a busy chatbot
 * workspace makes them: new people arrive, people start conversations, write more messages
 * (the conversation is sent whole again), conversations get resolved, visits and clicks land
 * on the timeline, contacts are seen again. The text comes from the generator: a "donor"
 * contact of another seed lends its conversation or event, re-pointed to a real contact.
 */
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { SpecContact, SpecConversation, SpecEvent } from '../core/spec/entities.js';
import { generateWorkspace, type WorkspaceBatch } from '../core/generator/index.js';
import { NEXT_INDEX_KEY, SEED_KEY, mulberry32 } from './seed.js';
import type { Json, ServiceStore } from './store.js';

export type ActivityKind = 'new_contact' | 'new_conversation' | 'new_messages' | 'resolve_conversation' | 'event' | 'contact_seen';

const WEIGHTS: ReadonlyArray<readonly [ActivityKind, number]> = [
  ['new_contact', 12],
  ['new_conversation', 18],
  ['new_messages', 25],
  ['resolve_conversation', 10],
  ['event', 22],
  ['contact_seen', 13],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((s, [, w]) => s + w, 0);
const DONOR_SPACE = 1_000_000;
/** Events a visitor makes on their own (conversation events come with conversations). */
const VISITOR_EVENTS = new Set(['page_view', 'email_opened', 'link_clicked', 'purchase', 'form_submitted', 'custom']);
const MAX_OPEN_POOL = 500;

export interface ActivityOptions {
  /** Changes per minute (about). */
  ratePerMinute: number;
  random?: () => number;
  log?: (line: string) => void;
}

export class Activity {
  readonly counts: Record<ActivityKind, number> = { new_contact: 0, new_conversation: 0, new_messages: 0, resolve_conversation: 0, event: 0, contact_seen: 0 };
  changes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly random: () => number;
  /** Open conversations activity started: the ones that get more messages and get resolved. */
  private readonly open: string[] = [];
  private readonly seed: number;
  private readonly contactFrom: Statement<[number], { id: string; data: string }>;

  constructor(
    private readonly store: ServiceStore,
    private readonly options: ActivityOptions,
  ) {
    this.seed = Number(store.getMeta(SEED_KEY) ?? 1);
    // `+kind`: walk the table in seq order from the random point, not the (kind, id) index.
    this.contactFrom = store.db.prepare("SELECT id, data FROM entities WHERE +kind = 'contact' AND deleted = 0 AND seq >= ? ORDER BY seq LIMIT 1");
    this.random = options.random ?? mulberry32(Date.now() & 0x7fffffff);
  }

  start(): void {
    if (this.timer || this.options.ratePerMinute <= 0) return;
    this.schedule(1);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Waits for `changes` mean intervals (exponentially distributed), then acts again. */
  private schedule(changes: number): void {
    const mean = 60_000 / this.options.ratePerMinute;
    const wait = -Math.log(1 - this.random()) * mean * Math.max(1, changes);
    this.timer = setTimeout(() => {
      let made = 1;
      try {
        made = this.step();
      } catch (error) {
        this.options.log?.(`service: activity failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.timer) this.schedule(made);
    }, Math.min(wait, 2_147_000_000));
    this.timer.unref();
  }

  /** One change of a random kind (or `kind`); returns how many entities it changed. */
  step(kind: ActivityKind = this.pickKind()): number {
    const made = this.store.transaction(() => this.apply(kind));
    this.changes += made;
    if (made > 0) this.counts[kind]++;
    return made;
  }

  private pickKind(): ActivityKind {
    let x = this.random() * TOTAL_WEIGHT;
    for (const [kind, weight] of WEIGHTS) {
      if (x < weight) return kind;
      x -= weight;
    }
    return 'event';
  }

  private apply(kind: ActivityKind): number {
    switch (kind) {
      case 'new_contact':
        return this.newContact();
      case 'new_conversation':
        return this.newConversation();
      case 'new_messages':
        return this.newMessages();
      case 'resolve_conversation':
        return this.resolveConversation();
      case 'event':
        return this.newEvent();
      case 'contact_seen':
        return this.contactSeen();
    }
  }

  /** The next contact of the generated workspace, moved in time so that it arrives now. */
  private newContact(): number {
    const store = this.store;
    const index = Number(store.getMeta(NEXT_INDEX_KEY) ?? 0);
    const now = store.now();
    const bundle = generateOne(this.seed, index, new Date(now).toISOString());
    store.setMeta(NEXT_INDEX_KEY, String(index + 1));
    const contact = bundle.contacts[0];
    if (!contact) return 0;
    const delta = now - Math.floor(this.random() * 5 * 60_000) - Date.parse(contact.created_at);
    const shift = (t: string | null): string | null => (t === null ? null : new Date(Math.min(now, Date.parse(t) + delta)).toISOString());
    const inPast = (t: string): boolean => Date.parse(t) + delta <= now;
    if (store.get('contact', contact.id)) return 0; // a client created this id: leave it
    const email = contact.email !== null && store.byUniqueKey('email:' + contact.email.toLowerCase()) ? null : contact.email;
    const moved: SpecContact = {
      ...contact,
      email,
      created_at: shift(contact.created_at)!,
      updated_at: shift(contact.updated_at)!,
      last_seen_at: shift(contact.last_seen_at),
      consents: contact.consents.map((c) => ({ ...c, at: shift(c.at)! })),
    };
    store.insertNew('contact', moved);
    let made = 1;
    for (const c of bundle.conversations.filter((c) => inPast(c.started_at))) {
      const messages = c.messages.filter((m) => inPast(m.sent_at)).map((m) => ({ ...m, sent_at: shift(m.sent_at)! }));
      // A conversation cut by "now" is still going on.
      const ongoing = messages.length < c.messages.length || (c.ended_at !== null && !inPast(c.ended_at));
      const conversation: SpecConversation = ongoing
        ? { ...c, started_at: shift(c.started_at)!, ended_at: null, status: 'open', summary: null, rating: null, messages }
        : { ...c, started_at: shift(c.started_at)!, ended_at: shift(c.ended_at), messages };
      store.insertNew('conversation', conversation);
      if (conversation.status === 'open') this.remember(conversation.id);
      made++;
    }
    for (const e of bundle.events.filter((e) => inPast(e.occurred_at))) {
      store.insertNew('event', { ...e, occurred_at: shift(e.occurred_at)! });
      made++;
    }
    return made;
  }

  /** A known person starts chatting: the first three messages of a donor's conversation. */
  private newConversation(): number {
    const target = this.randomContact();
    if (!target) return this.newContact();
    const donor = this.donor(target.data, (b) => b.conversations.length > 0);
    const source = donor?.conversations[0];
    if (!source) return 0;
    const now = this.store.now();
    const rename = renamer(donor.contacts[0]!, target.data);
    const id = randomUUID();
    const messages = source.messages.slice(0, 3).map((m, k) => ({
      ...m,
      id: randomUUID(),
      text: rename(m.text),
      author_name: m.role === 'user' ? (target.data.full_name as string | null) : m.author_name,
      sent_at: new Date(now - (2 - k) * 4_000).toISOString(),
    }));
    const conversation: SpecConversation = {
      ...source,
      id,
      version: 1,
      contact_id: target.id,
      started_at: messages[0]!.sent_at,
      ended_at: null,
      status: 'open',
      summary: null,
      rating: null,
      messages,
    };
    this.store.insertNew('conversation', conversation);
    this.remember(id);
    this.store.insertNew('event', {
      id: randomUUID(),
      version: 1,
      contact_id: target.id,
      type: 'conversation_started',
      occurred_at: conversation.started_at,
      properties: { conversation_id: id, channel: conversation.channel },
    } satisfies SpecEvent);
    this.seen(target.id, target.data);
    return 3;
  }

  /** The person writes again and the bot answers: the whole conversation is sent again. */
  private newMessages(): number {
    const conversation = this.openConversation();
    if (!conversation) return this.newConversation();
    const contact = this.store.live('contact', String(conversation.contact_id));
    const donor = this.donor(contact?.data ?? {}, (b) => (b.conversations[0]?.messages.length ?? 0) >= 5);
    const source = donor?.conversations[0];
    if (!source) return 0;
    const rename = contact ? renamer(donor.contacts[0]!, contact.data) : (s: string) => s;
    const now = this.store.now();
    const extra = source.messages.slice(3, 5).map((m, k) => ({
      ...m,
      id: randomUUID(),
      text: rename(m.text),
      author_name: m.role === 'user' ? ((contact?.data.full_name as string | null | undefined) ?? null) : m.author_name,
      sent_at: new Date(now - (1 - k) * 3_000).toISOString(),
    }));
    const messages = [...(conversation.messages as Json[]), ...extra];
    this.store.write('conversation', String(conversation.id), { ...conversation, messages });
    if (contact) this.seen(contact.record.id, contact.data);
    return contact ? 2 : 1;
  }

  /** An open conversation ends; its resolution lands on the timeline. */
  private resolveConversation(): number {
    const conversation = this.openConversation();
    if (!conversation) return this.newConversation();
    const id = String(conversation.id);
    const now = new Date(this.store.now()).toISOString();
    const rating = this.random() < 0.45 ? 1 + Math.floor(this.random() * 5) : null;
    this.store.write('conversation', id, { ...conversation, status: 'resolved', ended_at: now, rating });
    this.open.splice(this.open.indexOf(id), 1);
    const started = Date.parse(String(conversation.started_at));
    this.store.insertNew('event', {
      id: randomUUID(),
      version: 1,
      contact_id: String(conversation.contact_id),
      type: 'conversation_resolved',
      occurred_at: now,
      properties: { conversation_id: id, resolved_by: 'bot', duration_seconds: Math.round((Date.parse(now) - started) / 1000), rating },
    } satisfies SpecEvent);
    return 2;
  }

  /** A visit, an opened newsletter, a click, a purchase: a donor's event, now, for a known person. */
  private newEvent(): number {
    const target = this.randomContact();
    if (!target) return this.newContact();
    const donor = this.donor(target.data, (b) => b.events.some((e) => VISITOR_EVENTS.has(e.type)));
    const source = donor?.events.find((e) => VISITOR_EVENTS.has(e.type));
    if (!source) return 0;
    this.store.insertNew('event', { ...source, id: randomUUID(), version: 1, contact_id: target.id, occurred_at: new Date(this.store.now()).toISOString() });
    if (source.type !== 'page_view') return 1;
    this.seen(target.id, target.data);
    return 2;
  }

  private contactSeen(): number {
    const target = this.randomContact();
    if (!target) return 0;
    this.seen(target.id, target.data);
    return 1;
  }

  private seen(id: string, data: Json): void {
    const now = new Date(this.store.now()).toISOString();
    this.store.write('contact', id, { ...data, last_seen_at: now, updated_at: now });
  }

  private remember(id: string): void {
    this.open.push(id);
    if (this.open.length > MAX_OPEN_POOL) this.open.shift();
  }

  /** A live contact near a random point of the sequence (a short scan of the table in seq order). */
  private randomContact(): { id: string; data: Json } | undefined {
    const at = Math.floor(this.random() * this.store.seq);
    const row = this.contactFrom.get(at) ?? this.contactFrom.get(0);
    return row ? { id: row.id, data: JSON.parse(row.data) as Json } : undefined;
  }

  private openConversation(): Json | undefined {
    while (this.open.length > 0) {
      const k = Math.floor(this.random() * this.open.length);
      const live = this.store.live('conversation', this.open[k]!);
      if (live && live.data.status === 'open') return live.data;
      this.open.splice(k, 1); // resolved, deleted or merged away meanwhile
    }
    return undefined;
  }

  /** A generated contact of another seed (same locale as the person, when one turns up) that has what `wanted` asks. */
  private donor(person: Json, wanted: (b: WorkspaceBatch) => boolean): WorkspaceBatch | undefined {
    let fallback: WorkspaceBatch | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const bundle = generateOne(this.seed + 1, Math.floor(this.random() * DONOR_SPACE), new Date(this.store.now()).toISOString(), 0);
      if (!wanted(bundle)) continue;
      if (bundle.contacts[0]?.locale === person.locale) return bundle;
      fallback ??= bundle;
    }
    return fallback;
  }
}

function generateOne(seed: number, index: number, now: string, hostileShare?: number): WorkspaceBatch {
  const contacts = Math.max(index + 1, DONOR_SPACE);
  for (const batch of generateWorkspace({ seed, contacts, startIndex: index, count: 1, now, ...(hostileShare !== undefined ? { hostileShare } : {}) })) return batch;
  return { contacts: [], conversations: [], events: [], notes: [], followUps: [] };
}

/** Replaces the donor's first name in borrowed text by the person's (or a neutral word). */
function renamer(donor: SpecContact, person: Json): (text: string) => string {
  const from = donor.first_name;
  const to = typeof person.first_name === 'string' && person.first_name !== '' ? person.first_name : 'there';
  return from ? (text) => text.split(from).join(to) : (text) => text;
}
