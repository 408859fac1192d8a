/**
 * Analytics rollups (issue 7; core/analytics/, docs/analytics.md), kept by triggers so every
 * write path (sync pulls, local edits, merges, erasure, retention, bulk jobs, imports) keeps
 * them right without knowing about them.
 *
 * - `analytics_contact_days`: contacts by UTC day of creation, per dimension and value
 *   (core/analytics/dims.ts says which).
 * - `analytics_quarters`: per UTC quarter hour (every real offset is a multiple of 15 min, so
 *   local days, weeks and hours are exact in any zone): contacts created, contacts first seen
 *   (= first conversations), conversations started, rated, the sum of ratings, handed off.
 *   `wq` is the quarter's place in the UTC week (Monday 00:00 = 0), for the heatmap.
 * - `analytics_days`: the same per UTC day, so long spans read a day's row instead of 96.
 * - `analytics_channel_days`: the same conversation counts per channel and UTC day.
 * - `analytics_handoffs`: the `handoff_requested` events per conversation they name.
 * - `analytics_state`: per base table, the watermark: rows with pk <= watermark are in the
 *   rollups and the triggers keep them; the background rebuild (core/analytics/rollups.ts)
 *   adds the rest slice by slice. A fresh database starts complete (watermark = max); an
 *   existing one starts at 0 and is built in the background after the upgrade. A bulk load
 *   drops the triggers with the indexes and starts the rollups over (core/db/bulk-load.ts).
 */
import { allDimSources, dayOf, dimRowsSql, fieldDimSources, groupedDimCountsSql, handedOffSql, quarterSql, rowDimSources, watermarkSql, type DimSource } from '../../analytics/dims.js';

/** The watermark meaning "everything": the rollups are complete. */
export const ALL_ROWS = '9223372036854775807';

const upsertDays = (select: string) => `INSERT INTO analytics_contact_days (dim, value, day, n) ${select}
    ON CONFLICT (dim, value, day) DO UPDATE SET n = n + excluded.n;`;

/** Counts a contact row X under each of `sources`, `sign` = 1 or -1. */
function countContact(sources: DimSource[], X: string, sign: 1 | -1): string {
  return upsertDays(`SELECT dim, value, ${dayOf(`${X}.created_at`)}, ${sign} FROM (${dimRowsSql(sources)}) WHERE true`);
}

/** Adds to the quarter hour and the UTC day of the instant `time`: `SELECT <time's key>, <tail>`. */
const upsertQuarter = (columns: string[], time: string, tail: string) => {
  const add = columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
  return `INSERT INTO analytics_quarters (q, ${columns.join(', ')}) SELECT ${quarterSql(time)}, ${tail}
    ON CONFLICT (q) DO UPDATE SET ${add};
  INSERT INTO analytics_days (day, ${columns.join(', ')}) SELECT ${dayOf(time)}, ${tail}
    ON CONFLICT (day) DO UPDATE SET ${add};`;
};

const CONVERSATION_COUNTS = ['conversations', 'rated', 'rating_sum', 'handoffs'];

