/**
 * POST /v1/sync/push: mutations applied in order, each in its own transaction together with
 * its idempotency record, so a mutation's effect and "we have seen it" commit as one.
 *
 * Every op is one entry of OPS: a zod schema for the mutation and a function that applies it
 * and returns the outcome, or throws Rejection (final; the transaction rolls back and only the
 * rejection is recorded). See service/README.md, "Adding a mutation op".
 */
import { z } from 'zod';
import {
  Consent,
  ENTITY_KINDS,
  ENTITY_SCHEMAS,
  EntityId,
  Timestamp,
  knownKeys,
  type EntityKind,
} from '../core/spec/entities.js';
import { describeIssues } from './pull.js';
import { ServiceError } from './errors.js';
import { type Agent, type EntityRecord, type Json, type ServiceStore, uniqueKeyOf } from './store.js';

export const MAX_MUTATIONS = 500;

export interface PushResult {
  mutation_id: string | null;
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  version: number;
  entity?: Json;
  reason?: string;
  /** On `duplicate`: the status the mutation had the first time (an extra field clients may ignore). */
  outcome?: 'applied' | 'conflict' | 'rejected';
}

interface Outcome {
  status: 'applied' | 'conflict';
  version: number;
  entity?: Json;
  reason?: string;
}

/** A final refusal of one mutation; `version` is the entity's current version when it has one. */
export class Rejection extends Error {
  constructor(
    message: string,
    readonly version = 0,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export interface ApplyContext {
  store: ServiceStore;
  agent: Agent;
}

// --- schemas ------------------------------------------------------------------------------

/** Times the service writes on behalf of a client must be what the spec says: UTC with ms. */
const UtcTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'not an RFC 3339 UTC time with milliseconds (2026-11-29T12:00:00.000Z)')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid time');
const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'not an E.164 phone number');
const Email = z.string().max(320).regex(/^[^\s@]+@[^\s@]+$/, 'not an e-mail address');
const Country = z.string().regex(/^[A-Z]{2}$/, 'not an ISO 3166-1 alpha-2 country code');
const StrictConsent = Consent.extend({ at: UtcTime });
const Fields = z.record(z.string(), z.unknown());

const Envelope = z
  .object({
    mutation_id: z.string().min(1).max(200),
    entity: z.string().min(1).max(50),
    op: z.string().min(1).max(50),
    id: EntityId,
    base_version: z.number().int().nonnegative().nullable().optional(),
    at: Timestamp.nullable().optional(),
  })
  .loose();
type Envelope = z.infer<typeof Envelope>;

const CreateMutation = Envelope.extend({ fields: Fields });
const UpdateMutation = Envelope.extend({ fields: Fields, base: Fields.nullable().optional() });
const TagMutation = Envelope.extend({ tag: z.string().min(1).max(100) });
const ConsentMutation = Envelope.extend({ consent: StrictConsent });
const MergeMutation = Envelope.extend({ merge_from: z.array(EntityId).min(1).max(100) });

export const PushRequest = z
  .object({
    client_id: z.string().max(200).nullable().optional(),
    mutations: z.array(z.unknown()),
  })
  .loose();

// --- per-kind rules -----------------------------------------------------------------------

interface KindRules {
  /** Fields an update may not change (a different value is rejected). */
  fixed: readonly string[];
  /** Checks on the fields a client writes, beyond the entity schema. */
  checks: Readonly<Record<string, z.ZodType>>;
  /** Whether the entity has created_at/updated_at that the service keeps. */
  timestamps: boolean;
  /** Whether `contact_id` must name a live contact. */
  child: boolean;
  defaults(ctx: ApplyContext): Json;
}

/** Fields the service manages itself: ignored when a client sends them. */
const MANAGED = new Set(['id', 'version', 'updated_at']);

