/**
 * Checking what a pull page says, change by change, before anything is written. A change
 * that fails is quarantined with the reason; the rest of the page still applies.
 */
import { z } from 'zod';
import { ENTITY_KINDS, ENTITY_SCHEMAS, EntityId, type EntityKind } from '../spec/entities.js';
import type { SpecEntityOf } from '../db/apply.js';
import { fastParse } from '../spec/fast-parse.js';

const ChangeEnvelope = z
  .object({
    seq: z.number().int().optional(),
    entity: z.string().min(1).max(100),
    op: z.enum(['upsert', 'delete']),
    id: EntityId,
    version: z.number().int().nonnegative(),
    data: z.unknown().optional(),
    reason: z.string().max(100).optional(),
    merged_into: EntityId.nullable().optional(),
  })
  .loose();

export type ValidChange =
  | { kind: EntityKind; op: 'upsert'; id: string; version: number; entity: SpecEntityOf[EntityKind] }
  | { kind: EntityKind; op: 'delete'; id: string; version: number; reason: 'deleted' | 'erased' | 'merged'; mergedInto: string | null };

export interface InvalidChange {
  kind: string;
  id: string | null;
  version: number | null;
  reason: string;
  /** What came, cut to a size worth keeping. */
  payload: string;
}

const MAX_QUARANTINE_PAYLOAD = 64 * 1024;

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'change'}: ${issue.message}`)
    .join('; ');
}

function excerpt(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? 'undefined';
  } catch {
    text = String(raw);
  }
  return text.length > MAX_QUARANTINE_PAYLOAD ? `${text.slice(0, MAX_QUARANTINE_PAYLOAD)}… (${text.length} characters)` : text;
}

type Envelope = z.infer<typeof ChangeEnvelope>;

/** The envelope as the schema would read it, for the common valid case; null to let the schema decide. */
function fastEnvelope(raw: unknown): Envelope | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const c = raw as Record<string, unknown>;
  const { seq, entity, op, id, version, reason, merged_into: mergedInto } = c;
  if (seq !== undefined && !(typeof seq === 'number' && Number.isSafeInteger(seq))) return null;
  if (typeof entity !== 'string' || entity.length < 1 || entity.length > 100) return null;
  if (op !== 'upsert' && op !== 'delete') return null;
  if (typeof id !== 'string' || id.length < 1 || id.length > 64) return null;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 100)) return null;
  if (mergedInto !== undefined && mergedInto !== null && (typeof mergedInto !== 'string' || mergedInto.length < 1 || mergedInto.length > 64)) return null;
  return c as Envelope;
}

export function checkChange(raw: unknown): { ok: true; change: ValidChange } | { ok: false; invalid: InvalidChange } {
  const fast = fastEnvelope(raw);
  const envelope = fast ? { success: true as const, data: fast } : ChangeEnvelope.safeParse(raw);
  const rawObject = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const fail = (reason: string) => ({
    ok: false as const,
    invalid: {
      kind: typeof rawObject['entity'] === 'string' ? String(rawObject['entity']).slice(0, 100) : 'unknown',
      id: typeof rawObject['id'] === 'string' ? String(rawObject['id']).slice(0, 64) : null,
      version: typeof rawObject['version'] === 'number' ? (rawObject['version'] as number) : null,
      reason,
      payload: excerpt(raw),
    },
  });
  if (!envelope.success) return fail(`Malformed change: ${describe(envelope.error)}`);
  const change = envelope.data;
  if (!(ENTITY_KINDS as readonly string[]).includes(change.entity)) return fail(`Unknown entity type "${change.entity}"; this app does not know it yet.`);
  const kind = change.entity as EntityKind;
  if (change.op === 'delete') {
    const reason = change.reason ?? 'deleted';
    if (reason !== 'deleted' && reason !== 'erased' && reason !== 'merged') return fail(`Unknown deletion reason "${reason}".`);
    return { ok: true, change: { kind, op: 'delete', id: change.id, version: change.version, reason, mergedInto: change.merged_into ?? null } };
  }
  // The hot kinds take a hand-written path when valid; the schema decides and explains otherwise.
  const quick = fastParse(kind, change.data);
  const parsed = quick ? { success: true as const, data: quick } : ENTITY_SCHEMAS[kind].safeParse(change.data);
  if (!parsed.success) return fail(`Invalid ${kind}: ${describe(parsed.error)}`);
  const entity = parsed.data as SpecEntityOf[EntityKind];
  if (entity.id !== change.id) return fail(`The ${kind} data has id "${entity.id}" but the change is for "${change.id}".`);
  if (entity.version !== change.version) return fail(`The ${kind} data has version ${entity.version} but the change says ${change.version}.`);
  return { ok: true, change: { kind, op: 'upsert', id: change.id, version: change.version, entity } };
}
