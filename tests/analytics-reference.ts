/**
 * The analytics figures computed a second way for the tests: plain SQL reads of the base
 * tables, then JavaScript (time zones through Intl), written without the core's rollups,
 * dimension SQL or time helpers, so a mistake in either shows as a difference.
 */
import { expect } from 'vitest';
import type { Workspace } from '../core/services/workspace.js';
import { AnalyticsScope, type AnalyticsScopeInput } from '../preload/contract-analytics.js';
import * as figures from '../core/analytics/figures.js';
import { consentPurposes } from '../core/services/consent.js';

interface RefContact {
  pk: number;
  id: string;
  created: number;
  createdAt: string;
  firstSeenAt: string | null;
  lastSeen: number | null;
  source: string;
  country: string;
  locale: string;
  email: string | null;
  phone: string | null;
  custom: Record<string, unknown>;
  tags: string[];
  consent: Map<string, string>;
}

interface RefConversation {
  id: string;
  contactId: string;
  channel: string;
  started: number;
  startedAt: string;
  rating: number | null;
}

export interface RefData {
  contacts: RefContact[];
  conversations: RefConversation[];
  handedOff: Set<string>;
  fields: { key: string; label: string; type: string; archived: boolean }[];
  purposes: { key: string; label: string }[];
  pairs: [string, string][];
}

export function readReference(ws: Workspace, purposes: { key: string; label: string }[]): RefData {
  const tags = new Map<number, string[]>();
  for (const t of ws.db.prepare('SELECT ct.contact_pk AS pk, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id').all() as { pk: number; name: string }[]) {
    tags.set(t.pk, [...(tags.get(t.pk) ?? []), t.name]);
  }
  // The newest entry per (contact, purpose): latest time, then the latest written.
  const consents = new Map<string, Map<string, { at: number; pk: number; status: string }>>();
  for (const s of ws.db.prepare('SELECT pk, contact_id, purpose, status, at FROM consents').all() as { pk: number; contact_id: string; purpose: string; status: string; at: string }[]) {
    const per = consents.get(s.contact_id) ?? new Map<string, { at: number; pk: number; status: string }>();
    const at = Date.parse(s.at);
    const seen = per.get(s.purpose);
    if (!seen || at > seen.at || (at === seen.at && s.pk > seen.pk)) per.set(s.purpose, { at, pk: s.pk, status: s.status });
    consents.set(s.contact_id, per);
  }
  const contacts = (
    ws.db.prepare('SELECT pk, id, created_at, first_seen_at, last_seen_at, source, country, locale, email, phone, custom_fields FROM contacts').all() as {
      pk: number;
      id: string;
      created_at: string;
      first_seen_at: string | null;
      last_seen_at: string | null;
      source: string | null;
      country: string | null;
      locale: string | null;
      email: string | null;
      phone: string | null;
      custom_fields: string;
    }[]
  ).map((c) => ({
    pk: c.pk,
    id: c.id,
    created: Date.parse(c.created_at),
    createdAt: c.created_at,
    firstSeenAt: c.first_seen_at,
    lastSeen: c.last_seen_at ? Date.parse(c.last_seen_at) : null,
    source: c.source ?? '',
    country: c.country ?? '',
    locale: c.locale ?? '',
    email: c.email,
    phone: c.phone,
    custom: JSON.parse(c.custom_fields) as Record<string, unknown>,
    tags: tags.get(c.pk) ?? [],
    consent: new Map([...(consents.get(c.id) ?? new Map<string, { status: string }>())].map(([k, v]) => [k, v.status])),
  }));
  const conversations = (ws.db.prepare('SELECT id, contact_id, channel, started_at, rating FROM conversations').all() as { id: string; contact_id: string; channel: string; started_at: string; rating: number | null }[]).map(
    (v) => ({ id: v.id, contactId: v.contact_id, channel: v.channel, started: Date.parse(v.started_at), startedAt: v.started_at, rating: v.rating }),
  );
  const handedOff = new Set<string>();
  for (const e of ws.db.prepare("SELECT properties FROM events WHERE type = 'handoff_requested'").all() as { properties: string }[]) {
    const id = (JSON.parse(e.properties) as { conversation_id?: unknown }).conversation_id;
    if (typeof id === 'string') handedOff.add(id);
  }
  const fields = (ws.db.prepare('SELECT key, label, type, archived FROM field_definitions').all() as { key: string; label: string; type: string; archived: number }[]).map((f) => ({
    ...f,
    archived: f.archived === 1,
  }));
  const pairs = (ws.db.prepare('SELECT a_id, b_id FROM duplicate_pairs').all() as { a_id: string; b_id: string }[]).map((p) => [p.a_id, p.b_id] as [string, string]);
  return { contacts, conversations, handedOff, fields, purposes, pairs };
}