const RULES: Record<EntityKind, KindRules> = {
  contact: {
    fixed: ['created_at', 'consents'],
    checks: {
      email: Email.nullable(),
      phone: E164.nullable(),
      country: Country.nullable(),
      created_at: UtcTime,
      last_seen_at: UtcTime.nullable(),
      consents: z.array(StrictConsent),
    },
    timestamps: true,
    child: false,
    defaults: () => ({ source: 'agent' }),
  },
  note: {
    fixed: ['contact_id', 'author', 'created_at'],
    checks: { created_at: UtcTime },
    timestamps: true,
    child: true,
    defaults: (ctx) => ({ pinned: false, author: { id: ctx.agent.id, name: ctx.agent.name } }),
  },
  follow_up: {
    fixed: ['contact_id', 'created_at'],
    checks: { created_at: UtcTime, due_at: UtcTime, done_at: UtcTime.nullable() },
    timestamps: true,
    child: true,
    defaults: (ctx) => ({ assignee: { id: ctx.agent.id, name: ctx.agent.name }, done_at: null }),
  },
  // Server entities: no client op exists for them (see OPS); the service itself may change them.
  conversation: { fixed: [], checks: {}, timestamps: false, child: true, defaults: () => ({}) },
  event: { fixed: [], checks: {}, timestamps: false, child: true, defaults: () => ({}) },
  field_definition: {
    fixed: ['key'],
    checks: {},
    timestamps: false,
    child: false,
    defaults: () => ({ options: [], archived: false }),
  },
};

// --- helpers ------------------------------------------------------------------------------

/** Deep JSON equality (object key order does not matter; a missing value counts as null). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, k) => jsonEqual(v, bb[k]));
  }
  const ao = a as Json;
  const bo = b as Json;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) if (!jsonEqual(ao[key], bo[key])) return false;
  return true;
}

/** The known, client-writable fields of `fields` (unknown ones are ignored, as the spec asks). */
function writable(kind: EntityKind, fields: Json): Json {
  const known = knownKeys(kind);
  const out: Json = {};
  for (const [key, value] of Object.entries(fields)) if (known.has(key) && !MANAGED.has(key)) out[key] = value;
  return out;
}

function checkFields(kind: EntityKind, fields: Json): void {
  const checks = RULES[kind].checks;
  for (const [key, value] of Object.entries(fields)) {
    const check = checks[key];
    if (!check) continue;
    const result = check.safeParse(value);
    if (!result.success) throw new Rejection(`invalid ${key}: ${describeIssues(result.error)}`);
  }
}

/** The entity through its spec schema (normalised: nulls and defaults filled); rejects when invalid. */
function validate(kind: EntityKind, draft: Json, version: number): Json {
  const result = ENTITY_SCHEMAS[kind].safeParse(draft);
  if (!result.success) throw new Rejection(`invalid ${kind}: ${describeIssues(result.error)}`, version);
  const data = result.data as Json;
  if (kind === 'contact' && Array.isArray(data.tags)) data.tags = [...new Set(data.tags as string[])];
  return data;
}

function dataOf(record: EntityRecord): Json {
  return record.data === null ? {} : (JSON.parse(record.data) as Json);
}

/** Why an entity cannot be changed: it is gone, and how. */
function goneReason(kind: EntityKind, id: string, record: EntityRecord | undefined): Rejection {
  if (!record) return new Rejection(`no ${kind} ${id}`);
  const how = record.reason === 'merged' ? `merged into ${record.mergedInto ?? '?'}` : (record.reason ?? 'deleted');
  return new Rejection(`${kind} ${id} was ${how}`, record.version);
}

function requireLive(store: ServiceStore, kind: EntityKind, id: string): { record: EntityRecord; data: Json } {
  const record = store.get(kind, id);
  if (!record || record.deleted) throw goneReason(kind, id, record);
  return { record, data: dataOf(record) };
}

function requireParent(store: ServiceStore, contactId: unknown): void {
  if (typeof contactId !== 'string') throw new Rejection('contact_id is required');
  const record = store.get('contact', contactId);
  if (!record || record.deleted) throw goneReason('contact', contactId, record);
}

