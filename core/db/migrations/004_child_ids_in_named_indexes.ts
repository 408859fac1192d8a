/**
 * The child entities (conversations, events, notes, follow-ups) get their id uniqueness from
 * a named index instead of an inline UNIQUE constraint, so a first sync can drop it while it
 * loads and build it once, sorted, at the end (core/db/bulk-load.ts). Inserting millions of
 * random UUIDs into a live unique index rewrote a random index page per row and was most of
 * the first sync's time at a million contacts. Contacts keep their inline constraint: their
 * tags and consents live in side tables that a late duplicate could not be untangled from.
 *
 * SQLite cannot drop a column constraint, so each table is rebuilt (create, copy, drop,
 * rename) with its rows, pks and indexes unchanged. Nothing references these tables.
 * `sync_bulk_deferred` holds the deletions a bulk load receives: they need the id index.
 */
export const up = /* sql */ `
CREATE TABLE conversations_new (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  contact_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL,
  summary TEXT,
  rating INTEGER,
  message_count INTEGER NOT NULL DEFAULT 0,
  messages TEXT NOT NULL DEFAULT '[]',
  extra TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO conversations_new SELECT * FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_new RENAME TO conversations;
CREATE UNIQUE INDEX conversations_by_id ON conversations(id);
CREATE INDEX conversations_by_contact ON conversations(contact_id, started_at);

CREATE TABLE events_new (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  contact_id TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  extra TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO events_new SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE UNIQUE INDEX events_by_id ON events(id);
CREATE INDEX events_by_contact ON events(contact_id, occurred_at);
CREATE INDEX events_by_time ON events(occurred_at);

CREATE TABLE notes_new (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  contact_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  extra TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO notes_new SELECT * FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE UNIQUE INDEX notes_by_id ON notes(id);
CREATE INDEX notes_by_contact ON notes(contact_id, created_at);

CREATE TABLE follow_ups_new (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  contact_id TEXT NOT NULL,
  title TEXT NOT NULL,
  due_at TEXT NOT NULL,
  assignee_id TEXT,
  assignee_name TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  extra TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO follow_ups_new SELECT * FROM follow_ups;
DROP TABLE follow_ups;
ALTER TABLE follow_ups_new RENAME TO follow_ups;
CREATE UNIQUE INDEX follow_ups_by_id ON follow_ups(id);
CREATE INDEX follow_ups_by_contact ON follow_ups(contact_id, due_at);
CREATE INDEX follow_ups_open_by_due ON follow_ups(due_at) WHERE done_at IS NULL;

CREATE TABLE sync_bulk_deferred (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  erased INTEGER NOT NULL DEFAULT 0
);
`;