export interface RefScope {
  from: number | null;
  to: number | null;
  timeZone: string;
  /** The segment's contact pks. */
  segment: Set<number> | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local date, weekday (0 = Monday) and hour of an instant, through Intl. */
export function local(timeZone: string, ms: number): { date: string; weekday: number; hour: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!),
    hour: Number(parts.hour),
  };
}

function weekOf(timeZone: string, ms: number): string {
  const { date, weekday } = local(timeZone, ms);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - weekday)).toISOString().slice(0, 10);
}

const inRange = (scope: RefScope, ms: number) => (scope.from === null || ms >= scope.from) && (scope.to === null || ms < scope.to);
const bump = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

const isMissing = (v: string | null) => v === null || v === '';
const invalidEmail = (v: string | null) => !isMissing(v) && (!/^[^@ \t]+@[^@ \t]+\.[^@ \t]+$/.test(v!) || v!.length > 320);
const invalidPhone = (v: string | null) => !isMissing(v) && !/^\+[1-9][0-9]{6,14}$/.test(v!);

export function referenceFigures(data: RefData, scope: RefScope, bucket: 'day' | 'week', now: number, inactiveDays = 180) {
  const scoped = data.contacts.filter((c) => !scope.segment || scope.segment.has(c.pk));
  const scopedIds = new Set(scoped.map((c) => c.id));
  const byId = new Map(data.contacts.map((c) => [c.id, c]));
  const created = scoped.filter((c) => inRange(scope, c.created));
  const conversations = data.conversations.filter((v) => inRange(scope, v.started) && (!scope.segment || scopedIds.has(v.contactId)));
  const bucketOf = (ms: number) => (bucket === 'day' ? local(scope.timeZone, ms).date : weekOf(scope.timeZone, ms));

  const growth = new Map<string, { newContacts: number; firstConversations: number; returningConversations: number }>();
  const point = (date: string) => growth.get(date) ?? growth.set(date, { newContacts: 0, firstConversations: 0, returningConversations: 0 }).get(date)!;
  for (const c of created) point(bucketOf(c.created)).newContacts++;
  const firstCounted = new Set<string>();
  for (const v of conversations) {
    const c = byId.get(v.contactId);
    const date = bucketOf(v.started);
    const key = `${date} ${v.contactId}`;
    if (c && c.firstSeenAt === v.startedAt && !firstCounted.has(key)) {
      firstCounted.add(key);
      point(date).firstConversations++;
    } else point(date).returningConversations++;
  }

  const activity = new Map<string, { conversations: number; handoffs: number; rated: number; ratingSum: number }>();
  const channels = new Map<string, { channel: string; conversations: number; handoffs: number; rated: number; ratingSum: number }>();
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const v of conversations) {
    const handed = data.handedOff.has(v.id) ? 1 : 0;
    const add = (into: { conversations: number; handoffs: number; rated: number; ratingSum: number }) => {
      into.conversations++;
      into.handoffs += handed;
      into.rated += v.rating === null ? 0 : 1;
      into.ratingSum += v.rating ?? 0;
    };
    const date = bucketOf(v.started);
    add(activity.get(date) ?? activity.set(date, { conversations: 0, handoffs: 0, rated: 0, ratingSum: 0 }).get(date)!);
    add(channels.get(v.channel) ?? channels.set(v.channel, { channel: v.channel, conversations: 0, handoffs: 0, rated: 0, ratingSum: 0 }).get(v.channel)!);
    const l = local(scope.timeZone, v.started);
    heatmap[l.weekday]![l.hour]!++;
  }

  const rated = conversations.filter((v) => v.rating !== null);
  const handoffs = conversations.filter((v) => data.handedOff.has(v.id)).length;
  const overview = {
    totalContacts: scoped.length,
    active7: scoped.filter((c) => c.lastSeen !== null && c.lastSeen >= now - 7 * 86_400_000).length,
    active30: scoped.filter((c) => c.lastSeen !== null && c.lastSeen >= now - 30 * 86_400_000).length,
    newContacts: created.length,
    conversations: conversations.length,
    rated: rated.length,
    averageRating: rated.length ? rated.reduce((s, v) => s + v.rating!, 0) / rated.length : null,
    handoffs,
    handoffRate: conversations.length ? handoffs / conversations.length : null,
  };

  const filled = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
  const breakdown = (dimension: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const c of created) {
      if (dimension === 'source' || dimension === 'country' || dimension === 'locale') bump(counts, c[dimension]);
      else if (dimension === 'tag') for (const t of c.tags) bump(counts, t);
      else if (dimension.startsWith('field:')) {
        const key = dimension.slice(6);
        const value = c.custom[key];
        if (!filled(value)) bump(counts, '');
        else if (Array.isArray(value)) for (const option of new Set(value.map(String))) bump(counts, option);
        else bump(counts, String(value));
      }
    }
    return counts;
  };
  const consent = data.purposes.map((p) => {
    const counts = { granted: 0, denied: 0, withdrawn: 0, none: 0 };
    for (const c of created) counts[(c.consent.get(p.key) ?? 'none') as keyof typeof counts]++;
    return { purpose: p.key, label: p.label, ...counts };
  });
  const cutoff = now - inactiveDays * 86_400_000;
  const health = {
    contacts: scoped.length,
    missingEmail: scoped.filter((c) => isMissing(c.email)).length,
    missingPhone: scoped.filter((c) => isMissing(c.phone)).length,
    missingBoth: scoped.filter((c) => isMissing(c.email) && isMissing(c.phone)).length,
    invalidEmail: scoped.filter((c) => invalidEmail(c.email)).length,
    invalidPhone: scoped.filter((c) => invalidPhone(c.phone)).length,
    duplicatePairs: data.pairs.filter(([a, b]) => !scope.segment || scopedIds.has(a) || scopedIds.has(b)).length,
    inactiveDays,
    inactive: scoped.filter((c) => (c.lastSeen ?? c.created) < cutoff).length,
    fields: data.fields
      .filter((f) => !f.archived)
      .map((f) => ({ key: f.key, filled: scoped.filter((c) => filled(c.custom[f.key])).length }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
  return { growth, activity, channels, heatmap, overview, breakdown, consent, contactsInRange: created.length, health };
}

const DIMENSIONS = ['source', 'country', 'locale', 'tag', 'field:plan', 'field:interests', 'field:marketing_qualified'] as const;

/** The scopes every check runs over (`usSegment`: a segment of the contacts in the US). */
export function scopes(usSegment: string): { name: string; input: AnalyticsScopeInput; bucket: 'day' | 'week' }[] {
  return [
    { name: 'all time, UTC, days', input: { range: null, timeZone: 'UTC' }, bucket: 'day' },
    { name: 'all time, New York, weeks', input: { range: null, timeZone: 'America/New_York' }, bucket: 'week' },
    // Local midnights across the start of daylight saving time (8 March 2026).
    { name: 'March in New York (DST)', input: { range: { from: '2026-03-01T05:00:00.000Z', to: '2026-03-20T04:00:00.000Z' }, timeZone: 'America/New_York' }, bucket: 'day' },
    // Ragged ends: neither on a quarter hour nor on a day.
    { name: 'ragged range in Kolkata', input: { range: { from: '2025-12-10T13:07:11.000Z', to: '2026-08-03T08:41:30.500Z' }, timeZone: 'Asia/Kolkata' }, bucket: 'day' },
    { name: 'ragged range in Kolkata, weeks', input: { range: { from: '2025-12-10T13:07:11.000Z', to: '2026-08-03T08:41:30.500Z' }, timeZone: 'Asia/Kolkata' }, bucket: 'week' },
    { name: 'segment (US), all time', input: { range: null, timeZone: 'Europe/Berlin', segment: usSegment }, bucket: 'week' },
    { name: 'segment (US), a year in New York', input: { range: { from: '2025-06-01T04:00:00.000Z', to: '2026-06-01T04:00:00.000Z' }, timeZone: 'America/New_York', segment: usSegment }, bucket: 'day' },
  ];
}

const nonZero = <T extends Record<string, unknown>>(points: (T & { date: string })[], keys: (keyof T)[]) =>
  new Map(points.filter((p) => keys.some((k) => p[k] !== 0)).map((p) => [p.date, Object.fromEntries(keys.map((k) => [k, p[k]]))]));

/** Every figure of one scope against the reference. */
export function expectFigures(ws: Workspace, name: string, input: AnalyticsScopeInput, bucket: 'day' | 'week', expectPreparing: boolean): void {
  const scope = AnalyticsScope.parse(input);
  const purposes = consentPurposes(ws).filter((p) => !p.archived);
  const data = readReference(ws, purposes);
  const segment = scope.segment ? new Set(ws.db.prepare("SELECT pk FROM contacts WHERE country = 'US'").pluck().all() as number[]) : null;
  const refScope: RefScope = { from: scope.range ? Date.parse(scope.range.from) : null, to: scope.range ? Date.parse(scope.range.to) : null, timeZone: scope.timeZone, segment };
  const ref = referenceFigures(data, refScope, bucket, Date.now());
  const context = `${name}`;

  const overview = figures.overview(ws, scope);
  expect(overview.preparing !== null, `${context}: preparing`).toBe(expectPreparing);
  const { preparing: _p, ...overviewValues } = overview;
  expect(overviewValues, context).toEqual(ref.overview);

  const growth = figures.growth(ws, scope, bucket);
  expect(nonZero(growth.points, ['newContacts', 'firstConversations', 'returningConversations']), `${context}: growth`).toEqual(ref.growth);
  // Buckets are consecutive, each starting where the one before ended.
  growth.points.forEach((p, i) => i > 0 && expect(p.from).toBe(growth.points[i - 1]!.to));

  const conversations = figures.conversations(ws, scope, bucket);
  expect(nonZero(conversations.points, ['conversations', 'handoffs', 'rated', 'ratingSum']), `${context}: conversations`).toEqual(ref.activity);
  expect(conversations.heatmap, `${context}: heatmap`).toEqual(ref.heatmap);
  const byChannel = (rows: { channel: string }[]) => [...rows].sort((a, b) => a.channel.localeCompare(b.channel));
  expect(byChannel(conversations.byChannel), `${context}: channels`).toEqual(byChannel([...ref.channels.values()]));

  for (const dimension of DIMENSIONS) {
    const result = figures.breakdown(ws, scope, dimension, 100);
    expect(result.otherCount).toBe(0);
    expect(result.contacts, `${context}: ${dimension} contacts`).toBe(ref.contactsInRange);
    expect(new Map(result.items.map((i) => [i.value, i.count])), `${context}: ${dimension}`).toEqual(ref.breakdown(dimension));
  }
  const consent = figures.consent(ws, scope);
  expect(consent.contacts).toBe(ref.contactsInRange);
  expect(consent.purposes, `${context}: consent`).toEqual(ref.consent);

  const health = figures.health(ws, scope.segment, 180);
  const { preparing: _h, fields, ...healthValues } = health;
  const { fields: refFields, ...refHealth } = ref.health;
  expect(healthValues, `${context}: health`).toEqual(refHealth);
  expect(fields.map((f) => ({ key: f.key, filled: f.filled })).sort((a, b) => a.key.localeCompare(b.key)), `${context}: fields`).toEqual(refFields);
}

export function expectAllScopes(ws: Workspace, usSegment: string, expectPreparing = false): void {
  for (const s of scopes(usSegment)) expectFigures(ws, s.name, s.input, s.bucket, expectPreparing);
}

