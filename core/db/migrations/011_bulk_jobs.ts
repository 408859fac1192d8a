/**
 * Bulk actions over every contact that matches a filter (core/services/bulk.ts). A job is
 * one row of `bulk_jobs`; what it changed on each contact is one row of `bulk_changes`
 * (the value before, and for a deletion the held outbox delete), so undo reverts exactly
 * that. The latest few jobs keep theirs (core/services/bulk.ts, UNDOABLE_JOBS).
 */
export const up = /* sql */ `
CREATE TABLE bulk_jobs (
  id TEXT PRIMARY KEY,
  action TEXT NOT NULL,
  -- The action's settings (tag name, field key), never contact data.
  params TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'cancelled', 'failed', 'interrupted', 'undoing', 'undone')),
  total INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  changed INTEGER NOT NULL DEFAULT 0,
  export_path TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  undo_until TEXT
);

CREATE TABLE bulk_changes (
  job_id TEXT NOT NULL,
  contact_pk INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  -- A deletion's held outbox delete (undo takes it back while it is still pending).
  mutation_id TEXT,
  before TEXT NOT NULL DEFAULT 'null',
  PRIMARY KEY (job_id, contact_pk)
) WITHOUT ROWID;
`;
