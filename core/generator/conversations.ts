/**
 * A contact's chats with the bot: a greeting, the person's question, answers, sometimes a
 * handoff to an agent, and a goodbye, with message times that grow as people type and wait.
 * Each conversation also yields its timeline events (started, handoff, resolved).
 */
import type { SpecConversation, SpecMessage } from '../spec/entities.js';
import { CHAT_SOURCES } from './contacts.js';
import type { GenContext, Source } from './context.js';
import type { EventList } from './events.js';
import { KIND } from './ids.js';
import { Weighted, weighted } from './random.js';
import { DAY, MINUTE, SECOND, iso } from './time.js';
import { render, type Template } from './text.js';
import { CHAT_TEXT, SUMMARIES, SUMMARY_HANDOFF, SYSTEM_JOINED, type Intent } from './vocab/conversation-text.js';
import { BIG_MESSAGE, HOSTILE_MESSAGES } from './vocab/hostile.js';
import { LOCALES, formatMoney, localPrice } from './vocab/locales.js';
import { AGENTS, AGENTS_BY_CHAT, BOT_NAME, PLANS, PRODUCTS } from './vocab/workspace.js';

const POWER_USER = -1;
/** Conversations per contact: most have one, some none, a few power users 5-15. */
const COUNT_CHAT = new Weighted<number>([[0, 14], [1, 62], [2, 13], [3, 4.5], [4, 2], [POWER_USER, 2]] as const);
const COUNT_OTHER = new Weighted<number>([[0, 55], [1, 30], [2, 10], [3, 4], [POWER_USER, 1]] as const);
const MESSAGE_COUNT = new Weighted([[3, 10], [4, 12], [5, 14], [6, 14], [7, 12], [8, 10], [9, 8], [10, 6], [11, 5], [12, 4], [13, 3], [14, 2]] as const);
const INTENTS = weighted<Intent>({ smalltalk: 12, order: 28, pricing: 16, refund: 12, hours: 10, tech: 22 });
const RATINGS = new Weighted([[5, 50], [4, 25], [3, 10], [2, 6], [1, 9]] as const);
const CHANNEL: Record<Source, string> = { web: 'web', whatsapp: 'whatsapp', messenger: 'messenger', telegram: 'telegram', sms: 'sms', email: 'web', api: 'web', import: 'web', agent: 'web' };
const OTHER_CHANNELS = ['web', 'web', 'whatsapp', 'messenger', 'instagram'];
const QUEUES: Record<Intent, string> = { smalltalk: 'general', order: 'orders', pricing: 'sales', refund: 'returns', hours: 'general', tech: 'technical' };
const HANDOFF_REASONS = ['user_request', 'user_request', 'low_confidence', 'negative_sentiment'];

type Role = SpecMessage['role'];

/**
 * The script of one conversation before it gets times and ids: scratch space, reused, with
 * its own length (`length = 0` would make the VM drop and regrow the arrays every time).
 */
const roles: Role[] = [];
const texts: string[] = [];
const authors: Array<string | null> = [];
const offsets: number[] = [];
let said = 0;

/** Product prices as each locale writes them. */
const PRICE_LABELS = new Map(LOCALES.map((l) => [l, PRODUCTS.map((p) => formatMoney(localPrice(p.usd, l.money), l.money))] as const));

export function makeConversations(ctx: GenContext, conversations: SpecConversation[], events: EventList): void {
  const rng = ctx.rng;
  const p = ctx.profile;
  let n = (CHAT_SOURCES.has(p.source) ? COUNT_CHAT : COUNT_OTHER).pick(rng);
  if (n === POWER_USER) n = rng.int(5, 15);
  if (n === 0 && p.anonymous) n = 1;
  if (n === 0) return;
  const starts = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const first = k === 0 && CHAT_SOURCES.has(p.source) && rng.chance(0.7);
    starts[k] = first ? p.createdMs + rng.int(0, 20 * SECOND) : ctx.between(p.createdMs, p.activeUntilMs);
  }
  if (n > 1) starts.sort((a, b) => a - b);
  for (let k = 0; k < n; k++) conversations.push(makeConversation(ctx, k, starts[k]!, events));
}