/** The live entity that already holds this entity's unique key (email, field key), if another. */
function uniqueHolder(store: ServiceStore, kind: EntityKind, id: string, data: Json): EntityRecord | undefined {
  const key = uniqueKeyOf(kind, data);
  if (key === null) return undefined;
  const holder = store.byUniqueKey(key);
  return holder && !(holder.kind === kind && holder.id === id) ? holder : undefined;
}

function takenBy(kind: EntityKind, holder: EntityRecord): string {
  return kind === 'contact' ? `e-mail already used by contact ${holder.id}` : `key already used by ${kind} ${holder.id}`;
}

function conflictWith(record: EntityRecord, reason: string): Outcome {
  return { status: 'conflict', version: record.version, entity: dataOf(record), reason };
}

// --- generic create, update, delete -------------------------------------------------------

function create(ctx: ApplyContext, kind: EntityKind, id: string, input: Json): Outcome {
  const { store } = ctx;
  const rules = RULES[kind];
  const existing = store.get(kind, id);
  if (existing && !existing.deleted) return conflictWith(existing, `${kind} ${id} already exists`);
  if (existing) throw goneReason(kind, id, existing);
  const fields = writable(kind, input);
  checkFields(kind, fields);
  if (rules.child) requireParent(store, fields.contact_id);
  const now = store.nowIso();
  const draft: Json = { ...rules.defaults(ctx), ...fields, id, version: 1 };
  if (rules.timestamps) {
    draft.created_at = fields.created_at ?? now;
    draft.updated_at = now;
  }
  if (kind === 'contact' && fields.full_name === undefined) draft.full_name = joinName(fields.first_name, fields.last_name);
  const data = validate(kind, draft, 0);
  const holder = uniqueHolder(store, kind, id, data);
  if (holder) return conflictWith(holder, takenBy(kind, holder));
  return { status: 'applied', version: store.write(kind, id, data) };
}

function joinName(first: unknown, last: unknown): string | null {
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * The spec's per-field update: a field whose server value still equals `base[field]` (or
 * that has no base) is applied; one that differs keeps the server's value and makes the
 * result `conflict` with the whole current entity. `server: true` is a change made by the
 * service itself (admin, activity): no base, no fixed fields.
 */
export function update(ctx: ApplyContext, kind: EntityKind, id: string, input: Json, base: Json | null | undefined, server = false): Outcome {
  const { store } = ctx;
  const rules = RULES[kind];
  const { record, data: current } = requireLive(store, kind, id);
  const fields = writable(kind, input);
  if (!server) {
    for (const key of rules.fixed) {
      if (key in fields && !jsonEqual(fields[key], current[key])) throw new Rejection(`${key} of a ${kind} cannot be changed`, record.version);
      delete fields[key];
    }
  }
  const next: Json = { ...current };
  const conflicts: string[] = [];
  const applied: Json = {};
  for (const [key, value] of Object.entries(fields)) {
    if (base && Object.hasOwn(base, key) && !jsonEqual(current[key], base[key])) conflicts.push(key);
    else applied[key] = next[key] = value;
  }
  checkFields(kind, applied);
  if (rules.child && 'contact_id' in applied) requireParent(store, applied.contact_id);
  let version = record.version;
  let entity = current;
  if (!jsonEqual(next, current)) {
    if (rules.timestamps) next.updated_at = store.nowIso();
    entity = validate(kind, next, record.version);
    const holder = uniqueHolder(store, kind, id, entity);
    if (holder) throw new Rejection(takenBy(kind, holder), record.version);
    version = store.write(kind, id, entity);
    entity = { ...entity, id, version };
  }
  if (conflicts.length > 0) return { status: 'conflict', version, entity, reason: `server value differs from base for: ${conflicts.join(', ')}` };
  return { status: 'applied', version };
}

