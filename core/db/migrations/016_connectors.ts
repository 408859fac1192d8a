/**
 * CRM and email-marketing connectors (core/connectors/, docs/data-in-and-out.md "Connectors").
 * - `connectors`: one row per vendor. `settings` is JSON without secrets (list id, data
 *   centre, instance URL, external id field, field mapping); the token or API key is kept by
 *   the host beside the database, never in it.
 * - `connector_contacts`: what each connector last pushed per contact: the contact's version
 *   and updated_at then (a contact whose pair is unchanged is not even read again) and a
 *   digest of the mapped values (a change that touches no mapped value is not pushed).
 * - `connector_runs`: one row per run, counts only.
 * - `integration_logs`: the error log (the vendor's status, code and a short excerpt of its
 *   message). Erasure removes a person's rows here and in `connector_contacts`
 *   (core/services/erase.ts PERSON_TABLES).
 */
export const up = /* sql */ `
CREATE TABLE connectors (
  id TEXT PRIMARY KEY CHECK (id IN ('hubspot', 'salesforce', 'mailchimp')),
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  settings TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE connector_contacts (
  connector_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  contact_version INTEGER NOT NULL,
  contact_updated_at TEXT NOT NULL,
  digest TEXT NOT NULL,
  pushed_at TEXT,
  -- The tags last sent (JSON), so a tag removed here is made inactive there (Mailchimp).
  sent_tags TEXT,
  PRIMARY KEY (connector_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX connector_contacts_by_contact ON connector_contacts(contact_id);

CREATE TABLE connector_runs (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'after_sync')),
  state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'partial', 'failed')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  considered INTEGER NOT NULL DEFAULT 0,
  pushed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  message TEXT
);
CREATE INDEX connector_runs_by_connector ON connector_runs(connector_id, id);

CREATE TABLE integration_logs (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  run_id INTEGER,
  at TEXT NOT NULL,
  contact_id TEXT,
  status INTEGER,
  code TEXT,
  message TEXT NOT NULL
);
CREATE INDEX integration_logs_by_connector ON integration_logs(connector_id, id);
CREATE INDEX integration_logs_by_contact ON integration_logs(contact_id);
`;
