/**
 * The audit trail: append-only, each entry chained to the one before by SHA-256 so a removed
 * or edited entry is detected by `verifyAuditChain`. Entries carry ids and field names only,
 * never personal values, so they can outlive an erasure.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from './clock.js';

export interface Actor {
  id: string;
  name: string;
}

export interface AuditEntryInput {
  action: string;
  entity?: string | null;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, seq: number, at: string, actor: Actor, entry: AuditEntryInput, details: string): string {
  return createHash('sha256')
    .update([prevHash, seq, at, actor.id, actor.name, entry.action, entry.entity ?? '', entry.entityId ?? '', details].join('\u001f'))
    .digest('hex');
}

export class AuditLog {
  private lastHash: string | null = null;
  private lastSeq = 0;
  private readonly insert;
  private readonly last;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  }

  /** Call inside the transaction of the change it records. */
  append(actor: Actor, entry: AuditEntryInput): void {
    if (this.lastHash === null || !this.db.inTransaction) this.reload();
    const seq = this.lastSeq + 1;
    const at = nowIso();
    const details = JSON.stringify(entry.details ?? {});
    const prev = this.lastHash ?? GENESIS;
    const hash = entryHash(prev, seq, at, actor, entry, details);
    this.insert.run(seq, at, actor.id, actor.name, entry.action, entry.entity ?? null, entry.entityId ?? null, details, prev, hash);
    this.lastSeq = seq;
    this.lastHash = hash;
  }

  /** Forget the cached head (after a rollback the cache may be ahead of the file). */
  reload(): void {
    const row = this.last.get();
    this.lastSeq = row?.seq ?? 0;
    this.lastHash = row?.hash ?? GENESIS;
  }
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match. */
  brokenAt: number | null;
}

export function verifyAuditChain(db: Db): ChainCheck {
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  const rows = db
    .prepare<
      [],
      { seq: number; at: string; actor_id: string; actor_name: string; action: string; entity: string | null; entity_id: string | null; details: string; prev_hash: string; hash: string }
    >('SELECT * FROM audit_log ORDER BY seq')
    .iterate();
  for (const row of rows) {
    entries++;
    const actor = { id: row.actor_id, name: row.actor_name };
    const recomputed = entryHash(prev, row.seq, row.at, actor, { action: row.action, entity: row.entity, entityId: row.entity_id }, row.details);
    if (row.seq !== expectedSeq || row.prev_hash !== prev || row.hash !== recomputed) return { ok: false, entries, brokenAt: row.seq };
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries, brokenAt: null };
}