function makeConversation(ctx: GenContext, k: number, plannedStart: number, events: EventList): SpecConversation {
  const rng = ctx.rng;
  const p = ctx.profile;
  const slots = ctx.slots;
  const now = ctx.nowMs;
  const lang = CHAT_TEXT[p.chat];
  const intent = INTENTS.pick(rng);
  const lines = lang.intents[intent];
  const agent = AGENTS[rng.pick(AGENTS_BY_CHAT[p.chat])]!;
  const product = rng.int(0, PRODUCTS.length - 1);
  slots.agent = agent.name;
  slots.product = PRODUCTS[product]!.name;
  slots.amount = PRICE_LABELS.get(p.locale)![product]!;
  slots.order = '#' + rng.digits(6);
  slots.ref = rng.hex(10);
  slots.day = rng.pick(lang.days);
  slots.plan = PLANS[rng.int(1, 3)]!;

  const age = now - plannedStart;
  const open = age < 3 * DAY ? rng.chance(0.6) : age < 30 * DAY && rng.chance(0.1);
  const status: SpecConversation['status'] = open ? 'open' : rng.chance(0.72) ? 'resolved' : 'abandoned';
  const count = MESSAGE_COUNT.pick(rng);
  const handoff = count >= 7 && rng.chance(0.25);
  said = 0;

  const [question, answer] = rng.pick(lines.open);
  say(ctx, 'bot', rng.pick(lang.greeting), null);
  say(ctx, 'user', question, null);
  if (p.hostile && rng.chance(0.03)) texts[1] = rng.int(1000, 9999) + ': ' + BIG_MESSAGE;
  say(ctx, 'bot', answer, null);
  let remaining = count - 3;
  let closing = status === 'resolved' ? Math.min(2, remaining) : 0;
  let responder: Role = 'bot';
  let handoffAt = -1;
  if (handoff) {
    handoffAt = said;
    say(ctx, 'user', rng.pick(lang.handoffAsk), null);
    say(ctx, 'bot', rng.pick(lang.handoffBot), null);
    say(ctx, 'system', rng.pick(SYSTEM_JOINED), null);
    say(ctx, 'agent', rng.pick(p.firstName === null ? lang.agentHelloAnon : lang.agentHello), agent.name);
    remaining -= 4;
    closing = Math.min(closing, remaining);
    responder = 'agent';
  }
  // Follow-ups: the intent's own exchanges first (each once), then generic ones.
  const who = responder === 'agent' ? agent.name : null;
  const topical = responder === 'agent' ? lines.agent.length : lines.more.length;
  const first = rng.int(0, topical - 1);
  const firstFiller = rng.int(0, lang.filler.length - 1);
  let middle = remaining - closing;
  for (let m = 0; middle >= 2; m++, middle -= 2) {
    if (m < topical && responder === 'agent') {
      say(ctx, 'user', lang.toAgent[(first + m) % lang.toAgent.length]!, null);
      say(ctx, 'agent', lines.agent[(first + m) % topical]!, who);
    } else {
      const [q, a] = m < topical ? lines.more[(first + m) % topical]! : lang.filler[(firstFiller + m - topical) % lang.filler.length]!;
      say(ctx, 'user', q, null);
      say(ctx, responder, a, who);
    }
  }
  // An odd message left: an offer to help further before the goodbye, or a person left waiting.
  if (middle === 1) {
    if (status === 'resolved') say(ctx, responder, lang.filler[0]![1], who);
    else say(ctx, 'user', rng.pick(lang.nudge), null);
  }
  if (closing >= 1) say(ctx, 'user', rng.pick(lang.thanks), null);
  if (closing >= 2) say(ctx, responder, rng.pick(responder === 'agent' ? lang.agentBye : lang.botBye), who);

  // Fit the conversation between the contact's creation and now.
  const last = said - 1;
  const tail = status === 'resolved' ? rng.int(5 * SECOND, 3 * MINUTE) : status === 'abandoned' ? 30 * MINUTE : 0;
  const length = offsets[last]! + tail;
  let start = plannedStart;
  if (start + length > now) start = Math.max(p.createdMs, now - length);
  const scale = start + length > now ? (now - start) / length : 1;

  const id = ctx.ids.make(p.index, KIND.conversation, k, 0);
  const messages = new Array<SpecMessage>(last + 1);
  for (let j = 0; j <= last; j++) {
    messages[j] = {
      id: ctx.ids.make(p.index, KIND.message, k, j),
      role: roles[j]!,
      author_name: authors[j]!,
      text: texts[j]!,
      sent_at: iso(start + Math.floor(offsets[j]! * scale)),
    };
  }
  let lastUser = last;
  while (roles[lastUser] !== 'user') lastUser--;
  p.lastActivityMs = Math.max(p.lastActivityMs, start + Math.floor(offsets[lastUser]! * scale));
  const ended = status === 'open' ? null : start + Math.floor(length * scale);
  const channel = rng.chance(0.1) ? rng.pick(OTHER_CHANNELS) : CHANNEL[p.source];

  let summary: string | null = null;
  if (status === 'resolved' ? rng.chance(0.85) : status === 'abandoned' && rng.chance(0.4)) {
    summary = render(rng.pick(SUMMARIES[intent]), slots);
    if (handoff) summary += render(rng.pick(SUMMARY_HANDOFF), slots);
  }
  const rating = status === 'resolved' && rng.chance(0.45) ? RATINGS.pick(rng) : null;

  events.add('conversation_started', start, { conversation_id: id, channel, intent });
  if (handoff) {
    events.add('handoff_requested', start + Math.floor(offsets[handoffAt]! * scale), {
      conversation_id: id,
      reason: rng.pick(HANDOFF_REASONS),
      queue: QUEUES[intent],
      agent_id: agent.id,
    });
  }
  if (status === 'resolved' && ended !== null) {
    events.add('conversation_resolved', ended, {
      conversation_id: id,
      resolved_by: handoff ? 'agent' : 'bot',
      duration_seconds: Math.round((ended - start) / SECOND),
      rating,
    });
  }
  return {
    id,
    version: 1,
    contact_id: p.id,
    channel,
    started_at: iso(start),
    ended_at: ended === null ? null : iso(ended),
    status,
    summary,
    rating,
    messages,
  };
}

