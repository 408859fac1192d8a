/**
 * The chatbot service's entities, exactly as ../shared/spec/chatbot-sync-api.md names them
 * (snake_case, version 1). These schemas check every payload that comes from a server (and
 * everything the generator makes) before it touches the database. Unknown fields pass
 * through (`.loose()`) so they can be kept in the `extra` column: the spec asks both sides
 * to ignore, never drop, what they do not know.
 */
import { z } from 'zod';

/** Ids are opaque strings of at most 64 characters. */
export const EntityId = z.string().min(1).max(64);
/** RFC 3339 in UTC; we accept any offset the Date parser accepts and store what came. */
export const Timestamp = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'not an RFC 3339 time');
export const Version = z.number().int().nonnegative();
/** Untrusted text: kept as typed (HTML, RTL marks...), but bounded so one field cannot fill the disk. */
const MAX_TEXT = 1_000_000;
const Text = z.string().max(MAX_TEXT);
const NullableText = Text.nullable().optional().transform((v) => v ?? null);

export const CONTACT_SOURCES = ['web', 'whatsapp', 'messenger', 'telegram', 'sms', 'email', 'api', 'import', 'agent'] as const;
export const ContactSource = z.enum(CONTACT_SOURCES);
export const CONSENT_STATUSES = ['granted', 'denied', 'withdrawn'] as const;
export const ConsentStatus = z.enum(CONSENT_STATUSES);

/** A custom field or preference value: JSON scalars and arrays of them. */
export const FieldValue = z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(10_000), z.number(), z.boolean()])).max(1000)]);
export type FieldValue = z.infer<typeof FieldValue>;

export const Consent = z
  .object({
    purpose: z.string().min(1).max(100),
    status: ConsentStatus,
    at: Timestamp,
    source: NullableText,
    evidence: NullableText,
  })
  .loose();
export type SpecConsent = z.infer<typeof Consent>;

export const SpecContact = z
  .object({
    id: EntityId,
    version: Version,
    first_name: NullableText,
    last_name: NullableText,
    full_name: NullableText,
    email: z.string().max(320).nullable().optional().transform((v) => v ?? null),
    phone: z.string().max(32).nullable().optional().transform((v) => v ?? null),
    created_at: Timestamp,
    updated_at: Timestamp,
    last_seen_at: Timestamp.nullable().optional().transform((v) => v ?? null),
    locale: z.string().max(35).nullable().optional().transform((v) => v ?? null),
    timezone: z.string().max(64).nullable().optional().transform((v) => v ?? null),
    country: z.string().length(2).nullable().optional().transform((v) => v ?? null),
    city: NullableText,
    source: ContactSource.nullable().optional().transform((v) => v ?? null),
    custom_fields: z.record(z.string().max(100), FieldValue).optional().default({}),
    preferences: z.record(z.string().max(100), FieldValue).optional().default({}),
    tags: z.array(z.string().min(1).max(100)).max(1000).optional().default([]),
    consents: z.array(Consent).max(10_000).optional().default([]),
  })
  .loose();
export type SpecContact = z.infer<typeof SpecContact>;
export type SpecContactInput = z.input<typeof SpecContact>;

export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select', 'multi_select', 'url', 'email', 'phone'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

export const SpecFieldDefinition = z
  .object({
    id: EntityId,
    version: Version,
    key: z.string().min(1).max(100),
    label: z.string().min(1).max(200),
    type: FieldType,
    options: z.array(z.string().max(200)).max(1000).optional().default([]),
    archived: z.boolean().optional().default(false),
  })
  .loose();
export type SpecFieldDefinition = z.infer<typeof SpecFieldDefinition>;

export const MESSAGE_ROLES = ['user', 'bot', 'agent', 'system'] as const;
export const SpecMessage = z
  .object({
    id: EntityId,
    role: z.enum(MESSAGE_ROLES),
    author_name: NullableText,
    text: Text,
    sent_at: Timestamp,
  })
  .loose();
export type SpecMessage = z.infer<typeof SpecMessage>;

export const CONVERSATION_STATUSES = ['open', 'resolved', 'abandoned'] as const;
export const SpecConversation = z
  .object({
    id: EntityId,
    version: Version,
    contact_id: EntityId,
    channel: z.string().min(1).max(50),
    started_at: Timestamp,
    ended_at: Timestamp.nullable().optional().transform((v) => v ?? null),
    status: z.enum(CONVERSATION_STATUSES),
    summary: NullableText,
    rating: z.number().int().min(1).max(5).nullable().optional().transform((v) => v ?? null),
    messages: z.array(SpecMessage).max(100_000).optional().default([]),
  })
  .loose();
export type SpecConversation = z.infer<typeof SpecConversation>;

export const KNOWN_EVENT_TYPES = [
  'page_view',
  'conversation_started',
  'conversation_resolved',
  'handoff_requested',
  'form_submitted',
  'purchase',
  'email_opened',
  'link_clicked',
  'custom',
] as const;
export const SpecEvent = z
  .object({
    id: EntityId,
    version: Version,
    contact_id: EntityId,
    /** Unknown types are kept and shown generically. */
    type: z.string().min(1).max(100),
    occurred_at: Timestamp,
    properties: z.record(z.string().max(200), z.unknown()).optional().default({}),
  })
  .loose();
export type SpecEvent = z.infer<typeof SpecEvent>;

const Person = z.object({ id: EntityId, name: z.string().max(200) }).loose();

export const SpecNote = z
  .object({
    id: EntityId,
    version: Version,
    contact_id: EntityId,
    author: Person,
    body: Text,
    pinned: z.boolean().optional().default(false),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .loose();
export type SpecNote = z.infer<typeof SpecNote>;

export const SpecFollowUp = z
  .object({
    id: EntityId,
    version: Version,
    contact_id: EntityId,
    title: z.string().min(1).max(500),
    due_at: Timestamp,
    assignee: Person.nullable().optional().transform((v) => v ?? null),
    done_at: Timestamp.nullable().optional().transform((v) => v ?? null),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .loose();
export type SpecFollowUp = z.infer<typeof SpecFollowUp>;

export const ENTITY_KINDS = ['contact', 'field_definition', 'conversation', 'event', 'note', 'follow_up'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const ENTITY_SCHEMAS = {
  contact: SpecContact,
  field_definition: SpecFieldDefinition,
  conversation: SpecConversation,
  event: SpecEvent,
  note: SpecNote,
  follow_up: SpecFollowUp,
} as const;

/** The known keys of each entity: everything else a server sends goes to `extra`. */
export function knownKeys(kind: EntityKind): ReadonlySet<string> {
  return KNOWN_KEYS[kind];
}
const KNOWN_KEYS: Record<EntityKind, ReadonlySet<string>> = Object.fromEntries(
  ENTITY_KINDS.map((k) => [k, new Set(Object.keys(ENTITY_SCHEMAS[k].shape))]),
) as unknown as Record<EntityKind, ReadonlySet<string>>;

/** The fields of an entity the client does not know, to be stored in `extra`. */
export function extraFields(kind: EntityKind, entity: Record<string, unknown>): Record<string, unknown> {
  const known = KNOWN_KEYS[kind];
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) if (!known.has(key)) extra[key] = value;
  return extra;
}
