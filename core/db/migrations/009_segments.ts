/**
 * Segments: saved views of the contact list, kept on this device (the sync API has no
 * segments). A `filter` segment is a saved filter whose members change as contacts do; a
 * `list` is a fixed set of chosen contacts (`segment_members`, gone with the contact).
 * `view` holds the columns and sort the segment is shown with.
 */
export const up = /* sql */ `
CREATE TABLE segments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('filter', 'list')),
  filter TEXT NOT NULL DEFAULT '{}',
  view TEXT NOT NULL DEFAULT '{}',
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX segments_by_name ON segments(name COLLATE NOCASE);

CREATE TABLE segment_members (
  segment_id TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (segment_id, contact_pk)
) WITHOUT ROWID;
CREATE INDEX segment_members_by_contact ON segment_members(contact_pk);
`;
