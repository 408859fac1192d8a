/**
 * Duplicates and merges.
 * - `duplicate_pairs`: candidate pairs found by the scan (core/services/duplicates.ts), each
 *   with its reason; ids ordered (a < b) so a pair is stored once. Re-checked when listed.
 * - `duplicate_dismissed`: pairs a person said are not duplicates; never proposed again.
 * - `merges`: every merge shown on the surviving contact's timeline; `snapshot` holds what
 *   undo needs (the merged contacts whole, what moved, the survivor before) and is dropped
 *   once the merge has been pushed (core/sync/engine.ts). Merges made by another agent arrive
 *   as `merged` tombstones and are recorded here too, without a snapshot.
 * - Version 10: versions 8 and 9 are other features' (migrate() allows the gap).
 */
export const up = /* sql */ `
CREATE TABLE duplicate_pairs (
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('email', 'phone', 'name')),
  -- The queue shows the surest first: a shared email, then a phone, then a name.
  rank INTEGER GENERATED ALWAYS AS (CASE reason WHEN 'email' THEN 0 WHEN 'phone' THEN 1 ELSE 2 END) VIRTUAL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;
CREATE INDEX duplicate_pairs_by_b ON duplicate_pairs(b_id);
CREATE INDEX duplicate_pairs_queue ON duplicate_pairs(rank, found_at DESC, a_id DESC, b_id DESC);

CREATE TABLE duplicate_dismissed (
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  dismissed_at TEXT NOT NULL,
  actor_name TEXT,
  PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;

CREATE TABLE merges (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  primary_id TEXT NOT NULL,
  merged_ids TEXT NOT NULL,
  merged_names TEXT NOT NULL,
  -- The merged contacts' addresses, still found by search on the survivor (core/services/search.ts).
  former_emails TEXT NOT NULL DEFAULT '[]',
  actor_name TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'sync')),
  merged_at TEXT NOT NULL,
  mutation_id TEXT,
  snapshot TEXT
);
CREATE INDEX merges_by_primary ON merges(primary_id, merged_at);
CREATE INDEX merges_by_mutation ON merges(mutation_id) WHERE mutation_id IS NOT NULL;
-- The merges still held for undo (few): what a pull re-links children to.
CREATE INDEX merges_held ON merges(primary_id) WHERE snapshot IS NOT NULL;
`;
