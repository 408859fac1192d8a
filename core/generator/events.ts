/**
 * The activity timeline: besides the conversation events (conversations.ts), visits to the
 * shop, newsletters opened and clicked, purchases, forms, and now and then an event type the
 * spec does not know. A contact's events are sorted by time before they get their ids.
 */
import type { SpecEvent } from '../spec/entities.js';
import type { GenContext } from './context.js';
import { KIND } from './ids.js';
import { Weighted, weighted } from './random.js';
import { DAY, HOUR, MINUTE, SECOND, iso } from './time.js';
import { HOSTILE_MESSAGES, HOSTILE_URLS } from './vocab/hostile.js';
import { localPrice, type ChatLanguage } from './vocab/locales.js';
import { CAMPAIGNS, CUSTOM_EVENT_NAMES, FORMS, PAGES, PRODUCTS, REFERRERS, SITE, UNKNOWN_EVENT_TYPES, UTM_SOURCES } from './vocab/workspace.js';

/** Collects one contact's events, then emits them in time order (scratch arrays reused, see conversations.ts). */
export class EventList {
  private readonly items: SpecEvent[] = [];
  private readonly times: number[] = [];
  private count = 0;

  add(type: string, ms: number, properties: Record<string, unknown>): void {
    this.items[this.count] = { id: '', version: 1, contact_id: '', type, occurred_at: '', properties };
    this.times[this.count++] = ms;
  }

  /** Sorts by time (stable), gives ids and times, appends to `out` and empties the list. */
  flush(ctx: GenContext, out: SpecEvent[]): void {
    const { items, times, count } = this;
    for (let k = 1; k < count; k++) {
      const item = items[k]!;
      const t = times[k]!;
      let j = k - 1;
      for (; j >= 0 && times[j]! > t; j--) {
        items[j + 1] = items[j]!;
        times[j + 1] = times[j]!;
      }
      items[j + 1] = item;
      times[j + 1] = t;
    }
    const p = ctx.profile;
    for (let k = 0; k < count; k++) {
      const e = items[k]!;
      e.id = ctx.ids.make(p.index, KIND.event, k, 0);
      e.contact_id = p.id;
      e.occurred_at = iso(times[k]!);
      out.push(e);
    }
    this.count = 0;
  }
}

/** Bursts of activity per contact besides chatting (a visit, a newsletter, a purchase...). */
const BURSTS = new Weighted([[0, 80], [1, 15], [2, 3.8], [3, 0.9], [4, 0.3]] as const);
type Burst = 'visit' | 'email' | 'purchase' | 'form' | 'link' | 'custom';
const BURST_KINDS = weighted<Burst>({ visit: 50, email: 15, purchase: 12, form: 10, link: 5, custom: 8 });
const PAGES_PER_VISIT = new Weighted([[1, 55], [2, 25], [3, 13], [4, 7]] as const);
const LANGUAGE_PATH: Record<ChatLanguage, string> = { en: '', de: '/de', fr: '/fr', es: '/es', pt: '/pt' };

export function makeEvents(ctx: GenContext, events: EventList): void {
  const rng = ctx.rng;
  const p = ctx.profile;
  const bursts = BURSTS.pick(rng);
  for (let b = 0; b < bursts; b++) {
    let kind = BURST_KINDS.pick(rng);
    if (kind === 'email' && !p.hasEmail) kind = 'visit';
    if (kind === 'purchase' && !p.customer && rng.chance(0.5)) kind = 'visit';
    const t = kind === 'email' ? ctx.between(p.createdMs, ctx.nowMs) : ctx.between(p.createdMs, p.activeUntilMs);
    switch (kind) {
      case 'visit':
        visit(ctx, events, t, b === 0 && p.hostile && rng.chance(0.5));
        break;
      case 'email':
        newsletter(ctx, events, t);
        break;
      case 'purchase':
        purchase(ctx, events, t);
        break;
      case 'form': {
        const [formId, formName, fields] = rng.pick(FORMS);
        events.add('form_submitted', t, { form_id: formId, form_name: formName, page_url: pageUrl(ctx, '/help'), fields: [...fields] });
        seen(ctx, t);
        break;
      }
      case 'link': {
        const product = rng.pick(PRODUCTS);
        events.add('link_clicked', t, { url: `${SITE}/products/${product.slug}?utm_source=${rng.pick(UTM_SOURCES)}`, link_text: product.name });
        seen(ctx, t);
        break;
      }
      case 'custom':
        custom(ctx, events, t);
        seen(ctx, t);
        break;
    }
  }
}

