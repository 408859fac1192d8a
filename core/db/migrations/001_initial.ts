/**
 * The first schema: every entity of the sync spec plus the app's own tables.
 *
 * Choices worth knowing:
 * - Synced entities reference each other by the server's text id with no hard foreign key:
 *   the spec lets a conversation arrive before its contact (see ARCHITECTURE.md, Data).
 * - `email` has no unique index: mid-pull two contacts may briefly share one.
 * - `pk` is the local integer key: FTS rowid, keyset tie-breaker, tag links.
 * - Sort keys are generated columns so ORDER BY can walk an index for every offered sort.
 * - Unknown server fields are kept as JSON in `extra`.
 */
export const up = /* sql */ `
CREATE TABLE contacts (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  first_name TEXT,
  last_name TEXT,
  full_name TEXT,
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_seen_at TEXT,
  locale TEXT,
  timezone TEXT,
  country TEXT,
  city TEXT,
  source TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}',
  preferences TEXT NOT NULL DEFAULT '{}',
  extra TEXT NOT NULL DEFAULT '{}',
  conversation_count INTEGER NOT NULL DEFAULT 0,
  first_seen_at TEXT,
  display_name TEXT GENERATED ALWAYS AS (
    coalesce(
      nullif(trim(full_name), ''),
      nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''),
      email,
      phone,
      'Unnamed contact')
  ) VIRTUAL,
  sort_name TEXT GENERATED ALWAYS AS (lower(
    coalesce(
      nullif(trim(full_name), ''),
      nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''),
      email,
      phone,
      ''))
  ) VIRTUAL,
  sort_email TEXT GENERATED ALWAYS AS (lower(coalesce(email, ''))) VIRTUAL,
  sort_last_seen TEXT GENERATED ALWAYS AS (coalesce(last_seen_at, '')) VIRTUAL,
  sort_country TEXT GENERATED ALWAYS AS (coalesce(country, '')) VIRTUAL,
  sort_source TEXT GENERATED ALWAYS AS (coalesce(source, '')) VIRTUAL
);
CREATE INDEX contacts_by_name ON contacts(sort_name);
CREATE INDEX contacts_by_email ON contacts(sort_email);
CREATE INDEX contacts_by_created ON contacts(created_at);
CREATE INDEX contacts_by_updated ON contacts(updated_at);
CREATE INDEX contacts_by_last_seen ON contacts(sort_last_seen);
CREATE INDEX contacts_by_country ON contacts(sort_country, sort_name);
CREATE INDEX contacts_by_source ON contacts(sort_source, sort_name);
CREATE INDEX contacts_by_email_lookup ON contacts(lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_by_phone ON contacts(phone) WHERE phone IS NOT NULL;

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  color TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE contact_tags (
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  PRIMARY KEY (tag_id, contact_pk)
) WITHOUT ROWID;
CREATE INDEX contact_tags_by_contact ON contact_tags(contact_pk, tag_id);

-- Consent history is append-only: the current status per purpose is the newest row.
CREATE TABLE consents (
  pk INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('granted', 'denied', 'withdrawn')),
  at TEXT NOT NULL,
  source TEXT,
  evidence TEXT,
  recorded_by TEXT
);
CREATE INDEX consents_by_contact ON consents(contact_id, purpose, at);

CREATE TABLE field_definitions (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  key TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  type TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '[]',
  archived INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  extra TEXT NOT NULL DEFAULT '{}'
);

-- A conversation comes whole with its messages (the spec sends a changed one whole),
-- so its transcript is stored as one JSON array.
CREATE TABLE conversations (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
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
CREATE INDEX conversations_by_contact ON conversations(contact_id, started_at);

CREATE TABLE events (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  contact_id TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_contact ON events(contact_id, occurred_at);
CREATE INDEX events_by_time ON events(occurred_at);

CREATE TABLE notes (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
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
CREATE INDEX notes_by_contact ON notes(contact_id, created_at);

CREATE TABLE follow_ups (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
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
CREATE INDEX follow_ups_by_contact ON follow_ups(contact_id, due_at);
CREATE INDEX follow_ups_open_by_due ON follow_ups(due_at) WHERE done_at IS NULL;

-- Who changed which field of a contact, for the timeline (values may be personal data:
-- erasure removes these rows with the contact).
CREATE TABLE field_changes (
  pk INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  actor_id TEXT,
  actor_name TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'sync')),
  at TEXT NOT NULL
);
CREATE INDEX field_changes_by_contact ON field_changes(contact_id, at);

-- Search: one row per contact (rowid = contacts.pk). Contentless, so the text lives once.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
  name, email, phone, fields, notes,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

-- The app's own tables ------------------------------------------------------------------

-- Local changes waiting to be pushed, in the order they were made. A local edit and its
-- outbox row always commit in one transaction.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  mutation_id TEXT NOT NULL UNIQUE,
  entity TEXT NOT NULL,
  op TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  base_version INTEGER,
  payload TEXT NOT NULL DEFAULT '{}',
  at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_by_entity ON outbox(entity, entity_id);
CREATE INDEX outbox_by_state ON outbox(state, seq);

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE conflicts (
  pk INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  local_value TEXT,
  server_value TEXT,
  mutation_id TEXT,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT
);
CREATE INDEX conflicts_open ON conflicts(resolved_at, detected_at);
CREATE INDEX conflicts_by_entity ON conflicts(entity, entity_id);

-- Server payloads that failed validation: kept with the reason, never applied.
CREATE TABLE quarantine (
  pk INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT,
  payload TEXT NOT NULL,
  reason TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- Append-only, each entry chained to the previous by hash so an edit or removal shows.
-- Entries hold no personal data: ids and field names, never values.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_by_action ON audit_log(action, at);

CREATE TABLE saved_views (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('segment', 'static_list', 'view')),
  definition TEXT NOT NULL DEFAULT '{}',
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
