/**
 * One contact from (seed, index): who they are, how they reached the chatbot, what they
 * agreed to. Fills ctx.profile for the activity generators; `last_seen_at` is settled by
 * index.ts once the activity is known.
 */
import type { FieldValue, SpecConsent, SpecContact } from '../spec/entities.js';
import type { GenContext, Source } from './context.js';
import { channelUserId, customFields } from './fields.js';
import { KIND } from './ids.js';
import { weighted, type Rng } from './random.js';
import { DAY, HOUR, MINUTE, SECOND, YEAR, iso } from './time.js';
import { HOSTILE_NAMES, HOSTILE_TAGS } from './vocab/hostile.js';
import { LOCALE_TABLE, type Locale, type NameEntry } from './vocab/locales.js';
import { COMPANIES, CUSTOMER_SHARE, LEAD_SHARE, TAGS, type Company } from './vocab/workspace.js';

const SOURCES = weighted<Source>({ web: 38, whatsapp: 18, messenger: 10, telegram: 6, sms: 5, email: 8, api: 4, import: 8, agent: 3 });
/** Sources where a person starts by chatting (they get a conversation first). */
export const CHAT_SOURCES: ReadonlySet<Source> = new Set(['web', 'whatsapp', 'messenger', 'telegram', 'sms']);

/** Share of visitors who never give a name, e-mail or phone (only a channel id is known). */
const ANONYMOUS: Record<Source, number> = { web: 0.3, messenger: 0.22, telegram: 0.28, api: 0.1, whatsapp: 0, sms: 0, email: 0, import: 0, agent: 0 };
const HAS_EMAIL: Record<Source, number> = { web: 0.7, whatsapp: 0.3, messenger: 0.35, telegram: 0.2, sms: 0.25, email: 1, api: 0.9, import: 0.95, agent: 0.8 };
const HAS_PHONE: Record<Source, number> = { web: 0.3, whatsapp: 1, messenger: 0.15, telegram: 0.6, sms: 1, email: 0.2, api: 0.5, import: 0.6, agent: 0.75 };
/** Where consent to data processing was collected, and the evidence kept for it. */
const CONSENT_ORIGIN: Record<Source, readonly [string, string]> = {
  web: ['chat_widget', 'Privacy notice v3 accepted in the chat widget'],
  whatsapp: ['whatsapp_opt_in', 'Opted in by messaging the business number'],
  messenger: ['messenger', 'Accepted the privacy notice in Messenger'],
  telegram: ['telegram', 'Accepted the privacy notice in Telegram'],
  sms: ['sms_keyword', 'Texted JOIN to the short code'],
  email: ['signup_form', 'Double opt-in confirmed by e-mail'],
  api: ['api', 'Consent collected by the partner integration'],
  import: ['import', 'CSV import from the previous CRM (consent column)'],
  agent: ['agent', 'Given verbally on a support call'],
};

/** Contacts are created over three years, four times as many per day at the end as at the start. */
const SPAN = 3 * YEAR;
const GROWTH_A = 0.4;
const GROWTH_B = 1.2;

