/**
 * The spec's convergence checksum: per entity type over live entities, `count` and the
 * lower-case hex XOR of SHA-256("<id>:<version>"). XOR is its own inverse, so the service
 * keeps the state incrementally (XOR a digest out when an entity changes or dies, XOR the new
 * one in) and the endpoint stays O(1) at a million contacts.
 */
import { hash } from 'node:crypto';
import { ENTITY_KINDS, type EntityKind } from '../core/spec/entities.js';

export const ZERO_HASH = '0'.repeat(64);

export interface KindChecksum {
  count: number;
  hash: string;
}
export type ChecksumEntities = Record<EntityKind, KindChecksum>;

/** SHA-256 of `"<id>:<version>"` (32 bytes). */
export function entityDigest(id: string, version: number): Buffer {
  return hash('sha256', `${id}:${version}`, 'buffer');
}

/** XORs `digest` into `into` in place. */
export function xorInto(into: Buffer, digest: Buffer): void {
  for (let k = 0; k < 32; k++) into[k]! ^= digest[k]!;
}

/** The running state of one entity type: how many live entities and the XOR of their digests. */
export class KindState {
  constructor(
    public count = 0,
    readonly acc: Buffer = Buffer.alloc(32),
  ) {}

  add(id: string, version: number): void {
    xorInto(this.acc, entityDigest(id, version));
    this.count++;
  }

  remove(id: string, version: number): void {
    xorInto(this.acc, entityDigest(id, version));
    this.count--;
  }

  clone(): KindState {
    return new KindState(this.count, Buffer.from(this.acc));
  }

  toJSON(): KindChecksum {
    return { count: this.count, hash: this.acc.toString('hex') };
  }

  static fromJSON(value: KindChecksum): KindState {
    return new KindState(value.count, Buffer.from(value.hash, 'hex'));
  }
}

export type ChecksumState = Record<EntityKind, KindState>;

export function emptyChecksumState(): ChecksumState {
  return Object.fromEntries(ENTITY_KINDS.map((k) => [k, new KindState()])) as ChecksumState;
}

export function cloneChecksumState(state: ChecksumState): ChecksumState {
  return Object.fromEntries(ENTITY_KINDS.map((k) => [k, state[k].clone()])) as ChecksumState;
}

export function checksumJSON(state: ChecksumState): ChecksumEntities {
  return Object.fromEntries(ENTITY_KINDS.map((k) => [k, state[k].toJSON()])) as ChecksumEntities;
}

/**
 * The checksum of any list of live (kind, id, version) triples, from scratch: what a client
 * computes over its copy, and what tests compare the incremental state with.
 */
export function checksumOf(entities: Iterable<{ kind: EntityKind; id: string; version: number }>): ChecksumEntities {
  const state = emptyChecksumState();
  for (const e of entities) state[e.kind].add(e.id, e.version);
  return checksumJSON(state);
}
