/**
 * Realistic synthetic workspaces for tests, the demo workspace, the reference service and
 * benchmarks. Contact #i and everything that belongs to it depend only on (seed, i): any
 * range can be generated on its own, and the same seed always gives the same output.
 */
import { CHAT_SOURCES, makeContact } from './contacts.js';
import { GenContext, type WorkspaceBatch } from './context.js';
import { makeConversations } from './conversations.js';
import { EventList, makeEvents } from './events.js';
import { IdMaker, KIND } from './ids.js';
import { makeFollowUps, makeNotes } from './notes.js';
import { CHAT_TEXT } from './vocab/conversation-text.js';
import { iso } from './time.js';
import { BOT_NAME, NO_NAME, PLANS, PRODUCTS } from './vocab/workspace.js';

export type { WorkspaceBatch } from './context.js';
export { fieldDefinitions } from './fields.js';
export { AGENTS, type Agent } from './vocab/workspace.js';

/** Bump when the output changes for any seed (benchmarks cache generated data by it). */
export const GENERATOR_VERSION = 1;

export interface GeneratorOptions {
  seed: number;
  /** How many contacts in all. */
  contacts: number;
  /** Generate contacts [startIndex, startIndex + count) only; default 0. */
  startIndex?: number;
  /** Default: contacts - startIndex. */
  count?: number;
  /** The ISO "now" that all times are relative to; default '2026-11-29T12:00:00.000Z'. */
  now?: string;
  /** Share of contacts carrying hostile text; default 0.02. */
  hostileShare?: number;
  /** Contacts per yielded batch; default 1000. */
  batchSize?: number;
}

export const DEFAULT_NOW = '2026-11-29T12:00:00.000Z';
const MAX_CONTACTS = 2 ** 31;

/** PRNG streams of one contact: adding draws to one part leaves the others unchanged. */
const STREAM = { activity: 1, events: 2, agents: 3 } as const;

/** Batches of `batchSize` contacts with their children. Checks the options when called, before the first batch. */
export function generateWorkspace(options: GeneratorOptions): Generator<WorkspaceBatch> {
  const { seed, contacts } = options;
  const start = options.startIndex ?? 0;
  const count = options.count ?? contacts - start;
  const nowMs = Date.parse(options.now ?? DEFAULT_NOW);
  const hostileShare = options.hostileShare ?? 0.02;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, not ${seed}`);
  if (!Number.isInteger(contacts) || contacts < 0 || contacts > MAX_CONTACTS) throw new RangeError(`contacts must be an integer in [0, ${MAX_CONTACTS}]`);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > contacts) {
    throw new RangeError(`the range [${start}, ${start + count}) is not inside [0, ${contacts})`);
  }
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not a time: ${options.now}`);
  if (!(hostileShare >= 0 && hostileShare <= 1)) throw new RangeError('hostileShare must be in [0, 1]');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  return batches(new GenContext(seed, nowMs, hostileShare), start, count, batchSize);
}

function* batches(ctx: GenContext, start: number, count: number, batchSize: number): Generator<WorkspaceBatch> {
  const events = new EventList();
  let batch = emptyBatch();
  for (let index = start; index < start + count; index++) {
    generateOne(ctx, index, events, batch);
    if (batch.contacts.length === batchSize) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (batch.contacts.length > 0) yield batch;
}

function generateOne(ctx: GenContext, index: number, events: EventList, out: WorkspaceBatch): void {
  const contact = makeContact(ctx, index);
  const p = ctx.profile;
  const slots = ctx.slots;
  slots.first = p.firstName ?? NO_NAME;
  slots.city = p.city.latin;
  slots.company = p.company?.name ?? 'their office';
  slots.bot = BOT_NAME;

  ctx.stream(index, STREAM.activity);
  makeConversations(ctx, out.conversations, events);
  ctx.stream(index, STREAM.events);
  makeEvents(ctx, events);
  events.flush(ctx, out.events);

  ctx.stream(index, STREAM.agents);
  const rng = ctx.rng;
  slots.order = '#' + rng.digits(6);
  slots.ref = rng.hex(10);
  slots.day = rng.pick(CHAT_TEXT.en.days);
  slots.plan = rng.pick(PLANS);
  slots.product = rng.pick(PRODUCTS).name;
  makeNotes(ctx, out.notes);
  makeFollowUps(ctx, out.followUps);

  contact.last_seen_at = lastSeen(ctx);
  out.contacts.push(contact);
}

/**
 * When the person was last seen: after everything they did, and at least until the end of
 * their active period. People added by an import, an API or an agent who never did
 * anything have never been seen.
 */
function lastSeen(ctx: GenContext): string | null {
  const p = ctx.profile;
  if (p.lastActivityMs === 0 && !CHAT_SOURCES.has(p.source) && p.source !== 'email') return null;
  return iso(Math.min(ctx.nowMs, Math.max(p.activeUntilMs, p.lastActivityMs)));
}

function emptyBatch(): WorkspaceBatch {
  return { contacts: [], conversations: [], events: [], notes: [], followUps: [] };
}

/** The stable id of contact #index of the workspace generated from `seed` (UUID-shaped). */
export function contactIdFor(seed: number, index: number): string {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, not ${seed}`);
  if (!Number.isInteger(index) || index < 0 || index >= MAX_CONTACTS) throw new RangeError(`index out of range: ${index}`);
  return new IdMaker(seed).make(index, KIND.contact, 0, 0);
}