export function makeContact(ctx: GenContext, index: number): SpecContact {
  const rng = ctx.rng;
  const p = ctx.profile;
  const now = ctx.nowMs;
  ctx.stream(index, 0);
  p.index = index;
  p.id = ctx.ids.make(index, KIND.contact, 0, 0);
  p.hostile = rng.next() < ctx.hostileShare;
  const locale = LOCALE_TABLE.pick(rng);
  p.locale = locale;
  p.chat = locale.chat;
  p.source = SOURCES.pick(rng);
  p.anonymous = !p.hostile && rng.chance(ANONYMOUS[p.source]);
  p.city = rng.pick(locale.cities);

  const u = rng.next();
  const x = (-GROWTH_A + Math.sqrt(GROWTH_A * GROWTH_A + 2 * GROWTH_B * u)) / GROWTH_B;
  const created = Math.min(now - SPAN + Math.floor(x * SPAN), now - MINUTE);
  p.createdMs = created;
  const r = rng.next();
  let activeUntil: number;
  if (r < (p.anonymous ? 0.7 : 0.35)) activeUntil = created + rng.int(MINUTE, 2 * HOUR);
  else if (r < 0.8) activeUntil = ctx.between(created, now);
  else activeUntil = now - rng.int(0, 7 * DAY);
  p.activeUntilMs = Math.max(created, Math.min(activeUntil, now));
  p.lastActivityMs = 0;

  // Names: drawn for everyone (so every contact consumes the same draws), used by the named.
  const female = rng.chance(0.5);
  const latin = rng.next() < locale.latinShare;
  const firstE = rng.pick(female ? locale.female : locale.male);
  const lastE = rng.chance(locale.mononymShare) ? null : rng.pick(female ? locale.lastFemale : locale.lastMale);
  const firstOnly = CHAT_SOURCES.has(p.source) && rng.chance(0.25);
  // Newsletter sign-ups and imported lists often hold an address and no name.
  const nameless = !p.anonymous && (p.source === 'email' || p.source === 'import') && rng.chance(0.2);
  let first: string | null = null;
  let last: string | null = null;
  let full: string | null = null;
  if (!p.anonymous && !nameless) {
    first = latin ? firstE.latin : firstE.display;
    last = firstOnly || !lastE ? null : latin ? lastE.latin : lastE.display;
    if (latin && rng.chance(0.04)) first = first.toLowerCase();
    if (p.hostile && rng.chance(0.75)) [first, last] = rng.pick(HOSTILE_NAMES);
    full = fullName(locale, latin, first, last);
  }
  p.firstName = first;
  p.fullName = full;

  p.company = !p.anonymous && rng.chance(p.source === 'api' || p.source === 'import' ? 0.45 : 0.18) ? rng.pick(COMPANIES) : null;
  const email = !p.anonymous && (nameless || rng.chance(HAS_EMAIL[p.source])) ? emailFor(ctx, index, locale, firstE, lastE, p.company) : null;
  p.hasEmail = email !== null;
  const phone = !p.anonymous && rng.chance(HAS_PHONE[p.source]) ? phoneFor(rng, locale, p.city.areas) : null;

  const tags = tagsFor(ctx, p.hasEmail);
  const channelId = p.anonymous || (CHAT_SOURCES.has(p.source) && rng.chance(0.6)) ? channelUserId(ctx, phone) : null;
  const custom: Record<string, FieldValue> = p.anonymous ? { channel_user_id: channelId } : customFields(ctx, p.company, channelId);
  const preferences = preferencesFor(rng, locale, p.hasEmail, p.anonymous);
  const consents: SpecConsent[] = [];
  const lastConsent = consentsFor(ctx, consents, p.hasEmail, phone !== null);

  const imported = p.source === 'import';
  const knownCity = rng.chance(p.anonymous ? 0.4 : 0.85);
  const updated = rng.chance(0.4) ? created : ctx.between(created, now);
  return {
    id: p.id,
    version: 1,
    first_name: first,
    last_name: last,
    full_name: full,
    email,
    phone,
    created_at: iso(created),
    updated_at: iso(Math.max(updated, lastConsent)),
    last_seen_at: null,
    locale: imported && rng.chance(0.3) ? null : locale.tag,
    timezone: imported && rng.chance(0.4) ? null : p.city.tz,
    country: imported && rng.chance(0.05) ? null : locale.country,
    city: knownCity ? (latin ? p.city.latin : p.city.name) : null,
    source: p.source,
    custom_fields: custom,
    preferences,
    tags,
    consents,
  };
}

function fullName(locale: Locale, latin: boolean, first: string | null, last: string | null): string | null {
  if (first === null) return last;
  if (last === null) return first;
  return locale.familyFirst && !latin ? last + locale.joiner + first : first + ' ' + last;
}

const PLUS_TAGS = ['shop', 'lumo', 'news', 'orders'];

/**
 * An address unique in the workspace by construction: the local part is letters and dots
 * from the name, then a number that only this index produces, so no two contacts can share
 * it (in any case) whatever their names and domains.
 */
function emailFor(ctx: GenContext, index: number, locale: Locale, first: NameEntry, last: NameEntry | null, company: Company | null): string {
  const rng = ctx.rng;
  const f = first.ascii;
  const l = last?.ascii ?? '';
  const num = emailNumber(index, ctx.key);
  let local: string;
  switch (l === '' ? 5 : rng.int(0, 5)) {
    case 0:
      local = f + '.' + l + num;
      break;
    case 1:
      local = f + l + num;
      break;
    case 2:
      local = f[0] + l + num;
      break;
    case 3:
      local = f + '_' + l + num;
      break;
    case 4:
      local = l + '.' + f + num;
      break;
    default:
      local = f + (rng.chance(0.3) ? '.' : '') + num;
  }
  if (rng.chance(0.015)) local += '+' + rng.pick(PLUS_TAGS);
  const domain = company && rng.chance(0.7) ? company.domain : locale.domains.pick(rng);
  const c = rng.next();
  if (c < 0.03) return local[0]!.toUpperCase() + local.slice(1) + '@' + domain;
  if (c < 0.035) return (local + '@' + domain).toUpperCase();
  return local + '@' + domain;
}

