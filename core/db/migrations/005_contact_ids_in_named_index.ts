/**
 * Contacts get their id uniqueness from a named index too (004 did it for the children), so
 * a first sync can drop it while it loads: at a million contacts the live index of random
 * UUIDs cost ~30 s of the load (a random index page rewritten and journaled per contact,
 * at every page's commit), building it at the end ~1 s. A contact that arrives a second
 * time during a load is queued in `sync_bulk_deferred` (`payload`: the prepared entity) and
 * written once the index is back (core/db/bulk-load.ts).
 *
 * The table is rebuilt with its rows, pks (the search rows and tag links point at them) and
 * indexes. core/db/database.ts runs migrations with foreign keys off, as SQLite's procedure
 * for rebuilding a table asks (dropping the old table must not cascade to contact_tags),
 * and checks them before committing.
 */
export const up = /* sql */ `
CREATE TABLE contacts_new (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
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
INSERT INTO contacts_new (pk, id, version, first_name, last_name, full_name, email, phone, created_at, updated_at, last_seen_at,
  locale, timezone, country, city, source, custom_fields, preferences, extra, conversation_count, first_seen_at)
SELECT pk, id, version, first_name, last_name, full_name, email, phone, created_at, updated_at, last_seen_at,
  locale, timezone, country, city, source, custom_fields, preferences, extra, conversation_count, first_seen_at
FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE UNIQUE INDEX contacts_by_id ON contacts(id);
CREATE INDEX contacts_by_country ON contacts(sort_country, sort_name);
CREATE INDEX contacts_by_created ON contacts(created_at);
CREATE INDEX contacts_by_email ON contacts(sort_email);
CREATE INDEX contacts_by_email_lookup ON contacts(lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_by_last_seen ON contacts(sort_last_seen);
CREATE INDEX contacts_by_name ON contacts(sort_name);
CREATE INDEX contacts_by_phone ON contacts(phone) WHERE phone IS NOT NULL;
CREATE INDEX contacts_by_source ON contacts(sort_source, sort_name);
CREATE INDEX contacts_by_updated ON contacts(updated_at);

ALTER TABLE sync_bulk_deferred ADD COLUMN payload TEXT;
`;
