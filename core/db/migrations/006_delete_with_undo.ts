/**
 * Deleting a contact can be undone for a few seconds: the delete waits in the outbox
 * (`hold_until`, an ISO time before which it is not pushed) and what was removed is kept in
 * `deleted_contacts` (the contact and everything of it, as JSON) until the delete has been
 * pushed, then dropped (core/sync/engine.ts), so no copy outlives the deletion for long.
 */
export const up = /* sql */ `
ALTER TABLE outbox ADD COLUMN hold_until TEXT;

CREATE TABLE deleted_contacts (
  contact_id TEXT PRIMARY KEY,
  mutation_id TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  deleted_at TEXT NOT NULL
) WITHOUT ROWID;
`;
