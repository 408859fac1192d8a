/**
 * A deleted note can be put back for a few seconds, like a contact (006): its row waits in
 * `deleted_notes` until the held delete has been pushed.
 */
export const up = /* sql */ `
CREATE TABLE deleted_notes (
  note_id TEXT PRIMARY KEY,
  mutation_id TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  deleted_at TEXT NOT NULL
) WITHOUT ROWID;
`;