/** 3 scrambled digits for the first thousand contacts, then the thousands in front: 482, 1907, 523118. */
export function emailNumber(index: number, key: number): string {
  const low = (((index % 1000) * 379 + ((key >>> 0) % 1000)) % 1000).toString().padStart(3, '0');
  const high = Math.floor(index / 1000);
  return high === 0 ? low : high + low;
}

/** A mobile number in E.164 that follows the country's numbering plan. */
function phoneFor(rng: Rng, locale: Locale, areas: readonly string[]): string {
  const plan = locale.phone;
  const prefix = plan.prefixes[0] === '@' ? rng.pick(areas) + plan.afterArea : rng.pick(plan.prefixes);
  const length = rng.int(plan.min, plan.max);
  return '+' + plan.cc + prefix + rng.digits(length - prefix.length);
}

function tagsFor(ctx: GenContext, hasEmail: boolean): string[] {
  const rng = ctx.rng;
  const p = ctx.profile;
  const scale = p.anonymous ? 0.15 : 1;
  const tags: string[] = [];
  const u = rng.next();
  p.customer = u < CUSTOMER_SHARE * scale;
  if (p.customer) tags.push('customer');
  else if (u < (CUSTOMER_SHARE + LEAD_SHARE) * scale) tags.push('lead');
  for (const [tag, share] of TAGS) {
    if (rng.next() < share * scale && (hasEmail || tag !== 'newsletter')) tags.push(tag);
  }
  if (p.hostile && rng.chance(0.3)) tags.push(rng.pick(HOSTILE_TAGS));
  return tags;
}

const CHANNELS = ['email', 'whatsapp', 'sms', 'phone', 'chat'];
const FREQUENCIES = ['weekly', 'monthly', 'monthly', 'never'];
const HOURS = ['09:00-12:00', '12:00-17:00', '17:00-20:00', 'any'];

function preferencesFor(rng: Rng, locale: Locale, hasEmail: boolean, anonymous: boolean): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  if (rng.chance(anonymous ? 0.5 : 0.55)) out.language = locale.language;
  if (anonymous) return out;
  if (rng.chance(0.35)) out.preferred_channel = rng.pick(CHANNELS);
  if (hasEmail && rng.chance(0.3)) out.newsletter_frequency = rng.pick(FREQUENCIES);
  if (rng.chance(0.1)) out.contact_hours = rng.pick(HOURS);
  if (rng.chance(0.04)) out.do_not_call = true;
  return out;
}

/**
 * Consent history, oldest first: data processing and analytics when the person arrived,
 * marketing opt-ins later, some withdrawn later still. Returns the time of the last entry.
 */
function consentsFor(ctx: GenContext, out: SpecConsent[], hasEmail: boolean, hasPhone: boolean): number {
  const rng = ctx.rng;
  const p = ctx.profile;
  const created = p.createdMs;
  const now = ctx.nowMs;
  const [origin, evidence] = CONSENT_ORIGIN[p.source];
  let at = created;
  if (rng.chance(p.anonymous ? 0.6 : 0.92)) out.push(consent('data_processing', 'granted', (at += rng.int(0, 5 * SECOND)), origin, evidence));
  if ((p.source === 'web' || p.source === 'email') && rng.chance(0.75)) {
    out.push(consent('analytics', rng.chance(0.65) ? 'granted' : 'denied', (at += rng.int(0, 3 * SECOND)), 'cookie_banner', 'Consent banner v2.1'));
  }
  if (hasEmail && rng.chance(0.5)) {
    const granted = rng.chance(0.85);
    at = ctx.between(at, Math.min(now, at + 90 * DAY));
    out.push(consent('marketing_email', granted ? 'granted' : 'denied', at, p.source === 'email' ? 'signup_form' : 'preference_center', granted ? 'Checked "Send me offers" (form v4)' : null));
    if (granted && rng.chance(0.22)) {
      at = ctx.between(at, now);
      out.push(consent('marketing_email', 'withdrawn', at, 'unsubscribe_link', 'List-Unsubscribe from campaign cmp_bf'));
    }
  }
  if (hasPhone && rng.chance(0.25)) {
    const granted = rng.chance(0.8);
    at = ctx.between(at, Math.min(now, at + 60 * DAY));
    out.push(consent('marketing_sms', granted ? 'granted' : 'denied', at, 'sms_keyword', granted ? 'Replied YES to the opt-in text' : null));
    if (granted && rng.chance(0.25)) {
      at = ctx.between(at, now);
      out.push(consent('marketing_sms', 'withdrawn', at, 'sms_reply', 'Replied STOP'));
    }
  }
  return at;
}

function consent(purpose: string, status: SpecConsent['status'], atMs: number, source: string, evidence: string | null): SpecConsent {
  return { purpose, status, at: iso(atMs), source, evidence };
}