/** Deletes an entity and, for a contact, its children (each its own tombstone). Already gone: applied. */
function remove(ctx: ApplyContext, kind: EntityKind, id: string): Outcome {
  const { store } = ctx;
  const record = store.get(kind, id);
  // Unknown covers a tombstone already purged: a client offline for months still gets `applied`.
  if (!record) return { status: 'applied', version: 0, reason: `no ${kind} ${id}: nothing to delete` };
  if (record.deleted) return { status: 'applied', version: record.version, reason: `${kind} ${id} was already ${record.reason ?? 'deleted'}` };
  if (kind === 'contact') for (const child of store.childrenOf(id)) store.tombstone(child.kind, child.id, 'deleted');
  return { status: 'applied', version: store.tombstone(kind, id, 'deleted') ?? record.version };
}

// --- contact-only ops ---------------------------------------------------------------------

function changeContact(ctx: ApplyContext, id: string, change: (data: Json) => void): Outcome {
  const { store } = ctx;
  const { record, data } = requireLive(store, 'contact', id);
  const next: Json = structuredClone(data);
  change(next);
  if (jsonEqual(next, data)) return { status: 'applied', version: record.version };
  next.updated_at = store.nowIso();
  return { status: 'applied', version: store.write('contact', id, validate('contact', next, record.version)) };
}

function tagsOf(data: Json): string[] {
  return Array.isArray(data.tags) ? (data.tags as string[]) : [];
}

function consentsOf(data: Json): Json[] {
  return Array.isArray(data.consents) ? (data.consents as Json[]) : [];
}

/** Where a merged contact ended up (following merges of merges), or undefined if not merged. */
function mergeTarget(store: ServiceStore, record: EntityRecord): string | undefined {
  let current: EntityRecord | undefined = record;
  for (let hops = 0; current && current.reason === 'merged' && current.mergedInto !== null && hops < 100; hops++) {
    const next = store.get('contact', current.mergedInto);
    if (!next || next.reason !== 'merged') return current.mergedInto;
    current = next;
  }
  return undefined;
}

/**
 * Folds `merge_from` into `id`: their children move to the survivor (new versions), tags and
 * consent histories are united (a withdrawal on the merged record must not vanish), the
 * survivor keeps its other fields, and each merged contact becomes a `merged` tombstone.
 * Children first, then tombstones, then the survivor, so a client pulling in order re-links
 * the children before it sees their old contact go.
 */
function merge(ctx: ApplyContext, id: string, mergeFrom: readonly string[]): Outcome {
  const { store } = ctx;
  const survivor = requireLive(store, 'contact', id);
  const sources: Array<{ id: string; data: Json }> = [];
  for (const sourceId of new Set(mergeFrom)) {
    if (sourceId === id) throw new Rejection('a contact cannot be merged into itself', survivor.record.version);
    const record = store.get('contact', sourceId);
    if (record && record.reason === 'merged' && mergeTarget(store, record) === id) continue; // done before
    if (!record || record.deleted) throw goneReason('contact', sourceId, record);
    sources.push({ id: sourceId, data: dataOf(record) });
  }
  if (sources.length === 0) return { status: 'applied', version: survivor.record.version, reason: 'already merged' };

  const tags = new Set(tagsOf(survivor.data));
  const consents = [...consentsOf(survivor.data)];
  const seen = new Set(consents.map((c) => JSON.stringify(c)));
  for (const source of sources) {
    for (const child of store.childrenOf(source.id)) {
      const current = store.live(child.kind, child.id);
      if (current) store.write(child.kind, child.id, { ...current.data, contact_id: id });
    }
    for (const tag of tagsOf(source.data)) tags.add(tag);
    for (const consent of consentsOf(source.data)) {
      const key = JSON.stringify(consent);
      if (!seen.has(key)) {
        seen.add(key);
        consents.push(consent);
      }
    }
    store.tombstone('contact', source.id, 'merged', id);
  }
  // A stable sort by time keeps the history readable; equal times keep their order.
  consents.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const next = { ...survivor.data, tags: [...tags], consents, updated_at: store.nowIso() };
  return { status: 'applied', version: store.write('contact', id, validate('contact', next, survivor.record.version)) };
}