function seen(ctx: GenContext, t: number): void {
  if (t > ctx.profile.lastActivityMs) ctx.profile.lastActivityMs = t;
}

function pageUrl(ctx: GenContext, path: string): string {
  return SITE + LANGUAGE_PATH[ctx.profile.chat] + path;
}

function visit(ctx: GenContext, events: EventList, start: number, hostile: boolean): void {
  const rng = ctx.rng;
  const views = PAGES_PER_VISIT.pick(rng);
  const session = 's_' + rng.hex(12);
  let t = start;
  for (let v = 0; v < views; v++) {
    if (v > 0) t += rng.int(20 * SECOND, 4 * MINUTE);
    let url: string;
    let title: string;
    if (rng.chance(0.3)) {
      const product = rng.pick(PRODUCTS);
      url = pageUrl(ctx, '/products/' + product.slug);
      title = product.name;
    } else {
      const [path, pageTitle] = rng.pick(PAGES);
      url = pageUrl(ctx, path);
      title = pageTitle;
    }
    if (hostile && v === 0) {
      url = rng.pick(HOSTILE_URLS);
      title = rng.pick(HOSTILE_MESSAGES);
    }
    const properties: Record<string, unknown> = { url, title, session_id: session };
    if (v === 0) properties.referrer = rng.pick(REFERRERS) || null;
    events.add('page_view', Math.min(t, ctx.nowMs), properties);
  }
  seen(ctx, Math.min(t, ctx.nowMs));
}

function newsletter(ctx: GenContext, events: EventList, t: number): void {
  const rng = ctx.rng;
  const [campaignId, name] = rng.pick(CAMPAIGNS);
  events.add('email_opened', t, { campaign_id: campaignId, campaign_name: name, subject: name });
  if (rng.chance(0.35)) {
    const clicked = Math.min(ctx.nowMs, t + rng.int(10 * SECOND, 2 * HOUR));
    events.add('link_clicked', clicked, { url: `${SITE}/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=${campaignId}`, campaign_id: campaignId });
    seen(ctx, clicked);
  }
}

function purchase(ctx: GenContext, events: EventList, t: number): void {
  const rng = ctx.rng;
  const money = ctx.profile.locale.money;
  if (rng.chance(0.5)) events.add('page_view', t, { url: pageUrl(ctx, '/checkout'), title: 'Checkout', session_id: 's_' + rng.hex(12) });
  const paid = Math.min(ctx.nowMs, t + rng.int(30 * SECOND, 5 * MINUTE));
  const lines = rng.int(1, 3);
  const items: Array<Record<string, unknown>> = [];
  let total = 0;
  for (let k = 0; k < lines; k++) {
    const product = rng.pick(PRODUCTS);
    const quantity = rng.chance(0.85) ? 1 : rng.int(2, 4);
    const price = localPrice(product.usd, money);
    total += price * quantity;
    items.push({ sku: product.slug, name: product.name, quantity, unit_price: price });
  }
  events.add('purchase', paid, { order_id: '#' + rng.digits(6), amount: Math.round(total * 100) / 100, currency: money.code, items });
  seen(ctx, paid);
}

function custom(ctx: GenContext, events: EventList, t: number): void {
  const rng = ctx.rng;
  if (rng.chance(0.5)) {
    events.add('custom', t, { name: rng.pick(CUSTOM_EVENT_NAMES), value: rng.int(1, 500) });
    return;
  }
  const type = rng.pick(UNKNOWN_EVENT_TYPES);
  const product = rng.pick(PRODUCTS);
  switch (type) {
    case 'appointment_booked':
      events.add(type, t, { store: ctx.profile.city.latin, appointment_at: iso(t + rng.int(1, 10) * DAY), topic: 'installation' });
      break;
    case 'coupon_redeemed':
      events.add(type, t, { code: rng.pick(['WELCOME10', 'SORRY15', 'BF2025', 'CARE20']), discount_percent: rng.pick([10, 15, 20]) });
      break;
    case 'app_installed':
      events.add(type, t, { platform: rng.chance(0.55) ? 'android' : 'ios', app_version: `4.${rng.int(0, 14)}.${rng.int(0, 9)}` });
      break;
    case 'device_registered':
      events.add(type, t, { product: product.name, serial_number: 'LM' + rng.hex(10).toUpperCase() });
      break;
    default:
      events.add(type, t, { product: product.name, stars: rng.int(1, 5), verified_purchase: rng.chance(0.8) });
  }
}
