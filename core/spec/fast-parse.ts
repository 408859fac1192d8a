/**
 * Hand-written checks for the entities a first sync brings by the million (contacts,
 * conversations with their messages, events). They accept exactly what the zod schemas in
 * entities.ts accept and return the same value, about ten times faster; anything they are
 * not sure of returns null and the zod schema decides (and explains what is wrong).
 * tests/fast-parse.test.ts holds them to the schemas over generated and hostile data.
 */
import { CONSENT_STATUSES, CONTACT_SOURCES, MESSAGE_ROLES, type EntityKind, type SpecContact, type SpecConversation, type SpecEvent } from './entities.js';

const MAX_TEXT = 1_000_000;
const CONVERSATION_STATUSES: ReadonlySet<string> = new Set(['open', 'resolved', 'abandoned']);
const ROLES: ReadonlySet<string> = new Set(MESSAGE_ROLES);
const SOURCES: ReadonlySet<string> = new Set(CONTACT_SOURCES);
const CONSENTS: ReadonlySet<string> = new Set(CONSENT_STATUSES);

type Json = Record<string, unknown>;
/** Thrown inside a check: "not sure, ask the schema". */
const UNSURE = Symbol('unsure');

function fail(): never {
  throw UNSURE;
}

function object(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail();
  return value as Json;
}

function string(value: unknown, min: number, max: number): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) fail();
  return value;
}

function nullableString(value: unknown, max: number): string | null {
  return value === undefined || value === null ? null : string(value, 0, max);
}

function id(value: unknown): string {
  return string(value, 1, 64);
}

function version(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail();
  return value;
}

// What services write (toISOString's form). A time of this form with fields in range is one
// Date.parse accepts; anything else is asked of Date.parse itself (a first sync checks ~10 M).
const PLAIN_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
const twoDigits = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

function isPlainUtcTime(s: string): boolean {
  if (!PLAIN_UTC_TIME.test(s)) return false;
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days && twoDigits(s, 11) <= 23 && twoDigits(s, 14) <= 59 && twoDigits(s, 17) <= 59;
}

function timestamp(value: unknown): string {
  const s = string(value, 0, 40);
  if (!isPlainUtcTime(s) && Number.isNaN(Date.parse(s))) fail();
  return s;
}

function nullableTimestamp(value: unknown): string | null {
  return value === undefined || value === null ? null : timestamp(value);
}

function oneOf(value: unknown, allowed: ReadonlySet<string>): string {
  if (typeof value !== 'string' || !allowed.has(value)) fail();
  return value;
}

function array(value: unknown, max: number): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > max) fail();
  return value;
}

/** Copies the keys a schema does not know, after the known ones (the order zod gives them). */
function withUnknown(out: Json, input: Json, known: ReadonlySet<string>): Json {
  for (const key in input) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    if (key === '__proto__') fail();
    if (!known.has(key)) out[key] = input[key];
  }
  return out;
}

function record(value: unknown, maxKey: number, check: (v: unknown) => unknown): Json {
  if (value === undefined) return {};
  const input = object(value);
  const out: Json = {};
  for (const key in input) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    if (key === '__proto__' || key.length > maxKey) fail();
    out[key] = check(input[key]);
  }
  return out;
}

function fieldValue(value: unknown): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : fail();
  if (typeof value === 'string') return value.length <= MAX_TEXT ? value : fail();
  if (!Array.isArray(value) || value.length > 1000) fail();
  for (const item of value) {
    if (typeof item === 'boolean') continue;
    if (typeof item === 'number' && Number.isFinite(item)) continue;
    if (typeof item === 'string' && item.length <= 10_000) continue;
    fail();
  }
  return [...value];
}

/** Whether the object's own keys are exactly these, in this order. */
function hasExactKeys(input: Json, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in input) {
    if (keys[i] !== key) return false;
    i++;
  }
  return i === keys.length;
}

/** `items.map(check)`, but the same array when every item came back as it was (no copy to collect). */
function mapKeepingSame(items: unknown[], check: (item: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const checked = check(item);
    if (out === undefined && checked !== item) out = items.slice(0, i);
    if (out !== undefined) out.push(checked);
  }
  return out ?? items;
}

const MESSAGE_ORDER = ['id', 'role', 'author_name', 'text', 'sent_at'] as const;
const MESSAGE_KEYS: ReadonlySet<string> = new Set(MESSAGE_ORDER);
function message(value: unknown): Json {
  const m = object(value);
  const messageId = id(m['id']);
  const role = oneOf(m['role'], ROLES);
  const authorName = nullableString(m['author_name'], MAX_TEXT);
  const text = string(m['text'], 0, MAX_TEXT);
  const sentAt = timestamp(m['sent_at']);
  // Millions of messages arrive in exactly this shape: the checked input is then the value.
  if (m['author_name'] !== undefined && hasExactKeys(m, MESSAGE_ORDER)) return m;
  return withUnknown({ id: messageId, role, author_name: authorName, text, sent_at: sentAt }, m, MESSAGE_KEYS);
}

