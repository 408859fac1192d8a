/**
 * Webhooks (core/services/webhooks.ts, docs/data-in-and-out.md "Webhooks").
 * - `webhook_endpoints`: where to send which events. `created_seq` is the audit seq at the
 *   endpoint's creation: it receives only what happened after it. `paused_reason` is set when
 *   the app paused it (failing, gone, no secret) or a person did; the secret is not here
 *   (an owner-only file beside the database, see WebhookSecrets).
 * - `webhook_deliveries`: the persistent queue and the delivery log in one. `id` is the
 *   X-Nexvio-Delivery header, the same on every attempt. `contact_id` lets an erasure remove
 *   the deliveries that carry the person's data. `payload` is the exact body sent.
 * - `webhook_cursor`: the last audit seq the dispatcher turned into deliveries.
 */
export const up = /* sql */ `
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  paused_reason TEXT,
  paused_at TEXT,
  failure_streak INTEGER NOT NULL DEFAULT 0,
  first_failure_at TEXT,
  created_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  contact_id TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_attempt_at TEXT,
  status_code INTEGER,
  error TEXT,
  response_excerpt TEXT,
  duration_ms INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, seq);
CREATE INDEX webhook_deliveries_by_contact ON webhook_deliveries(contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE webhook_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  audit_seq INTEGER NOT NULL
);
INSERT INTO webhook_cursor (id, audit_seq) SELECT 1, coalesce(max(seq), 0) FROM audit_log;
`;
