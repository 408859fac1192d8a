/**
 * The one contract between the renderer and the core: every method's name, input and output,
 * and the events the core sends. Written once here with zod:
 * - the renderer imports it for types (and may reuse a schema for form validation);
 * - the main process and the browser host validate every incoming call against it
 *   (core/api/validate.ts) before the worker sees it;
 * - the preload script exposes exactly these methods and nothing else.
 *
 * To add a method: add it to `contract` below, implement it in core/api/handlers.ts (the
 * compiler insists), and call it from the renderer through `api` (renderer/src/api).
 */
import { z } from 'zod';
import { analyticsMethods } from './contract-analytics.js';
import { connectorMethods } from './contract-connectors.js';
import { appWorkerMethods, sessionMethods, type SessionEvent, type SessionMethodName } from './contract-app.js';
import { ContactFilter, Sort } from './contact-filter.js';

export * from './contact-filter.js';

// ---------------------------------------------------------------- shared pieces

const Id = z.string().min(1).max(64);
const IsoTime = z.string();

export const Person = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) });
export type Person = z.infer<typeof Person>;

/** A reminder to get back to a person (the spec's `follow_up`). */
export const FollowUp = z.object({
  id: Id,
  contactId: Id,
  /** The contact's display name (for lists across contacts); null when the contact is not here yet. */
  contactName: z.string().nullable(),
  title: z.string(),
  dueAt: IsoTime,
  assignee: Person.nullable(),
  doneAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** Local changes not yet pushed. */
  pending: z.boolean(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** A time the person picked: any ISO 8601 instant; stored in UTC. */
const DueTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Pick a valid date and time')
  .transform((s) => new Date(s).toISOString());


export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
export type FieldValue = z.infer<typeof FieldValue>;

export const ContactRow = z.object({
  id: Id,
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  lastSeenAt: IsoTime.nullable(),
  firstSeenAt: IsoTime.nullable(),
  locale: z.string().nullable(),
  conversationCount: z.number().int(),
  customFields: z.record(z.string(), FieldValue),
  /** The current consent status per purpose (purposes with nothing recorded are absent). */
  consentStatus: z.record(z.string(), z.enum(['granted', 'denied', 'withdrawn'])),
});
export type ContactRow = z.infer<typeof ContactRow>;

export const Consent = z.object({
  purpose: z.string(),
  status: z.enum(['granted', 'denied', 'withdrawn']),
  at: IsoTime,
  source: z.string().nullable(),
  evidence: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

export const ContactDetail = ContactRow.extend({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  customFields: z.record(z.string(), FieldValue),
  preferences: z.record(z.string(), FieldValue),
  /** Current status per purpose (latest entry), newest first. */
  consents: z.array(Consent),
  version: z.number().int(),
  /** Local changes to this contact not yet pushed to the service. */
  pendingChanges: z.number().int(),
  /** Shown in the header: when the person first and last talked to the bot. */
  firstSeenAt: IsoTime.nullable(),
  /** Where the last conversation ended, so an agent picks up from there. */
  lastConversation: z.object({ id: Id, channel: z.string(), startedAt: IsoTime, status: z.string(), summary: z.string().nullable() }).nullable(),
  /** The earliest open follow-up. */
  nextFollowUp: FollowUp.nullable(),
  /** The static lists (segments of kind `list`) the contact is on. */
  lists: z.array(z.object({ id: Id, name: z.string() })),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

/** A preference's value: text, a number or yes/no (null removes it). */
export const PreferenceValue = z.union([
  z.string().trim().max(1000, 'Keep a preference under 1,000 characters'),
  z.number().refine(Number.isFinite, 'Enter a number'),
  z.boolean(),
  z.null(),
]);
export type PreferenceValue = z.infer<typeof PreferenceValue>;

/** Fields a person can edit on a contact; each is validated here and again by the core. */
export const EditableContactFields = z
  .object({
    firstName: z.string().trim().max(200).nullable(),
    lastName: z.string().trim().max(200).nullable(),
    fullName: z.string().trim().max(400).nullable(),
    email: z.string().trim().toLowerCase().email('Enter a valid email address').max(320).nullable(),
    /** As typed; the core normalises it to E.164 (a national number in the contact's country). */
    phone: z.string().trim().max(40, 'A phone number is at most 40 characters').nullable(),
    city: z.string().trim().max(200).nullable(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code, for example DE')
      .nullable(),
    locale: z.string().trim().max(35).nullable(),
    timezone: z.string().trim().max(64).nullable(),
    customFields: z.record(z.string().max(100), FieldValue),
    /** Sets preferences (the spec's `preferences {key: value}`) by key; null removes one. */
    preferences: z
      .record(z.string().trim().min(1, 'A preference needs a name').max(100, 'Keep preference names under 100 characters'), PreferenceValue)
      .refine((value) => Object.keys(value).length <= 50, 'Change at most 50 preferences at once'),
  })
  .partial()
  .strict();
export type EditableContactFields = z.infer<typeof EditableContactFields>;

export const FieldDefinition = z.object({
  id: Id,
  key: z.string(),
  label: z.string(),
  type: z.enum(['text', 'number', 'boolean', 'date', 'select', 'multi_select', 'url', 'email', 'phone']),
  options: z.array(z.string()),
  archived: z.boolean(),
});
export type FieldDefinition = z.infer<typeof FieldDefinition>;

/** How a list shows its contacts: the columns in order with their widths, and the sort. */
export const SavedView = z
  .object({
    columns: z.array(z.object({ id: z.string().min(1).max(100), width: z.number().int().min(48).max(1200) }).strict()).max(80).optional(),
    sort: Sort.optional(),
  })
  .strict();
export type SavedView = z.infer<typeof SavedView>;

/** A saved filter (members change as contacts do) or a fixed list of chosen contacts. Kept on this device. */
export const Segment = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['filter', 'list']),
  /** For `filter` segments: the saved filter (never naming another segment). */
  filter: ContactFilter,
  view: SavedView,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Segment = z.infer<typeof Segment>;
const SegmentName = z.string().trim().min(1, 'A segment needs a name').max(80, 'Keep names under 80 characters');
const SegmentFilter = ContactFilter.refine((f) => f.segment === undefined, { message: 'A segment cannot be built on another segment', path: ['segment'] });

export const Note = z.object({
  id: Id,
  contactId: Id,
  authorName: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Note = z.infer<typeof Note>;

export const TagInfo = z.object({ id: z.number().int(), name: z.string(), color: z.string().nullable(), count: z.number().int() });
export type TagInfo = z.infer<typeof TagInfo>;
const TagId = z.number().int().positive();
const TagName = z.string().trim().min(1, 'A tag needs a name').max(100, 'Keep tags under 100 characters');

export const Message = z.object({
  id: z.string(),
  role: z.enum(['user', 'bot', 'agent', 'system']),
  authorName: z.string().nullable(),
  text: z.string(),
  sentAt: IsoTime,
});
export type Message = z.infer<typeof Message>;

export const Conversation = z.object({
  id: Id,
  contactId: Id,
  channel: z.string(),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  status: z.enum(['open', 'resolved', 'abandoned']),
  summary: z.string().nullable(),
  rating: z.number().int().nullable(),
  messageCount: z.number().int(),
  messages: z.array(Message),
  /** When a retention rule removed the messages and summary on this device (the service keeps them); null otherwise. */
  transcriptRemovedAt: IsoTime.nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const TIMELINE_KINDS = ['conversation', 'event', 'note', 'field_change', 'merge', 'consent'] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('conversation'),
    id: Id,
    at: IsoTime,
    channel: z.string(),
    status: z.enum(['open', 'resolved', 'abandoned']),
    summary: z.string().nullable(),
    rating: z.number().int().nullable(),
    messageCount: z.number().int(),
    /** The first messages, so the item reads well before it is expanded. */
    preview: z.array(Message),
  }),
  z.object({
    kind: z.literal('event'),
    id: Id,
    at: IsoTime,
    type: z.string(),
    properties: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal('note'), id: Id, at: IsoTime, note: Note }),
  z.object({
    kind: z.literal('field_change'),
    id: z.string(),
    at: IsoTime,
    field: z.string(),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    actorName: z.string().nullable(),
    origin: z.enum(['local', 'sync']),
  }),
  /** Other contacts folded into this one (here, or by another agent: origin sync). */
  z.object({
    kind: z.literal('merge'),
    id: z.string(),
    at: IsoTime,
    mergedNames: z.array(z.string()),
    actorName: z.string().nullable(),
    origin: z.enum(['local', 'sync']),
    /** Until then the merge has not been sent and can be undone (null: it can no longer be). */
    undoable: z.boolean(),
  }),
  /** A consent statement (granted, denied, withdrawn) for one purpose, from the chatbot or an agent. */
  z.object({
    kind: z.literal('consent'),
    id: z.string(),
    at: IsoTime,
    purpose: z.string(),
    status: z.enum(['granted', 'denied', 'withdrawn']),
    source: z.string().nullable(),
    evidence: z.string().nullable(),
    recordedBy: z.string().nullable(),
  }),
]);
export type TimelineItem = z.infer<typeof TimelineItem>;

/** Why two contacts look like the same person. */
export const DuplicateReason = z.enum(['email', 'phone', 'name']);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

const DuplicateSide = ContactRow.pick({ id: true, displayName: true, email: true, phone: true, country: true, city: true, source: true, createdAt: true, lastSeenAt: true, conversationCount: true, tags: true });
export const DuplicatePair = z.object({ a: DuplicateSide, b: DuplicateSide, reason: DuplicateReason, foundAt: IsoTime });
export type DuplicatePair = z.infer<typeof DuplicatePair>;

/** The fields a merge takes from one contact or another (the survivor keeps the rest). */
export const MERGE_FIELDS = ['fullName', 'firstName', 'lastName', 'email', 'phone', 'city', 'country', 'locale', 'timezone'] as const;
export const MergeField = z.enum(MERGE_FIELDS);
export type MergeField = z.infer<typeof MergeField>;

/** One contact as the merge dialog shows it: its fields and what would move with it. */
export const MergeCandidate = z.object({
  contact: ContactDetail,
  counts: z.object({ conversations: z.number().int(), events: z.number().int(), notes: z.number().int(), followUps: z.number().int() }),
});
export type MergeCandidate = z.infer<typeof MergeCandidate>;

/** The Activity page: the timeline's kinds across all contacts, plus follow-ups (by when they were set). */
// Merges stay on the contacts' timelines (they are rare and have no feed index yet).
export const ACTIVITY_KINDS = ['conversation', 'event', 'note', 'field_change', 'follow_up'] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof ActivityKind>;

export const ActivityItem = z.object({
  /** Whose item it is; `name` is null while the contact has not synced here yet. */
  contact: z.object({ id: Id, name: z.string().nullable(), firstName: z.string().nullable() }),
  item: z.discriminatedUnion('kind', [
    ...TimelineItem.options,
    z.object({
      kind: z.literal('follow_up'),
      id: Id,
      at: IsoTime,
      title: z.string(),
      dueAt: IsoTime,
      assignee: Person.nullable(),
      doneAt: IsoTime.nullable(),
    }),
  ]),
});
export type ActivityItem = z.infer<typeof ActivityItem>;
export type ActivityEntry = ActivityItem['item'];

/** An instant from a date picker: any ISO 8601 time, normalised to UTC. */
const Instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Pick a valid date')
  .transform((s) => new Date(s).toISOString());

export const Facet = z.object({ value: z.string(), count: z.number().int() });
export type Facet = z.infer<typeof Facet>;

export const WorkspaceInfo = z.object({
  name: z.string(),
  host: z.enum(['electron', 'browser']),
  databasePath: z.string(),
  contactCount: z.number().int(),
  agent: z.object({ id: z.string(), name: z.string() }),
  schemaVersion: z.number().int(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const SyncStatus = z.object({
  phase: z.enum(['disconnected', 'idle', 'syncing', 'offline', 'error', 'unauthorized']),
  serviceUrl: z.string().nullable(),
  online: z.boolean(),
  lastSyncAt: IsoTime.nullable(),
  /** The last failure, in words; null after a good sync. */
  lastError: z.string().nullable(),
  nextAttemptAt: IsoTime.nullable(),
  intervalSeconds: z.number().int(),
  pendingChanges: z.number().int(),
  rejectedChanges: z.number().int(),
  openConflicts: z.number().int(),
  quarantined: z.number().int(),
  /** Whether the last sync proved this copy equal to the service (checksum). */
  converged: z.boolean().nullable(),
  divergence: z.string().nullable(),
  progress: z
    .object({
      /** `indexing`: a first sync builds its sort orders and search index once everything arrived. */
      phase: z.enum(['connecting', 'pushing', 'pulling', 'indexing', 'verifying']),
      pushed: z.number().int(),
      pulled: z.number().int(),
      expected: z.number().int().nullable(),
      startedAt: IsoTime,
      fullSync: z.boolean(),
    })
    .nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const Conflict = z.object({
  id: z.number().int(),
  entity: z.string(),
  entityId: z.string(),
  /** The contact it concerns, for display (null when it no longer exists here). */
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  field: z.string(),
  localValue: z.unknown(),
  serverValue: z.unknown(),
  detectedAt: IsoTime,
  resolvedAt: IsoTime.nullable(),
  resolution: z.enum(['mine', 'theirs']).nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

export const SyncIssue = z.object({
  /** `suppressed`: a record of an erased person (on the suppression list) the service sent and this copy did not store. */
  kind: z.enum(['quarantined', 'rejected', 'suppressed']),
  id: z.number().int(),
  entity: z.string(),
  entityId: z.string().nullable(),
  reason: z.string(),
  at: IsoTime,
  /** An excerpt of what was received (quarantined) or what was sent (rejected). */
  excerpt: z.string(),
});
export type SyncIssue = z.infer<typeof SyncIssue>;

// ---------------------------------------------------------------- privacy: erasure and suppression

/** What an erasure removes (and removed): counts only, never personal data. */
export const ErasureCounts = z.object({
  /** The contact and those merged into it whose merge was not sent yet. */
  people: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
  events: z.number().int(),
  notes: z.number().int(),
  followUps: z.number().int(),
  consents: z.number().int(),
  /** Tag and list links, field history, queued changes, conflicts, kept copies for undo. */
  otherRecords: z.number().int(),
});
export type ErasureCounts = z.infer<typeof ErasureCounts>;

export const ErasurePreview = z.object({
  contactId: Id,
  /** The name to type to confirm; null when the contact has none (then ERASE). */
  name: z.string().nullable(),
  counts: ErasureCounts,
  /** Whether this workspace syncs with the service (the erasure goes there too). */
  synced: z.boolean(),
});
export type ErasurePreview = z.infer<typeof ErasurePreview>;

export const ErasureResult = z.object({
  contactId: Id,
  counts: ErasureCounts,
  /** False when the WAL could not be truncated yet (a reader held it): retried when idle. */
  bytesWiped: z.boolean(),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

export const SuppressionEntry = z.object({
  id: z.number().int(),
  /** The first 12 hex digits of the salted hash: enough to tell entries apart, never the value. */
  hashPrefix: z.string(),
  kind: z.enum(['email', 'phone']),
  origin: z.enum(['local', 'service', 'retention', 'cli']),
  addedAt: IsoTime,
});
export type SuppressionEntry = z.infer<typeof SuppressionEntry>;

export const SuppressionList = z.object({ total: z.number().int(), entries: z.array(SuppressionEntry) });
export type SuppressionList = z.infer<typeof SuppressionList>;

// ---------------------------------------------------------------- bulk actions

/** What a bulk action applies to: chosen rows, or every contact matching the list's filter. */
export const BULK_MAX_IDS = 10_000;
export const BulkTarget = z.union([
  z.object({ ids: z.array(Id).min(1, 'Choose at least one contact').max(BULK_MAX_IDS, `Choose at most ${BULK_MAX_IDS.toLocaleString('en')} contacts, or every match`) }).strict(),
  z.object({ filter: ContactFilter }).strict(),
]);
export type BulkTarget = z.infer<typeof BulkTarget>;

const BulkTag = z.string().trim().min(1, 'A tag needs a name').max(100, 'Keep tags under 100 characters');
/** One field, as a single edit would send it: `{ city: 'Berlin' }` or `{ customFields: { plan: 'Pro' } }`. */
const OneField = EditableContactFields.omit({ preferences: true }).refine(
  (fields) => Object.keys(fields).length === 1 && (fields.customFields === undefined || Object.keys(fields.customFields).length === 1),
  'Set one field at a time',
);
export const BulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('addTag'), tag: BulkTag }).strict(),
  z.object({ kind: z.literal('removeTag'), tag: BulkTag }).strict(),
  z.object({ kind: z.literal('setField'), fields: OneField }).strict(),
  z.object({ kind: z.literal('delete') }).strict(),
  z.object({ kind: z.literal('export') }).strict(),
]);
export type BulkAction = z.infer<typeof BulkAction>;
export const BULK_ACTION_KINDS = ['addTag', 'removeTag', 'setField', 'delete', 'export'] as const;

export const BulkJob = z.object({
  id: z.string(),
  action: z.enum(BULK_ACTION_KINDS),
  /** The tag, or the field's label (for the words of the notices). */
  subject: z.string().nullable(),
  state: z.enum(['running', 'finished', 'cancelled', 'failed', 'interrupted', 'undoing', 'undone']),
  total: z.number().int(),
  /** Contacts looked at so far (progress). */
  done: z.number().int(),
  /** Contacts actually changed (or exported); those that already were so are not counted. */
  changed: z.number().int(),
  /** Undo: contacts put back, and those left alone because they changed since. */
  undone: z.number().int(),
  skipped: z.number().int(),
  exportPath: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  /** Whether undo is possible now, and until when (a deletion: while its deletes are held). */
  undoable: z.boolean(),
  undoUntil: IsoTime.nullable(),
});
export type BulkJob = z.infer<typeof BulkJob>;

// ---------------------------------------------------------------- export (issue 6)

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'vcf'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** What an export writes: chosen rows, every contact matching a filter (a segment's filter included), or a segment. */
export const ExportTarget = z.union([...BulkTarget.options, z.object({ segment: Id }).strict()]);
export type ExportTarget = z.infer<typeof ExportTarget>;

export const EXPORT_COLUMN_GROUPS = ['Contact', 'Activity', 'Custom fields', 'Consent'] as const;
/** A column an export can write; ids are the list's column ids plus export-only ones (id, firstName, noMarketing…). */
export const ExportColumnInfo = z.object({
  id: z.string(),
  label: z.string(),
  group: z.enum(EXPORT_COLUMN_GROUPS),
  type: z.enum(['text', 'number', 'date', 'boolean', 'list']),
});
export type ExportColumnInfo = z.infer<typeof ExportColumnInfo>;

export const ExportJob = z.object({
  id: z.string(),
  format: ExportFormat,
  state: z.enum(['running', 'finished', 'cancelled', 'failed']),
  total: z.number().int(),
  /** Contacts written so far. */
  done: z.number().int(),
  columns: z.number().int(),
  /** The finished file; null until it is finished (a cancelled or failed export leaves no file). */
  path: z.string().nullable(),
  /** XLSX: cells cut to Excel's 32,767 characters. */
  truncatedCells: z.number().int(),
  error: z.string().nullable(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;

const ServiceUrl = z
  .string()
  .trim()
  .min(1, 'Enter the address of the chatbot service')
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// address');

// ---------------------------------------------------------------- privacy: consent and audit

/** A purpose the workspace asks consent for. Keys are what the service and filters use. */
export const CONSENT_PURPOSE_KEY = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
export const ConsentPurpose = z
  .object({
    key: z.string().regex(CONSENT_PURPOSE_KEY, 'Use lower-case letters, digits, _ . or - (e.g. marketing_email)'),
    label: z.string().trim().min(1, 'Give the purpose a name').max(80),
    description: z.string().trim().max(500),
    /** Marketing purposes: a contact who denied or withdrew one is marked "no marketing". */
    marketing: z.boolean(),
    /** Archived purposes keep their history but take no new entries. */
    archived: z.boolean(),
  })
  .strict();
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const ConsentStatus = z.enum(['granted', 'denied', 'withdrawn']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

/** The marketing purposes a contact denied or withdrew (the newest entry per purpose counts). */
export function blockedMarketingPurposes(status: Readonly<Record<string, ConsentStatus>>, purposes: readonly ConsentPurpose[]): ConsentPurpose[] {
  return purposes.filter((p) => p.marketing && (status[p.key] === 'denied' || status[p.key] === 'withdrawn'));
}

/** "No marketing": a marketing purpose denied or withdrawn. */
export function marketingBlocked(status: Readonly<Record<string, ConsentStatus>>, purposes: readonly ConsentPurpose[]): boolean {
  return blockedMarketingPurposes(status, purposes).length > 0;
}

/** One entry of a contact's consent history (append-only). */
export const ConsentEntry = Consent.extend({
  /** The agent who recorded it in this app; null when it came from the service (the chatbot). */
  recordedBy: z.string().nullable(),
  /** Recorded here and not yet sent to the service. */
  pending: z.boolean(),
});
export type ConsentEntry = z.infer<typeof ConsentEntry>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoTime,
  actor: z.object({ id: z.string(), name: z.string() }),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AuditTime = z.string().max(40).refine((value) => !Number.isNaN(Date.parse(value)), 'Not a date');
export const AuditQuery = z
  .object({
    /** Exact actions, or a family written `contact.*`. */
    actions: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, 'Not an action name').max(80)).max(50).optional(),
    actorId: z.string().min(1).max(64).optional(),
    entityId: z.string().min(1).max(64).optional(),
    from: AuditTime.optional(),
    to: AuditTime.optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditChainCheck = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The first entry whose hash or link does not match (an edited, removed or inserted entry). */
  brokenAt: z.number().int().nullable(),
  /** The newest entry: compare with an exported copy to see that nothing was cut off the end. */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  checkedAt: IsoTime,
});
export type AuditChainCheck = z.infer<typeof AuditChainCheck>;
// ---------------------------------------------------------------- privacy: data-access requests

/** How many rows of each kind a data-access package holds (core/services/dsar.ts). */
export const DataAccessCounts = z.object({
  consents: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
  events: z.number().int(),
  notes: z.number().int(),
  followUps: z.number().int(),
  changes: z.number().int(),
  merges: z.number().int(),
  audit: z.number().int(),
  pendingChanges: z.number().int(),
  conflicts: z.number().int(),
});
export type DataAccessCounts = z.infer<typeof DataAccessCounts>;

export const DataAccessPackage = z.object({ path: z.string(), fileName: z.string(), bytes: z.number().int(), counts: DataAccessCounts });
export type DataAccessPackage = z.infer<typeof DataAccessPackage>;

/** A package made before, from the audit log (`privacy.dsar`). */
export const DataAccessLogEntry = z.object({
  at: IsoTime,
  actorName: z.string(),
  contactId: z.string(),
  /** The contact's current name; null once it has been erased or deleted. */
  contactName: z.string().nullable(),
  fileName: z.string(),
  bytes: z.number().int(),
});
export type DataAccessLogEntry = z.infer<typeof DataAccessLogEntry>;
// ---------------------------------------------------------------- retention (core/services/retention.ts)

export const RETENTION_KINDS = ['contacts_inactive', 'transcripts', 'events'] as const;
export const RetentionKind = z.enum(RETENTION_KINDS);
export type RetentionKind = z.infer<typeof RetentionKind>;
export const RetentionAction = z.enum(['erase', 'anonymise']);
export type RetentionAction = z.infer<typeof RetentionAction>;
/** Ten years: beyond that a rule is a typo, not a policy. */
export const RETENTION_MAX_DAYS = 3650;

/** What one rule did (or would do, in a dry run) in one run: counts only. */
export const RetentionRuleRun = z.object({
  ruleId: z.string(),
  kind: RetentionKind,
  action: RetentionAction.nullable(),
  days: z.number().int(),
  dryRun: z.boolean(),
  /** Items older than this were affected. */
  cutoff: IsoTime,
  /** Contacts, transcripts or events that matched the rule. */
  matched: z.number().int(),
  /** Those changed (0 in a dry run). */
  changed: z.number().int(),
  startedAt: IsoTime,
  finishedAt: IsoTime,
  /** Why the rule stopped early, in words; null when it ran to the end. */
  error: z.string().nullable(),
});
export type RetentionRuleRun = z.infer<typeof RetentionRuleRun>;

export const RetentionRule = z.object({
  id: z.string(),
  kind: RetentionKind,
  /** Contact rules only: erase the person, or keep an anonymous row with its counts. */
  action: RetentionAction.nullable(),
  days: z.number().int(),
  enabled: z.boolean(),
  /** When the rule's preview (as it is now) was last seen; a rule is turned on only after one. */
  previewedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  createdBy: z.string(),
  updatedAt: IsoTime,
  updatedBy: z.string(),
  lastRunAt: IsoTime.nullable(),
  lastRun: RetentionRuleRun.nullable(),
});
export type RetentionRule = z.infer<typeof RetentionRule>;

/** A rule in plain words ("Anonymise contacts with no activity for 730 days"), for the Privacy page and the CLI. */
export function retentionRuleWords(rule: { kind: RetentionKind; action: RetentionAction | null; days: number }): string {
  const days = `${rule.days.toLocaleString('en-US')} ${rule.days === 1 ? 'day' : 'days'}`;
  if (rule.kind === 'contacts_inactive') return `${rule.action === 'erase' ? 'Erase' : 'Anonymise'} contacts with no activity for ${days}`;
  if (rule.kind === 'transcripts') return `Remove transcripts of conversations older than ${days}`;
  return `Remove events older than ${days}`;
}

/** What a rule does to what it matches, with the count: "12 contacts anonymised", "1 event removed". */
export function retentionOutcomeWords(rule: { kind: RetentionKind; action: RetentionAction | null }, count: number, would = false): string {
  const noun = rule.kind === 'contacts_inactive' ? (count === 1 ? 'contact' : 'contacts') : rule.kind === 'transcripts' ? (count === 1 ? 'transcript' : 'transcripts') : count === 1 ? 'event' : 'events';
  const verb = rule.kind === 'contacts_inactive' ? (rule.action === 'erase' ? 'erased' : 'anonymised') : 'removed';
  return `${count.toLocaleString('en-US')} ${noun} ${would ? `would be ${verb}` : verb}`;
}

export const RetentionPreview = z.object({
  ruleId: z.string(),
  cutoff: IsoTime,
  count: z.number().int(),
  /** The first few that would go, oldest first: a contact (its last activity) or a transcript or event (its contact and time). */
  sample: z.array(
    z.object({
      id: z.string(),
      contactId: z.string(),
      contactName: z.string().nullable(),
      at: IsoTime,
      /** The event's type or the conversation's channel and message count; null for contacts. */
      detail: z.string().nullable(),
    }),
  ),
});
export type RetentionPreview = z.infer<typeof RetentionPreview>;

export const RetentionRun = z.object({
  dryRun: z.boolean(),
  startedAt: IsoTime,
  finishedAt: IsoTime,
  rules: z.array(RetentionRuleRun),
});
export type RetentionRun = z.infer<typeof RetentionRun>;


// ---------------------------------------------------------------- webhooks

/** The events an endpoint can subscribe to (docs/data-in-and-out.md "Webhooks"). `ping` is only sent by Test. */
export const WEBHOOK_EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.merged',
  'contact.erased',
  'note.created',
  'contact.tag_added',
  'contact.tag_removed',
  'consent.changed',
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Only http(s), no user:password@ in it (the secret signs; credentials in a URL end up in logs). */
export const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'Enter the URL that receives the events')
  .max(2000, 'At most 2,000 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, like https://example.com/hooks/nexvio' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'Only http:// and https:// URLs can receive webhooks' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'Leave the user name and password out of the URL: the signature proves the sender' });
  });
/** A pasted secret: printable, long enough to be guessed by nobody. */
export const WebhookSecret = z
  .string()
  .min(16, 'A secret has at least 16 characters')
  .max(200, 'At most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'Letters, digits and symbols only, without spaces');
const WebhookEventList = z.array(WebhookEvent).min(1, 'Choose at least one event').max(WEBHOOK_EVENTS.length);

export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEvent),
  /** active: sending; failing: its last attempts failed (still retrying); paused: not sending (see pausedReason). */
  state: z.enum(['active', 'failing', 'paused']),
  pausedReason: z.string().nullable(),
  pausedAt: IsoTime.nullable(),
  failureStreak: z.number().int(),
  secretSet: z.boolean(),
  pending: z.number().int(),
  lastDeliveryAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookDelivery = z.object({
  /** The X-Nexvio-Delivery header: the same on every attempt. */
  id: z.string(),
  seq: z.number().int(),
  endpointId: z.string(),
  event: z.union([WebhookEvent, z.literal('ping')]),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  statusCode: z.number().int().nullable(),
  /** Why the last attempt failed when there is no status code (timeout, refused…), or why it was not retried. */
  error: z.string().nullable(),
  /** The first 1 KB of the last response's body. */
  responseExcerpt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  payload: z.string(),
  createdAt: IsoTime,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
const WebhookSaved = z.object({ endpoint: WebhookEndpoint, secret: z.string().nullable() });
// ---------------------------------------------------------------- import (issue 6)

/** The contact fields a column can import into (custom fields are `custom.<key>`). */
export const IMPORT_BASIC_FIELDS = [
  { key: 'fullName', label: 'Full name' },
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'city', label: 'City' },
  { key: 'country', label: 'Country' },
  { key: 'locale', label: 'Locale' },
  { key: 'timezone', label: 'Time zone' },
] as const;
export type ImportBasicField = (typeof IMPORT_BASIC_FIELDS)[number]['key'];
/** One column's target: a basic field, `custom.<key>`, or null for "Don't import". */
export const ImportTarget = z
  .string()
  .regex(/^(fullName|firstName|lastName|email|phone|city|country|locale|timezone|custom\.[^\s]{1,100})$/, 'Choose a field to import into')
  .nullable();
export const ImportMapping = z.array(ImportTarget).max(1000, 'The file has too many columns (at most 1,000)');
export type ImportMapping = z.infer<typeof ImportMapping>;
export const DUPLICATE_POLICIES = ['update', 'skip', 'create'] as const;
export const DuplicatePolicy = z.enum(DUPLICATE_POLICIES);
export type DuplicatePolicy = z.infer<typeof DuplicatePolicy>;
/** Bytes per `import.upload` call (base64 makes it a third larger on the wire). */
export const IMPORT_UPLOAD_CHUNK = 1024 * 1024;

export const ImportPreviewRow = z.object({
  line: z.number().int(),
  cells: z.array(z.object({ value: z.string(), problem: z.string().nullable() })),
  /** Why the whole row would be rejected, or null. */
  problem: z.string().nullable(),
  /** What the row would do under the chosen policy: a new contact, or one that exists (or an earlier row). */
  match: z.enum(['new', 'existing', 'earlier_row']).nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const ImportPreview = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  kind: z.enum(['csv', 'xlsx', 'vcard']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sizeBytes: z.number().int(),
  headers: z.array(z.string()),
  /** The mapping asked for, or the automatic one. */
  mapping: ImportMapping,
  rows: z.array(ImportPreviewRow),
  /** Rows in the file (counted for small files, estimated from the bytes for large ones). */
  totalRows: z.number().int(),
  totalIsEstimate: z.boolean(),
  fileProblems: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportJob = z.object({
  id: z.string(),
  fileName: z.string(),
  state: z.enum(['running', 'finished', 'cancelled', 'failed']),
  onDuplicate: DuplicatePolicy,
  /** Rows read so far, and in all (an estimate until the file has been read). */
  done: z.number().int(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Duplicates under "update" whose imported values were already there. */
  unchanged: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  /** The first rejected rows (all are in the report file). */
  rejectedRows: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** The CSV of every rejected row and why, in the exports folder. */
  reportPath: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

// ---------------------------------------------------------------- methods

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const contract = {
  'workspace.info': method(z.object({}).strict(), WorkspaceInfo),
  /** Memory of the database worker (its own V8 heap) and of the whole process, for diagnostics and benchmarks. */
  'workspace.diagnostics': method(
    z.object({}).strict(),
    z.object({
      workerHeapUsedBytes: z.number(),
      workerHeapTotalBytes: z.number(),
      externalBytes: z.number(),
      /** The first sync's pull thread (core/sync/page-source.ts); 0 when none runs. */
      pullThreadHeapUsedBytes: z.number(),
      processRssBytes: z.number(),
    }),
  ),
  /** Fills an empty workspace with generated demo contacts (the one-click demo). */
  'workspace.seedDemo': method(
    z.object({ contacts: z.number().int().min(1).max(1_000_000), seed: z.number().int().optional() }).strict(),
    z.object({ contacts: z.number().int() }),
  ),

  'contacts.list': method(
    z
      .object({
        sort: Sort,
        filter: ContactFilter.default({}),
        /** Continue after a row of an earlier page (keyset); opaque, from `nextCursor`. */
        cursor: z.string().max(2000).nullable().optional(),
        /** Or jump to a position (a scrollbar drag); used when no cursor is at hand. */
        offset: z.number().int().min(0).max(100_000_000).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    z.object({ rows: z.array(ContactRow), nextCursor: z.string().nullable() }),
  ),
  'contacts.count': method(
    z.object({ filter: ContactFilter.default({}) }).strict(),
    /** `capped` when counting stopped at the cap (a very broad search). */
    z.object({ count: z.number().int(), capped: z.boolean() }),
  ),
  'contacts.facets': method(
    z.object({}).strict(),
    z.object({ countries: z.array(Facet), sources: z.array(Facet), tags: z.array(Facet) }),
  ),
  'contacts.get': method(z.object({ id: Id }).strict(), ContactDetail),
  'contacts.create': method(z.object({ fields: EditableContactFields }).strict(), ContactDetail),
  'contacts.update': method(z.object({ id: Id, fields: EditableContactFields }).strict(), ContactDetail),
  /** Deletes at once; the deletion is sent to the service after a few seconds, until then `contacts.undoDelete` puts everything back. */
  'contacts.delete': method(z.object({ id: Id }).strict(), z.object({ id: Id, undoUntil: IsoTime })),
  'contacts.undoDelete': method(z.object({ id: Id }).strict(), ContactDetail),
  'contacts.addTag': method(z.object({ id: Id, tag: z.string().trim().min(1).max(100) }).strict(), ContactDetail),
  'contacts.removeTag': method(z.object({ id: Id, tag: z.string().trim().min(1).max(100) }).strict(), ContactDetail),

  /** What the merge dialog shows of the contacts to merge (the first is the proposed survivor). */
  'contacts.mergePreview': method(z.object({ ids: z.array(Id).min(2).max(11) }).strict(), z.array(MergeCandidate)),
  /**
   * Folds `otherIds` into `primaryId` in one transaction: each field in `choices` takes the
   * value of the contact named there (custom fields by key likewise), tags are united,
   * consents kept, conversations, events, notes and follow-ups move. Sent to the service as
   * the spec's `merge` after the undo window (`undoUntil`); until then `contacts.undoMerge`.
   */
  'contacts.merge': method(
    z
      .object({
        primaryId: Id,
        otherIds: z.array(Id).min(1, 'Pick a contact to merge').max(10),
        choices: z.partialRecord(MergeField, Id).default({}),
        customFields: z.record(z.string().max(100), Id).default({}),
      })
      .strict(),
    z.object({ mergeId: z.string(), primary: ContactDetail, undoUntil: IsoTime }),
  ),
  'contacts.undoMerge': method(z.object({ mergeId: z.string().min(1).max(64) }).strict(), ContactDetail),

  /** Brings the possible duplicates up to date (a first scan walks every contact in batches: progress job "duplicates"). */
  'duplicates.scan': method(z.object({}).strict(), z.object({ scanned: z.number().int(), pairs: z.number().int() })),
  /** The review queue, newest first, or the pairs of one contact. */
  'duplicates.list': method(
    z
      .object({
        cursor: z.string().max(1000).nullable().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        contactId: Id.optional(),
      })
      .strict(),
    z.object({ pairs: z.array(DuplicatePair), nextCursor: z.string().nullable(), total: z.number().int() }),
  ),
  /** "Not duplicates": remembered, never proposed again. */
  'duplicates.dismiss': method(z.object({ aId: Id, bId: Id }).strict(), z.object({ dismissed: z.literal(true) })),

  'tags.list': method(z.object({}).strict(), z.array(TagInfo)),
  /** A colour for this device's display (#rrggbb), or none. */
  'tags.setColor': method(z.object({ id: TagId, color: z.string().regex(/^#[0-9a-f]{6}$/i, 'Use a colour like #12b886').nullable() }).strict(), z.array(TagInfo)),
  /** These change every contact that carries the tag (progress events, job "tags"). */
  'tags.rename': method(z.object({ id: TagId, name: TagName }).strict(), z.array(TagInfo)),
  'tags.merge': method(z.object({ fromId: TagId, intoId: TagId }).strict(), z.array(TagInfo)),
  'tags.delete': method(z.object({ id: TagId }).strict(), z.array(TagInfo)),

  'fields.list': method(z.object({}).strict(), z.array(FieldDefinition)),
  'fields.create': method(
    z
      .object({
        label: z.string().trim().min(1, 'Give the field a name').max(200),
        key: z.string().trim().min(1).max(63).optional(),
        type: FieldDefinition.shape.type,
        options: z.array(z.string().max(200)).max(1000).optional(),
      })
      .strict(),
    FieldDefinition,
  ),
  'fields.update': method(
    z
      .object({
        id: Id,
        label: z.string().trim().min(1, 'Give the field a name').max(200).optional(),
        options: z.array(z.string().max(200)).max(1000).optional(),
        archived: z.boolean().optional(),
      })
      .strict(),
    FieldDefinition,
  ),
  'fields.reorder': method(z.object({ ids: z.array(Id).max(10_000) }).strict(), z.array(FieldDefinition)),

  'segments.list': method(z.object({}).strict(), z.array(Segment)),
  /** Member counts of every segment (computed after the list: broad filters take a moment at a million contacts). */
  'segments.counts': method(z.object({}).strict(), z.array(z.object({ id: Id, count: z.number().int(), capped: z.boolean() }))),
  'segments.create': method(
    z
      .object({
        name: SegmentName,
        kind: z.enum(['filter', 'list']),
        filter: SegmentFilter.default({}),
        view: SavedView.default({}),
        /** A list's first members. */
        contactIds: z.array(Id).max(10_000).default([]),
      })
      .strict(),
    Segment,
  ),
  'segments.update': method(z.object({ id: Id, name: SegmentName.optional(), filter: SegmentFilter.optional(), view: SavedView.optional() }).strict(), Segment),
  'segments.delete': method(z.object({ id: Id }).strict(), z.object({ id: Id })),
  'segments.reorder': method(z.object({ ids: z.array(Id).max(1000) }).strict(), z.array(Segment)),
  /** Adds contacts to a list (ids already on it are skipped); returns how many were added. */
  'segments.addContacts': method(z.object({ id: Id, contactIds: z.array(Id).min(1).max(10_000) }).strict(), z.object({ added: z.number().int() })),
  'segments.removeContacts': method(z.object({ id: Id, contactIds: z.array(Id).min(1).max(10_000) }).strict(), z.object({ removed: z.number().int() })),

  'notes.create': method(
    z.object({ contactId: Id, body: z.string().trim().min(1, 'A note needs some text').max(100_000), pinned: z.boolean().optional() }).strict(),
    Note,
  ),
  'notes.update': method(
    z.object({ id: Id, body: z.string().trim().min(1).max(100_000).optional(), pinned: z.boolean().optional() }).strict(),
    Note,
  ),
  /** Deletes at once; sent to the service after a few seconds, until then `notes.undoDelete` puts it back. */
  'notes.delete': method(z.object({ id: Id }).strict(), z.object({ id: Id, undoUntil: IsoTime })),
  'notes.undoDelete': method(z.object({ id: Id }).strict(), Note),

  'followUps.list': method(
    z
      .object({
        /** Open ones of one contact (with the done ones last), or the open ones of everyone / the person. */
        contactId: Id.optional(),
        assignee: z.enum(['me', 'anyone']).default('me'),
        includeDone: z.boolean().default(false),
        limit: z.number().int().min(1).max(1000).default(500),
      })
      .strict(),
    z.array(FollowUp),
  ),
  'followUps.create': method(
    z
      .object({
        contactId: Id,
        title: z.string().trim().min(1, 'Say what to do').max(500, 'Keep the title under 500 characters'),
        dueAt: DueTime,
        assignee: Person.optional(),
      })
      .strict(),
    FollowUp,
  ),
  'followUps.update': method(
    z
      .object({
        id: Id,
        title: z.string().trim().min(1, 'Say what to do').max(500).optional(),
        dueAt: DueTime.optional(),
        done: z.boolean().optional(),
      })
      .strict(),
    FollowUp,
  ),
  'followUps.delete': method(z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** People follow-ups can be given to: this agent first, then everyone seen on follow-ups. */
  'followUps.assignees': method(z.object({}).strict(), z.array(Person)),

  'timeline.page': method(
    z
      .object({
        contactId: Id,
        kinds: z.array(TimelineKind).min(1).optional(),
        cursor: z.string().max(500).nullable().optional(),
        /** Jump to a date: the first page starts with what happened before this instant. */
        before: Instant.optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    z.object({ items: z.array(TimelineItem), nextCursor: z.string().nullable() }),
  ),
  /**
   * Everything that happened across all contacts, newest first, a keyset page at a time.
   * `from` and `to` bound the times (from inclusive, to exclusive); `before` starts the first
   * page at a date inside them. With an agent, only what that person did: their notes, field
   * changes and follow-ups, and conversations they took part in (matched by name).
   */
  'activity.page': method(
    z
      .object({
        kinds: z.array(ActivityKind).min(1).optional(),
        agent: Person.optional(),
        from: Instant.optional(),
        to: Instant.optional(),
        before: Instant.optional(),
        cursor: z.string().max(500).nullable().optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    z.object({
      items: z.array(ActivityItem),
      nextCursor: z.string().nullable(),
      /** When a page stopped early on the agent's window of conversations: how far back it looked. */
      scannedTo: IsoTime.nullable(),
    }),
  ),
  /** People the Activity page can filter by: authors of notes, who changed fields, assignees of follow-ups. */
  'activity.agents': method(z.object({}).strict(), z.array(Person)),
  'conversations.get': method(z.object({ id: Id }).strict(), Conversation),

  /** The purposes the workspace asks consent for, in order (defaults until they are edited). */
  'consent.purposes': method(z.object({}).strict(), z.array(ConsentPurpose)),
  /** Saves the whole list; a purpose is archived, never removed (its history stays readable). */
  'consent.savePurposes': method(z.object({ purposes: z.array(ConsentPurpose).min(1).max(50) }).strict(), z.array(ConsentPurpose)),
  /** Every consent entry of a contact, newest first. */
  'consent.history': method(z.object({ contactId: Id }).strict(), z.array(ConsentEntry)),
  /** Appends an entry to a contact's history and sends it as `consent_set`. */
  'consent.record': method(
    z
      .object({
        contactId: Id,
        purpose: z.string().regex(CONSENT_PURPOSE_KEY, 'Choose a purpose'),
        status: ConsentStatus,
        /** How it was given or withdrawn, e.g. "phone call", "email". */
        source: z.string().trim().min(1, 'Say how it was given or withdrawn').max(100),
        /** What shows it: a quote, a ticket number, a form id. */
        evidence: z.string().trim().min(1, 'Say what shows it (a quote, a ticket number…)').max(2000),
        /** When the person said it (defaults to now; never in the future). */
        at: AuditTime.optional(),
      })
      .strict(),
    ContactDetail,
  ),

  'audit.page': method(
    z.object({ query: AuditQuery.default({}), before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() }),
  ),
  /** The actions and actors present, for the viewer's filters. */
  'audit.facets': method(
    z.object({}).strict(),
    z.object({ actions: z.array(z.object({ action: z.string(), count: z.number().int() })), actors: z.array(z.object({ id: z.string(), name: z.string() })) }),
  ),
  /** Recomputes the hash chain from the first entry. */
  'audit.verify': method(z.object({}).strict(), AuditChainCheck),
  /** Writes the matching entries (with their hashes) to a file in the workspace's exports folder. */
  'audit.export': method(
    z.object({ query: AuditQuery.default({}), format: z.enum(['csv', 'jsonl']) }).strict(),
    z.object({ path: z.string(), entries: z.number().int(), head: z.object({ seq: z.number().int(), hash: z.string() }).nullable() }),
  ),

  /** Starts a bulk action (one at a time) and returns at once; progress events (job "bulk"), then a `bulk.finished` event. */
  'bulk.start': method(z.object({ target: BulkTarget, action: BulkAction }).strict(), z.object({ jobId: z.string(), total: z.number().int(), job: BulkJob })),
  /** Stops after the current batch; what was done stays done (and can be undone). */
  'bulk.cancel': method(z.object({ jobId: z.string().min(1).max(64) }).strict(), BulkJob),
  /** Reverts exactly what the job changed, in batches (progress events, job "bulk"), then a `bulk.finished` event. */
  'bulk.undo': method(z.object({ jobId: z.string().min(1).max(64) }).strict(), BulkJob),
  /** The running job, or else the latest one; null when there has been none. */
  'bulk.status': method(z.object({}).strict(), BulkJob.nullable()),

  /** Every column an export can write, grouped like the column chooser. */
  'export.columns': method(z.object({}).strict(), z.array(ExportColumnInfo)),
  /** Starts an export (one at a time) into the exports folder and returns at once; progress events (job "export"), then an `export.finished` event. */
  'export.start': method(
    z
      .object({
        target: ExportTarget,
        format: ExportFormat,
        columns: z.array(z.string().min(1).max(140)).min(1, 'Choose at least one column').max(500),
      })
      .strict(),
    z.object({ jobId: z.string(), total: z.number().int(), job: ExportJob }),
  ),
  /** Stops after the current batch and removes the unfinished file. */
  'export.cancel': method(z.object({ jobId: z.string().min(1).max(64) }).strict(), ExportJob),
  /** The running export, or else the latest one of this session; null when there has been none. */
  'export.status': method(z.object({}).strict(), ExportJob.nullable()),

  /** Retention rules, oldest first, each with its latest run; `running` while a run is under way. */
  /** Opens an upload of a file to import (its bytes follow in `import.upload` calls, in order). */
  'import.begin': method(
    z.object({ fileName: z.string().trim().min(1).max(255), size: z.number().int().min(1, 'The file is empty').max(2 * 1024 ** 3, 'The importer takes files up to 2 GB') }).strict(),
    z.object({ uploadId: z.string() }),
  ),
  /** The next chunk of an upload: `offset` is where it starts (a resent or skipped chunk is refused). */
  'import.upload': method(
    z.object({ uploadId: Id, offset: z.number().int().min(0), data: z.string().max(Math.ceil((IMPORT_UPLOAD_CHUNK * 4) / 3) + 8).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64') }).strict(),
    z.object({ received: z.number().int() }),
  ),
  /** The uploaded file's columns, the automatic (or given) mapping, and its first rows checked. */
  'import.preview': method(z.object({ uploadId: Id, mapping: ImportMapping.optional() }).strict(), ImportPreview),
  /** Starts importing (one import at a time) and returns at once; progress events (job "import"), then `import.finished`. */
  'import.start': method(z.object({ uploadId: Id, mapping: ImportMapping, onDuplicate: DuplicatePolicy }).strict(), ImportJob),
  /** Stops after the current batch; what was imported stays. */
  'import.cancel': method(z.object({ jobId: Id }).strict(), ImportJob),
  /** The running import, or else the latest one. */
  'import.status': method(z.object({}).strict(), ImportJob.nullable()),
  /** The rejected-rows report of the latest import as text, for the renderer to download (up to 16 MB; the file stays in the exports folder). */
  'import.report': method(z.object({ jobId: Id }).strict(), z.object({ fileName: z.string(), text: z.string() })),
  /** Forgets an upload that will not be imported (its file is removed). */
  'import.discard': method(z.object({ uploadId: Id }).strict(), z.object({ discarded: z.boolean() })),
  'retention.list': method(z.object({}).strict(), z.object({ rules: z.array(RetentionRule), running: z.boolean() })),
  /**
   * Creates a rule (without `id`) or changes one. A new rule, or one whose kind, action or
   * days change, is off until its preview has been seen and it is turned on again.
   */
  'retention.save': method(
    z
      .object({
        id: z.string().min(1).max(64).optional(),
        kind: RetentionKind,
        action: RetentionAction.nullable().default(null),
        days: z
          .number({ error: 'Enter a number of days' })
          .int('Enter a whole number of days')
          .min(1, 'At least 1 day')
          .max(RETENTION_MAX_DAYS, `At most ${RETENTION_MAX_DAYS} days (10 years)`),
      })
      .strict(),
    RetentionRule,
  ),
  /** Turning a rule on needs a preview of it as it is now (`retention.preview`). */
  'retention.setEnabled': method(z.object({ id: z.string().min(1).max(64), enabled: z.boolean() }).strict(), RetentionRule),
  'retention.delete': method(z.object({ id: z.string().min(1).max(64) }).strict(), z.object({ id: z.string() })),
  /** How many contacts, transcripts or events the rule would affect now, and the first few. */
  'retention.preview': method(z.object({ id: z.string().min(1).max(64) }).strict(), RetentionPreview),
  /** Applies every rule that is on, in batches (progress events, job "retention"); a dry run only counts. */
  'retention.runNow': method(z.object({ dryRun: z.boolean().default(false) }).strict(), RetentionRun),

  'sync.status': method(z.object({}).strict(), SyncStatus),
  /** Checks the address and token with the service, stores the token securely, starts syncing. */
  'sync.connect': method(
    z.object({ serviceUrl: ServiceUrl, token: z.string().trim().min(1, 'Enter the access token').max(4096) }).strict(),
    SyncStatus,
  ),
  'sync.disconnect': method(z.object({ forgetToken: z.boolean().default(true) }).strict(), SyncStatus),
  /** Starts the bundled reference service on 127.0.0.1 with generated data and live activity, and connects to it. */
  'sync.startDemo': method(z.object({ contacts: z.number().int().min(100).max(200_000).default(2000) }).strict(), SyncStatus),
  'sync.now': method(z.object({}).strict(), SyncStatus),
  /** The renderer reports the browser's online/offline events: coming back online syncs at once. */
  'sync.setOnline': method(z.object({ online: z.boolean() }).strict(), SyncStatus),
  'sync.setInterval': method(z.object({ seconds: z.number().int().min(15).max(86_400) }).strict(), SyncStatus),
  'sync.issues': method(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.array(SyncIssue)),
  'privacy.erasePreview': method(z.object({ id: Id }).strict(), ErasurePreview),
  /** Permanent: the person leaves this copy at once and the service through `erase` (queued while offline). */
  'privacy.erase': method(z.object({ id: Id }).strict(), ErasureResult),
  'privacy.suppressionList': method(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), SuppressionList),
  /** An administrator takes an entry off the suppression list (audited). */
  'privacy.unsuppress': method(z.object({ id: z.number().int().positive() }).strict(), SuppressionList),
  'conflicts.list': method(
    z.object({ includeResolved: z.boolean().default(false), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    z.array(Conflict),
  ),
  /** Keep one value: 'theirs' accepts the service's; 'mine' sends the local value again as a new change. */
  'conflicts.resolve': method(z.object({ id: z.number().int().positive(), keep: z.enum(['mine', 'theirs']) }).strict(), Conflict),

  /**
   * Builds one person's data-access package (a ZIP in the workspace's exports folder: JSON,
   * CSV per kind, an HTML report); progress events (job "dsar"); logged as `privacy.dsar`.
   */
  'privacy.dataAccessExport': method(z.object({ contactId: Id }).strict(), DataAccessPackage),
  /** The packages made before, newest first. */
  'privacy.dataAccessHistory': method(z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(), z.array(DataAccessLogEntry)),

  /** Webhook endpoints, oldest first, with their state and queue. */
  'webhooks.list': method(z.object({}).strict(), z.array(WebhookEndpoint)),
  /** A new endpoint; `secret` omitted: one is generated. The secret is returned this once and kept outside the database. */
  'webhooks.create': method(
    z.object({ url: WebhookUrl, events: WebhookEventList, description: z.string().trim().max(200).default(''), secret: WebhookSecret.optional() }).strict(),
    WebhookSaved,
  ),
  /** Changes an endpoint; `rotateSecret` replaces the secret (with `secret`, or a generated one), `enabled` pauses or resumes it. */
  'webhooks.update': method(
    z
      .object({
        id: Id,
        url: WebhookUrl.optional(),
        events: WebhookEventList.optional(),
        description: z.string().trim().max(200).optional(),
        enabled: z.boolean().optional(),
        rotateSecret: z.boolean().optional(),
        secret: WebhookSecret.optional(),
      })
      .strict(),
    WebhookSaved,
  ),
  'webhooks.delete': method(z.object({ id: Id }).strict(), z.object({ id: z.string() })),
  /** Sends a signed `ping` now and answers with its outcome (also in the delivery log). */
  'webhooks.test': method(z.object({ id: Id }).strict(), WebhookDelivery),
  /** An endpoint's deliveries, newest first (keyset on seq). */
  'webhooks.deliveries': method(
    z.object({ endpointId: Id, before: z.number().int().optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.object({ deliveries: z.array(WebhookDelivery), nextBefore: z.number().int().nullable() }),
  ),
  /** Sends a delivery again now, with the same delivery id, and answers with the outcome. */
  'webhooks.redeliver': method(z.object({ deliveryId: Id }).strict(), WebhookDelivery),
  ...connectorMethods,
  ...analyticsMethods,
  ...appWorkerMethods,
  ...sessionMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** The input after defaults and transforms: what the core's handler receives. */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];
/** The methods the database worker answers (the rest, SESSION_METHODS, the host's session). */
export type WorkerMethodName = Exclude<MethodName, SessionMethodName>;


// ---------------------------------------------------------------- errors and envelopes

export const ERROR_CODES = ['bad_request', 'not_found', 'conflict', 'unknown_method', 'internal', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Where in the input the problem is, e.g. ["fields", "email"]. */
  path?: (string | number)[];
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export * from './contract-connectors.js';
export * from './contract-analytics.js';
export * from './contract-app.js';

// ---------------------------------------------------------------- events (core -> renderer)

export type AppEvent =
  | { type: 'contacts.changed'; ids: string[] | null }
  | { type: 'notes.changed'; contactId: string }
  | { type: 'followUps.changed'; contactId: string }
  | { type: 'fields.changed' }
  | { type: 'segments.changed' }
  | { type: 'workspace.changed' }
  | { type: 'progress'; job: string; done: number; total: number }
  | { type: 'bulk.finished'; job: BulkJob }
  | { type: 'export.finished'; job: ExportJob }
  | { type: 'import.finished'; job: ImportJob }
  | { type: 'sync.status'; status: SyncStatus }
  /** An endpoint or its deliveries changed; `paused` when the app just paused one (a notice). */
  | { type: 'webhooks.changed'; paused?: { endpointId: string; url: string; reason: string } }
  | { type: 'connectors.changed'; vendor: string }
  | SessionEvent;

// ---------------------------------------------------------------- the bridge

/**
 * What `window.nexvio` is in Electron (from the preload) and what the WebSocket transport is
 * in the browser host. The renderer talks to nothing else.
 */
export interface NexvioBridge {
  readonly host: 'electron' | 'browser';
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/** The IPC channel names: the preload and main/ipc.ts both use these (a separate file keeps zod out of the preload). */
export { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './channels.js';
