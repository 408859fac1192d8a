/**
 * Sync bookkeeping:
 * - `sync_pending_deletes`: entities the person deleted here whose deletion the service has
 *   not confirmed yet. They are still live on the service, so they still count in the
 *   checksum we compare with it.
 * - `sync_resync_seen`: during a full resync (after 410 cursor_expired), what the service
 *   still has; whatever else is here at the end was removed on the service meanwhile.
 * - `quarantine.version` and a uniqueness per entity so a re-sent bad entity replaces its row.
 */
export const up = /* sql */ `
CREATE TABLE sync_pending_deletes (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TABLE sync_resync_seen (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

ALTER TABLE quarantine ADD COLUMN version INTEGER;
CREATE UNIQUE INDEX quarantine_by_entity ON quarantine(entity, entity_id) WHERE entity_id IS NOT NULL;

ALTER TABLE outbox ADD COLUMN rejected_reason TEXT;
`;