/** A conversation row X counted (or uncounted) in the quarter and channel-day rollups. */
function countConversation(X: string, sign: 1 | -1): string {
  const values = `${sign}, ${sign} * (${X}.rating IS NOT NULL), ${sign} * coalesce(${X}.rating, 0), ${sign} * ${handedOffSql(`${X}.id`)}`;
  return `${upsertQuarter(CONVERSATION_COUNTS, `${X}.started_at`, `${values} WHERE true`)}
  INSERT INTO analytics_channel_days (channel, day, ${CONVERSATION_COUNTS.join(', ')}) SELECT ${X}.channel, ${dayOf(`${X}.started_at`)}, ${values} WHERE true
    ON CONFLICT (day, channel) DO UPDATE SET ${CONVERSATION_COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
}

/** The conversation an event names, when it is a handoff. */
const handoffTarget = (X: string) => `json_extract(${X}.properties, '$.conversation_id')`;

/** A conversation that gains or loses its handoff (`now` = the SQL test of its count before the change). */
function moveHandoff(X: string, sign: 1 | -1, countTest: string): string {
  const from = `FROM conversations v WHERE v.id = ${handoffTarget(X)} AND v.pk <= ${watermarkSql('conversations')}
       AND coalesce((SELECT n FROM analytics_handoffs WHERE conversation_id = v.id), 0) ${countTest}`;
  return `${upsertQuarter(['handoffs'], 'v.started_at', `${sign} ${from}`)}
  INSERT INTO analytics_channel_days (channel, day, handoffs) SELECT v.channel, ${dayOf('v.started_at')}, ${sign} ${from}
    ON CONFLICT (day, channel) DO UPDATE SET handoffs = handoffs + excluded.handoffs;`;
}

const addHandoffEvent = (X: string, guard: string) => `
  ${moveHandoff(X, 1, `= 0 AND ${guard}`)}
  INSERT INTO analytics_handoffs (conversation_id, n) SELECT ${handoffTarget(X)}, 1 WHERE ${handoffTarget(X)} IS NOT NULL AND ${guard}
    ON CONFLICT (conversation_id) DO UPDATE SET n = n + 1;`;

const removeHandoffEvent = (X: string, guard: string) => `
  ${moveHandoff(X, -1, `= 1 AND ${guard}`)}
  UPDATE analytics_handoffs SET n = n - 1 WHERE conversation_id = ${handoffTarget(X)} AND ${guard};
  DELETE FROM analytics_handoffs WHERE conversation_id = ${handoffTarget(X)} AND n <= 0 AND ${guard};`;

/** The current consent of (contact, purpose) counted (or uncounted) on the contact's creation day. */
function countConsent(contactId: string, purpose: string, sign: 1 | -1): string {
  return upsertDays(`SELECT 'consent:' || ${purpose}, s.status, ${dayOf('c.created_at')}, ${sign}
    FROM contacts c, (SELECT status FROM consents WHERE contact_id = ${contactId} AND purpose = ${purpose} ORDER BY at DESC, pk DESC LIMIT 1) s
    WHERE c.id = ${contactId} AND c.pk <= ${watermarkSql('contacts')}`);
}

const consentKeyChanged = 'old.contact_id IS NOT new.contact_id OR old.purpose IS NOT new.purpose';

/** An entry changed in place: both keys' current statuses uncounted before, counted after. */
function consentUpdateTrigger(when: 'before' | 'after', sign: 1 | -1): string {
  const newKey = countConsent('new.contact_id', 'new.purpose', sign).replace(/WHERE c\.id = new\.contact_id/, `WHERE (${consentKeyChanged}) AND c.id = new.contact_id`);
  return `CREATE TRIGGER analytics_consents_${when}_update ${when.toUpperCase()} UPDATE OF contact_id, purpose, status, at ON consents
WHEN ${consentKeyChanged} OR old.status IS NOT new.status OR old.at IS NOT new.at BEGIN
  ${countConsent('old.contact_id', 'old.purpose', sign)}
  ${newKey}
END;`;
}

function triggers(): string {
  const contactsWm = watermarkSql('contacts');
  // A count that falls to zero goes: the value may be text only an erased person had.
  const dropZero = `CREATE TRIGGER analytics_contact_days_drop_zero AFTER UPDATE OF n ON analytics_contact_days WHEN new.n = 0 BEGIN
  DELETE FROM analytics_contact_days WHERE dim = new.dim AND value = new.value AND day = new.day;
END;`;
  const rowChanged = ['source', 'country', 'locale', 'email', 'phone', 'custom_fields'].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  const fieldRecount = (key: string) =>
    upsertDays(`SELECT dim, value, day, n FROM (${groupedDimCountsSql(fieldDimSources('c', key), `c.pk <= ${contactsWm}`)}) WHERE true`);
  return `
${dropZero}
CREATE TRIGGER analytics_contacts_insert AFTER INSERT ON contacts WHEN new.pk <= ${contactsWm} BEGIN
  ${countContact(allDimSources('new'), 'new', 1)}
  ${upsertQuarter(['created'], 'new.created_at', '1 WHERE true')}
  ${upsertQuarter(['first_seen'], 'new.first_seen_at', '1 WHERE new.first_seen_at IS NOT NULL')}
END;
-- BEFORE: the contact's tags are still there (the cascade that removes them comes after).
CREATE TRIGGER analytics_contacts_delete BEFORE DELETE ON contacts WHEN old.pk <= ${contactsWm} BEGIN
  ${countContact(allDimSources('old'), 'old', -1)}
  ${upsertQuarter(['created'], 'old.created_at', '-1 WHERE true')}
  ${upsertQuarter(['first_seen'], 'old.first_seen_at', '-1 WHERE old.first_seen_at IS NOT NULL')}
END;
-- The sync's frequent updates (updated_at, last_seen_at) change none of these: the WHEN costs nothing.
CREATE TRIGGER analytics_contacts_update_row AFTER UPDATE OF source, country, locale, email, phone, last_seen_at, custom_fields ON contacts
WHEN old.created_at IS new.created_at AND (${rowChanged} OR (old.last_seen_at IS NULL) <> (new.last_seen_at IS NULL)) AND new.pk <= ${contactsWm} BEGIN
  ${countContact(rowDimSources('old'), 'old', -1)}
  ${countContact(rowDimSources('new'), 'new', 1)}
END;
CREATE TRIGGER analytics_contacts_update_created AFTER UPDATE OF created_at ON contacts
WHEN old.created_at IS NOT new.created_at AND new.pk <= ${contactsWm} BEGIN
  ${countContact(allDimSources('old'), 'old', -1)}
  ${countContact(allDimSources('new'), 'new', 1)}
  ${upsertQuarter(['created'], 'old.created_at', '-1 WHERE true')}
  ${upsertQuarter(['created'], 'new.created_at', '1 WHERE true')}
END;
CREATE TRIGGER analytics_contacts_update_first_seen AFTER UPDATE OF first_seen_at ON contacts
WHEN old.first_seen_at IS NOT new.first_seen_at AND new.pk <= ${contactsWm} BEGIN
  ${upsertQuarter(['first_seen'], 'old.first_seen_at', '-1 WHERE old.first_seen_at IS NOT NULL')}
  ${upsertQuarter(['first_seen'], 'new.first_seen_at', '1 WHERE new.first_seen_at IS NOT NULL')}
END;

CREATE TRIGGER analytics_contact_tags_insert AFTER INSERT ON contact_tags WHEN new.contact_pk <= ${contactsWm} BEGIN
  ${upsertDays(`SELECT 'tag', CAST(new.tag_id AS TEXT), ${dayOf('c.created_at')}, 1 FROM contacts c WHERE c.pk = new.contact_pk`)}
END;
CREATE TRIGGER analytics_contact_tags_delete AFTER DELETE ON contact_tags WHEN old.contact_pk <= ${contactsWm} BEGIN
  ${upsertDays(`SELECT 'tag', CAST(old.tag_id AS TEXT), ${dayOf('c.created_at')}, -1 FROM contacts c WHERE c.pk = old.contact_pk`)}
END;
CREATE TRIGGER analytics_contact_tags_update AFTER UPDATE ON contact_tags BEGIN
  ${upsertDays(`SELECT 'tag', CAST(old.tag_id AS TEXT), ${dayOf('c.created_at')}, -1 FROM contacts c WHERE c.pk = old.contact_pk AND c.pk <= ${contactsWm}`)}
  ${upsertDays(`SELECT 'tag', CAST(new.tag_id AS TEXT), ${dayOf('c.created_at')}, 1 FROM contacts c WHERE c.pk = new.contact_pk AND c.pk <= ${contactsWm}`)}
END;

-- Consent history is appended (or replaced whole by a pull): the current status of the
-- (contact, purpose) is uncounted before the change and counted again after it.
CREATE TRIGGER analytics_consents_before_insert BEFORE INSERT ON consents BEGIN
  ${countConsent('new.contact_id', 'new.purpose', -1)}
END;
CREATE TRIGGER analytics_consents_after_insert AFTER INSERT ON consents BEGIN
  ${countConsent('new.contact_id', 'new.purpose', 1)}
END;
CREATE TRIGGER analytics_consents_before_delete BEFORE DELETE ON consents BEGIN
  ${countConsent('old.contact_id', 'old.purpose', -1)}
END;
CREATE TRIGGER analytics_consents_after_delete AFTER DELETE ON consents BEGIN
  ${countConsent('old.contact_id', 'old.purpose', 1)}
END;
${consentUpdateTrigger('before', -1)}
${consentUpdateTrigger('after', 1)}

-- A field's type or key change recounts its values (rare: a settings action).
CREATE TRIGGER analytics_fields_insert AFTER INSERT ON field_definitions WHEN new.type IN ('select', 'multi_select', 'boolean') BEGIN
  DELETE FROM analytics_contact_days WHERE dim = 'field:' || new.key;
  ${fieldRecount('new.key')}
END;
CREATE TRIGGER analytics_fields_update AFTER UPDATE OF key, type ON field_definitions
WHEN old.key IS NOT new.key OR old.type IS NOT new.type BEGIN
  DELETE FROM analytics_contact_days WHERE dim IN ('field:' || old.key, 'field:' || new.key);
  ${fieldRecount('new.key')}
END;
CREATE TRIGGER analytics_fields_delete AFTER DELETE ON field_definitions BEGIN
  DELETE FROM analytics_contact_days WHERE dim = 'field:' || old.key;
END;

CREATE TRIGGER analytics_conversations_insert AFTER INSERT ON conversations WHEN new.pk <= ${watermarkSql('conversations')} BEGIN
  ${countConversation('new', 1)}
END;
CREATE TRIGGER analytics_conversations_delete AFTER DELETE ON conversations WHEN old.pk <= ${watermarkSql('conversations')} BEGIN
  ${countConversation('old', -1)}
END;
CREATE TRIGGER analytics_conversations_update AFTER UPDATE OF id, channel, started_at, rating ON conversations
WHEN (old.id IS NOT new.id OR old.channel IS NOT new.channel OR old.started_at IS NOT new.started_at OR old.rating IS NOT new.rating)
  AND new.pk <= ${watermarkSql('conversations')} BEGIN
  ${countConversation('old', -1)}
  ${countConversation('new', 1)}
END;

CREATE TRIGGER analytics_events_insert AFTER INSERT ON events WHEN new.type = 'handoff_requested' AND new.pk <= ${watermarkSql('events')} BEGIN
  ${addHandoffEvent('new', '1')}
END;
CREATE TRIGGER analytics_events_delete AFTER DELETE ON events WHEN old.type = 'handoff_requested' AND old.pk <= ${watermarkSql('events')} BEGIN
  ${removeHandoffEvent('old', '1')}
END;
CREATE TRIGGER analytics_events_update AFTER UPDATE OF type, properties ON events
WHEN (old.type = 'handoff_requested' OR new.type = 'handoff_requested') AND (old.type IS NOT new.type OR old.properties IS NOT new.properties)
  AND new.pk <= ${watermarkSql('events')} BEGIN
  ${removeHandoffEvent('old', "old.type = 'handoff_requested'")}
  ${addHandoffEvent('new', "new.type = 'handoff_requested'")}
END;
`;
}

/** What the quarter-hour and day rollups count. */
const TIME_COUNTERS = `created INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL DEFAULT 0,
  conversations INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  rating_sum INTEGER NOT NULL DEFAULT 0,
  handoffs INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;`;

export const up = /* sql */ `
CREATE TABLE analytics_contact_days (
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dim, value, day)
) WITHOUT ROWID;

