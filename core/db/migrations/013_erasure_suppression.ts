/**
 * Erasure (core/services/erase.ts) and the suppression list (core/services/suppression.ts).
 * - `suppression_list`: salted SHA-256 hashes of the email addresses and phone numbers of
 *   erased people, never the values, so an import, a local create or edit, or a pulled
 *   record cannot bring the person back. The salt is per workspace (settings
 *   `suppression_salt`). `origin` says which erasure added it.
 * - `suppressed_records`: records the service sent that matched the list and were not
 *   stored (opaque ids only), shown among the sync issues. What of them the service still
 *   holds is counted through `sync_pending_deletes`, so the checksums still agree.
 * - Version 13: version 12 is another feature's (consent); the gap is allowed.
 */
export const up = /* sql */ `
CREATE TABLE suppression_list (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
  origin TEXT NOT NULL CHECK (origin IN ('local', 'service', 'retention', 'cli')),
  added_at TEXT NOT NULL
);
CREATE INDEX suppression_list_by_time ON suppression_list(added_at);

CREATE TABLE suppressed_records (
  pk INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  matched TEXT NOT NULL CHECK (matched IN ('email', 'phone')),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  UNIQUE (kind, id)
);
`;
