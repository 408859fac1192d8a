/**
 * Retention rules (core/services/retention.ts, docs/privacy.md "Retention").
 * - `retention_rules`: one row per rule. `action` is set for contact rules only. A rule is
 *   turned on only after its preview was seen: `previewed_at` is cleared whenever kind,
 *   action or days change. `last_run` is the summary of the rule's latest run (counts only).
 * - `contacts.anonymised_at`: an anonymised contact keeps its row and aggregates; pulled
 *   copies of its older conversations and events are stripped again.
 * - `conversations.transcript_removed_at`: the messages and summary were removed on this
 *   device (the service keeps its own copy); the partial index holds only conversations that
 *   still have a transcript, so a transcript rule walks just those, oldest first.
 * - Version 14: 12, 13 and 15 are other features' (migrate() allows the gap).
 */
export const up = /* sql */ `
CREATE TABLE retention_rules (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('contacts_inactive', 'transcripts', 'events')),
  action TEXT CHECK ((kind = 'contacts_inactive' AND coalesce(action, '') IN ('erase', 'anonymise')) OR (kind <> 'contacts_inactive' AND action IS NULL)),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500),
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  previewed_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  last_run_at TEXT,
  last_run TEXT
) WITHOUT ROWID;

ALTER TABLE contacts ADD COLUMN anonymised_at TEXT;
ALTER TABLE conversations ADD COLUMN transcript_removed_at TEXT;
CREATE INDEX conversations_transcripts_by_start ON conversations(started_at) WHERE transcript_removed_at IS NULL;
`;