CREATE TABLE analytics_quarters (
  q TEXT PRIMARY KEY,
  wq INTEGER GENERATED ALWAYS AS (((CAST(strftime('%w', q) AS INTEGER) + 6) % 7) * 96 + CAST(substr(q, 12, 2) AS INTEGER) * 4 + CAST(substr(q, 15, 2) AS INTEGER) / 15) STORED,
${TIME_COUNTERS}

CREATE TABLE analytics_days (
  day TEXT PRIMARY KEY,
${TIME_COUNTERS}

CREATE TABLE analytics_channel_days (
  channel TEXT NOT NULL,
  day TEXT NOT NULL,
  conversations INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  rating_sum INTEGER NOT NULL DEFAULT 0,
  handoffs INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, channel)
) WITHOUT ROWID;

CREATE TABLE analytics_handoffs (
  conversation_id TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE analytics_state (
  tbl TEXT PRIMARY KEY,
  watermark INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- All three start over together: the rebuild reads events (handoffs) before conversations.
INSERT INTO analytics_state (tbl, watermark)
  SELECT t.tbl, CASE WHEN EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM conversations) OR EXISTS (SELECT 1 FROM events) THEN 0 ELSE ${ALL_ROWS} END
  FROM (SELECT 'contacts' AS tbl UNION ALL SELECT 'conversations' UNION ALL SELECT 'events') t;
${triggers()}`;