/** Appends a message to the script; people in hostile contacts sometimes type hostile text instead. */
function say(ctx: GenContext, role: Role, template: Template, agentName: string | null): void {
  const p = ctx.profile;
  let text = render(template, ctx.slots);
  if (role === 'user' && p.hostile && ctx.rng.chance(0.35)) text = ctx.rng.pick(HOSTILE_MESSAGES);
  const n = said++;
  offsets[n] = n === 0 ? 0 : offsets[n - 1]! + gap(ctx, role, roles[n - 1]!);
  roles[n] = role;
  texts[n] = text;
  authors[n] = role === 'user' ? p.fullName : role === 'bot' ? BOT_NAME : agentName;
}

/** How long after `prev` a message by `role` comes: bots answer in seconds, people take longer. */
function gap(ctx: GenContext, role: Role, prev: Role): number {
  const rng = ctx.rng;
  switch (role) {
    case 'bot':
      return rng.int(700, 4 * SECOND);
    case 'system':
      return rng.int(30 * SECOND, 12 * MINUTE);
    case 'agent':
      return prev === 'system' ? rng.int(3 * SECOND, 25 * SECOND) : rng.int(20 * SECOND, 3 * MINUTE);
    default:
      if (prev === 'agent') return rng.int(10 * SECOND, 4 * MINUTE);
      return rng.chance(0.1) ? rng.int(2 * MINUTE, 10 * MINUTE) : rng.int(5 * SECOND, 90 * SECOND);
  }
}
