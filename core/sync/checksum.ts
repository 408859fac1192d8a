/**
 * The spec's convergence proof: per entity type, the count of live entities and the XOR of
 * SHA-256("<id>:<version>"). The client keeps it incrementally as pulled changes are applied
 * (a full recount over millions of rows would take seconds), in `sync_state`, committed
 * with the page that changed it. It covers what the service holds as far as this copy
 * knows: entities at their server version (local-only creates have version 0 and are left
 * out) plus entities deleted here but not yet confirmed deleted by the service.
 */
import { hash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { ENTITY_KINDS, type EntityKind } from '../spec/entities.js';
import { ENTITY_TABLES } from '../db/tables.js';

export interface KindChecksum {
  count: number;
  hash: string;
}
export type Checksums = Record<EntityKind, KindChecksum>;

const ZERO = '0'.repeat(64);
const STATE_KEY = 'checksums';


// One-shot hashing: a first sync hashes millions of ids, and a Hash object per id was most of the cost.
export function entityDigest(id: string, version: number): Buffer {
  return hash('sha256', `${id}:${version}`, 'buffer');
}

function xorInto(target: Buffer, value: Uint8Array): void {
  for (let i = 0; i < 32; i++) target[i] = (target[i] as number) ^ (value[i] as number);
}

export function emptyChecksums(): Checksums {
  return Object.fromEntries(ENTITY_KINDS.map((k) => [k, { count: 0, hash: ZERO }])) as unknown as Checksums;
}

export class ChecksumAccumulator {
  private readonly hashes = new Map<EntityKind, Buffer>();
  private readonly counts = new Map<EntityKind, number>();
  private dirty = false;

  constructor(private readonly db: Db) {
    this.reload();
  }

  /** Re-reads the committed state (after a rolled-back page). */
  reload(): void {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY);
    const stored = row ? (JSON.parse(row.value) as Partial<Checksums>) : {};
    for (const kind of ENTITY_KINDS) {
      this.hashes.set(kind, Buffer.from(stored[kind]?.hash ?? ZERO, 'hex'));
      this.counts.set(kind, stored[kind]?.count ?? 0);
    }
    this.dirty = false;
  }

  /** `precomputed` is entityDigest(id, version) when the caller has it (made in the pull thread). */
  add(kind: EntityKind, id: string, version: number, precomputed?: Uint8Array): void {
    if (version <= 0) return;
    xorInto(this.hashes.get(kind) as Buffer, precomputed ?? entityDigest(id, version));
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.dirty = true;
  }

  remove(kind: EntityKind, id: string, version: number): void {
    if (version <= 0) return;
    xorInto(this.hashes.get(kind) as Buffer, entityDigest(id, version));
    this.counts.set(kind, (this.counts.get(kind) ?? 0) - 1);
    this.dirty = true;
  }

  /** Writes the state; call inside the transaction of the changes it reflects. */
  save(): void {
    if (!this.dirty) return;
    this.db
      .prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(STATE_KEY, JSON.stringify(this.snapshot()));
    this.dirty = false;
  }

  snapshot(): Checksums {
    const result = emptyChecksums();
    for (const kind of ENTITY_KINDS) result[kind] = { count: this.counts.get(kind) ?? 0, hash: (this.hashes.get(kind) as Buffer).toString('hex') };
    return result;
  }
}

/** Recounts from the tables: slow, for tests and `stats --verify`. */
export function recomputeChecksums(db: Db): Checksums {
  const result = emptyChecksums();
  for (const kind of ENTITY_KINDS) {
    const hash = Buffer.alloc(32);
    let count = 0;
    const rows = db
      .prepare<[string], { id: string; version: number }>(
        `SELECT id, version FROM ${ENTITY_TABLES[kind]} WHERE version > 0
         UNION ALL SELECT id, version FROM sync_pending_deletes WHERE kind = ?`,
      )
      .iterate(kind);
    for (const row of rows) {
      xorInto(hash, entityDigest(row.id, row.version));
      count++;
    }
    result[kind] = { count, hash: hash.toString('hex') };
  }
  return result;
}