/**
 * Erases a person: the contact, every contact merged into it (transitively) and all their
 * children become `erased` tombstones, whose data is dropped at once. Never a conflict; an
 * unknown id is applied (there is nothing left to erase).
 */
function erase(ctx: ApplyContext, id: string): Outcome {
  const { store } = ctx;
  const people = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (people.has(next)) continue;
    people.add(next);
    queue.push(...store.mergedInto(next));
  }
  for (const person of people) {
    for (const child of store.childrenOf(person)) store.tombstone(child.kind, child.id, 'erased');
    store.tombstone('contact', person, 'erased');
  }
  return { status: 'applied', version: store.get('contact', id)?.version ?? 0 };
}

// --- the op registry ----------------------------------------------------------------------

interface Op {
  run(ctx: ApplyContext, mutation: unknown): Outcome;
}

/** Pairs an op's schema with its function, so the function receives the parsed type. */
function op<S extends z.ZodType<Envelope>>(schema: S, apply: (ctx: ApplyContext, m: z.output<S>) => Outcome): Op {
  return {
    run(ctx, mutation) {
      const parsed = schema.safeParse(mutation);
      if (!parsed.success) throw new Rejection(`invalid mutation: ${describeIssues(parsed.error)}`);
      return apply(ctx, parsed.data);
    },
  };
}

function crud(kind: EntityKind): Record<string, Op> {
  return {
    [`${kind}.create`]: op(CreateMutation, (ctx, m) => create(ctx, kind, m.id, m.fields)),
    [`${kind}.update`]: op(UpdateMutation, (ctx, m) => update(ctx, kind, m.id, m.fields, m.base)),
    [`${kind}.delete`]: op(Envelope, (ctx, m) => remove(ctx, kind, m.id)),
  };
}

/** `<entity>.<op>` → how to apply it. */
export const OPS: Readonly<Record<string, Op>> = {
  ...crud('contact'),
  ...crud('note'),
  ...crud('follow_up'),
  'field_definition.create': op(CreateMutation, (ctx, m) => create(ctx, 'field_definition', m.id, m.fields)),
  'field_definition.update': op(UpdateMutation, (ctx, m) => update(ctx, 'field_definition', m.id, m.fields, m.base)),
  // A field definition is never removed (values in contacts refer to its key): delete archives it.
  'field_definition.delete': op(Envelope, (ctx, m) => {
    const record = ctx.store.get('field_definition', m.id);
    if (!record) return { status: 'applied', version: 0, reason: `no field_definition ${m.id}` };
    return { ...update(ctx, 'field_definition', m.id, { archived: true }, undefined, true), reason: 'field definitions are archived, not deleted' };
  }),
  'contact.tag_add': op(TagMutation, (ctx, m) =>
    changeContact(ctx, m.id, (d) => {
      if (!tagsOf(d).includes(m.tag)) d.tags = [...tagsOf(d), m.tag];
    }),
  ),
  'contact.tag_remove': op(TagMutation, (ctx, m) =>
    changeContact(ctx, m.id, (d) => {
      d.tags = tagsOf(d).filter((t) => t !== m.tag);
    }),
  ),
  'contact.consent_set': op(ConsentMutation, (ctx, m) =>
    changeContact(ctx, m.id, (d) => {
      d.consents = [...consentsOf(d), m.consent];
    }),
  ),
  'contact.merge': op(MergeMutation, (ctx, m) => merge(ctx, m.id, m.merge_from)),
  'contact.erase': op(Envelope, (ctx, m) => erase(ctx, m.id)),
};

const SERVER_KINDS = new Set(['conversation', 'event']);

// --- push ---------------------------------------------------------------------------------

