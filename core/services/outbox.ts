/**
 * Local changes waiting for the service, in the spec's mutation shape. `enqueue` must run in
 * the same transaction as the change it describes, so a crash keeps both or neither.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from './clock.js';

export type MutationEntity = 'contact' | 'note' | 'follow_up' | 'field_definition';
export type MutationOp = 'create' | 'update' | 'delete' | 'tag_add' | 'tag_remove' | 'consent_set' | 'merge' | 'erase';

export interface MutationInput {
  entity: MutationEntity;
  op: MutationOp;
  id: string;
  baseVersion: number | null;
  /** The op-specific part of the spec's mutation: fields/base, tag, consent, merge_from. */
  payload: Record<string, unknown>;
  /** Not pushed before this many ms have passed (a change the person may still undo). */
  holdMs?: number;
}

export class Outbox {
  private readonly insert;
  private readonly pendingFor;
  private readonly listeners = new Set<(holdMs: number) => void>();
  /** The holds of the changes queued since listeners were last told. */
  private readonly burstHolds = new Set<number>();

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO outbox (mutation_id, entity, op, entity_id, base_version, payload, at, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.pendingFor = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE entity = ? AND entity_id = ?');
  }

  enqueue(mutation: MutationInput): string {
    const mutationId = randomUUID();
    const holdMs = mutation.holdMs ?? 0;
    const holdUntil = holdMs > 0 ? new Date(Date.now() + holdMs).toISOString() : null;
    this.insert.run(mutationId, mutation.entity, mutation.op, mutation.id, mutation.baseVersion, JSON.stringify(mutation.payload), nowIso(), holdUntil);
    // After the call stack unwinds, so listeners see the committed change (a rolled-back one
    // costs them a look that finds nothing); once per burst and hold (a batch of a bulk action
    // queues hundreds, and each look counts the outbox).
    if (this.listeners.size > 0) {
      if (this.burstHolds.size === 0) {
        queueMicrotask(() => {
          const holds = [...this.burstHolds];
          this.burstHolds.clear();
          for (const hold of holds) this.listeners.forEach((listener) => listener(hold));
        });
      }
      this.burstHolds.add(holdMs);
    }
    return mutationId;
  }

  /** Called after a change is queued with how long it is held (the scheduler sends it soon after). Returns the unsubscribe. */
  onEnqueued(listener: (holdMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pendingCount(entity: MutationEntity, id: string): number {
    return this.pendingFor.get(entity, id)?.n ?? 0;
  }
}