const CONVERSATION_KEYS: ReadonlySet<string> = new Set(['id', 'version', 'contact_id', 'channel', 'started_at', 'ended_at', 'status', 'summary', 'rating', 'messages']);
function conversation(c: Json): Json {
  const rating = c['rating'];
  if (rating !== undefined && rating !== null && (typeof rating !== 'number' || !Number.isSafeInteger(rating) || rating < 1 || rating > 5)) fail();
  const out: Json = {
    id: id(c['id']),
    version: version(c['version']),
    contact_id: id(c['contact_id']),
    channel: string(c['channel'], 1, 50),
    started_at: timestamp(c['started_at']),
    ended_at: nullableTimestamp(c['ended_at']),
    status: oneOf(c['status'], CONVERSATION_STATUSES),
    summary: nullableString(c['summary'], MAX_TEXT),
    rating: rating ?? null,
    messages: mapKeepingSame(array(c['messages'], 100_000), message),
  };
  return withUnknown(out, c, CONVERSATION_KEYS);
}

const EVENT_KEYS: ReadonlySet<string> = new Set(['id', 'version', 'contact_id', 'type', 'occurred_at', 'properties']);
function event(e: Json): Json {
  const out: Json = {
    id: id(e['id']),
    version: version(e['version']),
    contact_id: id(e['contact_id']),
    type: string(e['type'], 1, 100),
    occurred_at: timestamp(e['occurred_at']),
    properties: record(e['properties'], 200, (v) => v),
  };
  return withUnknown(out, e, EVENT_KEYS);
}

const CONSENT_KEYS: ReadonlySet<string> = new Set(['purpose', 'status', 'at', 'source', 'evidence']);
function consent(value: unknown): Json {
  const c = object(value);
  const out: Json = {
    purpose: string(c['purpose'], 1, 100),
    status: oneOf(c['status'], CONSENTS),
    at: timestamp(c['at']),
    source: nullableString(c['source'], MAX_TEXT),
    evidence: nullableString(c['evidence'], MAX_TEXT),
  };
  return withUnknown(out, c, CONSENT_KEYS);
}

const CONTACT_KEYS: ReadonlySet<string> = new Set([
  'id', 'version', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'created_at', 'updated_at', 'last_seen_at', 'locale',
  'timezone', 'country', 'city', 'source', 'custom_fields', 'preferences', 'tags', 'consents',
]);
function contact(c: Json): Json {
  const country = c['country'];
  if (country !== undefined && country !== null && (typeof country !== 'string' || country.length !== 2)) fail();
  const source = c['source'];
  const out: Json = {
    id: id(c['id']),
    version: version(c['version']),
    first_name: nullableString(c['first_name'], MAX_TEXT),
    last_name: nullableString(c['last_name'], MAX_TEXT),
    full_name: nullableString(c['full_name'], MAX_TEXT),
    email: nullableString(c['email'], 320),
    phone: nullableString(c['phone'], 32),
    created_at: timestamp(c['created_at']),
    updated_at: timestamp(c['updated_at']),
    last_seen_at: nullableTimestamp(c['last_seen_at']),
    locale: nullableString(c['locale'], 35),
    timezone: nullableString(c['timezone'], 64),
    country: country ?? null,
    city: nullableString(c['city'], MAX_TEXT),
    source: source === undefined || source === null ? null : oneOf(source, SOURCES),
    custom_fields: record(c['custom_fields'], 100, fieldValue),
    preferences: record(c['preferences'], 100, fieldValue),
    tags: array(c['tags'], 1000).map((t) => string(t, 1, 100)),
    consents: array(c['consents'], 10_000).map(consent),
  };
  return withUnknown(out, c, CONTACT_KEYS);
}

const FAST: Partial<Record<EntityKind, (input: Json) => Json>> = { contact, conversation, event };

export type FastParsed = SpecContact | SpecConversation | SpecEvent;

/** The schema's value for a valid contact, conversation or event; null to let the schema decide. */
export function fastParse(kind: EntityKind, data: unknown): FastParsed | null {
  const check = FAST[kind];
  if (!check) return null;
  try {
    return check(object(data)) as unknown as FastParsed;
  } catch (error) {
    if (error === UNSURE) return null;
    throw error;
  }
}