/** Applies a push body; throws ServiceError 400 when the body itself is not a push. */
export function push(ctx: ApplyContext, body: unknown): { results: PushResult[] } {
  const request = PushRequest.safeParse(body);
  if (!request.success) throw new ServiceError(400, 'bad_request', `invalid push request: ${describeIssues(request.error)}`);
  const { mutations } = request.data;
  if (mutations.length > MAX_MUTATIONS) throw new ServiceError(400, 'bad_request', `a push carries at most ${MAX_MUTATIONS} mutations (got ${mutations.length})`);
  const clientId = request.data.client_id ?? null;
  return { results: mutations.map((m) => applyMutation(ctx, clientId, m)) };
}

export function applyMutation(ctx: ApplyContext, clientId: string | null, mutation: unknown): PushResult {
  const { store } = ctx;
  const envelope = Envelope.safeParse(mutation);
  const rawId = typeof mutation === 'object' && mutation !== null ? (mutation as Json).mutation_id : undefined;
  const mutationId = typeof rawId === 'string' && rawId !== '' && rawId.length <= 200 ? rawId : null;
  if (mutationId !== null) {
    const seen = store.findMutation(mutationId);
    if (seen) {
      store.noteDuplicate(mutationId);
      return { mutation_id: mutationId, status: 'duplicate', version: seen.version, outcome: seen.status, ...(seen.reason !== null ? { reason: seen.reason } : {}) };
    }
  }
  if (!envelope.success) {
    const reason = `invalid mutation: ${describeIssues(envelope.error)}`;
    // Recorded when it has a key, so a resend answers `duplicate` like any other mutation.
    if (mutationId !== null) {
      const raw = mutation as Json;
      const text = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 64) : null);
      store.transaction(() =>
        store.recordMutation({ mutationId, clientId, agentId: ctx.agent.id, entity: text(raw.entity), entityId: text(raw.id), op: text(raw.op), status: 'rejected', version: 0, reason, applications: 0 }),
      );
    }
    return { mutation_id: mutationId, status: 'rejected', version: 0, reason };
  }
  const m = envelope.data;
  const record = (status: 'applied' | 'conflict' | 'rejected', version: number, reason: string | null): void =>
    store.recordMutation({
      mutationId: m.mutation_id,
      clientId,
      agentId: ctx.agent.id,
      entity: m.entity,
      entityId: m.id,
      op: m.op,
      status,
      version,
      reason,
      applications: status === 'rejected' ? 0 : 1,
    });
  try {
    const outcome = store.transaction(() => {
      const handler = OPS[`${m.entity}.${m.op}`];
      if (!handler) {
        if (SERVER_KINDS.has(m.entity)) throw new Rejection(`${m.entity} entities are the server's: clients only pull them`);
        if (!(ENTITY_KINDS as readonly string[]).includes(m.entity)) throw new Rejection(`unknown entity ${JSON.stringify(m.entity.slice(0, 50))}`);
        throw new Rejection(`unknown op ${JSON.stringify(m.op.slice(0, 50))} for ${m.entity}`);
      }
      const result = handler.run(ctx, mutation);
      record(result.status, result.version, result.reason ?? null);
      return result;
    });
    return { mutation_id: m.mutation_id, ...outcome };
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    const version = error.version || currentVersion(store, m.entity, m.id);
    store.transaction(() => record('rejected', version, error.message));
    return { mutation_id: m.mutation_id, status: 'rejected', version, reason: error.message };
  }
}

/** The version the entity has on the server (0 when unknown): what a rejection reports. */
function currentVersion(store: ServiceStore, entity: string, id: string): number {
  return (ENTITY_KINDS as readonly string[]).includes(entity) ? (store.get(entity as EntityKind, id)?.version ?? 0) : 0;
}

/** A change made on the server side (admin /mutate): fields applied without base, validated. */
export function serverUpdate(ctx: ApplyContext, kind: EntityKind, id: string, fields: Json): { version: number; entity: Json } {
  return ctx.store.transaction(() => {
    const outcome = update(ctx, kind, id, fields, undefined, true);
    const live = ctx.store.live(kind, id);
    return { version: outcome.version, entity: live ? live.data : {} };
  });
}
