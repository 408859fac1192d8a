/**
 * Webhooks: endpoints (URL, chosen events; the secret outside the database), a persistent
 * queue of deliveries, and the dispatcher that sends them (docs/data-in-and-out.md "Webhooks").
 *
 * Where the events come from: the audit log. Every local change writes its audit entry in
 * its own transaction, append-only with a `seq`, so the dispatcher tails it by a persisted
 * cursor and turns the entries it knows into one delivery per subscribed endpoint, in one
 * transaction with the cursor's move. A crash loses nothing and sends nothing twice that was
 * not already sent (at least once, with the same delivery id), and no service has to know
 * about webhooks. Changes pulled from the chatbot service are not audited and so fire no
 * webhook: the service has its own; these are about what people do in this app.
 *
 * Sending never blocks the worker: fetch is async with a 10 s timeout, at most two at once;
 * the database work around it is a few statements.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ParsedInput, WebhookDelivery, WebhookEndpoint, WebhookEvent } from '../../preload/contract.js';
import { WEBHOOK_EVENTS } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

// ---------------------------------------------------------------- the rules

/** Audit actions and the webhook event each one fires. */
export const EVENT_BY_AUDIT_ACTION: Readonly<Record<string, WebhookEvent>> = {
  'contact.create': 'contact.created',
  'contact.update': 'contact.updated',
  'contact.delete': 'contact.deleted',
  'contact.merge': 'contact.merged',
  'contact.erased': 'contact.erased',
  'note.create': 'note.created',
  'contact.tag_add': 'contact.tag_added',
  'contact.tag_remove': 'contact.tag_removed',
  'consent.set': 'consent.changed',
};

export const REQUEST_TIMEOUT_MS = 10_000;
/** After attempt n fails (retryable), the next waits RETRY_DELAYS_MS[n-1] (±20 %); after the last, the delivery fails. About 21 h in all. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000, 12 * 3600_000] as const;
/** An endpoint is paused after this many failed attempts in a row, or after failing for a day. */
export const PAUSE_AFTER_FAILURES = 10;
export const PAUSE_AFTER_FAILING_MS = 24 * 3600_000;
export const RESPONSE_EXCERPT_BYTES = 1024;
const MAX_RETRY_AFTER_MS = 24 * 3600_000;
const CONCURRENCY = 2;
const ENQUEUE_BATCH = 500;
/** Finished deliveries are kept this long, and at most this many per endpoint. */
export const LOG_KEEP_MS = 30 * 24 * 3600_000;
export const LOG_KEEP_PER_ENDPOINT = 10_000;
const PRUNE_EVERY_MS = 3600_000;

// ---------------------------------------------------------------- signing

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

// ---------------------------------------------------------------- secrets

/**
 * Webhook secrets, by endpoint id, in a file of their own beside the database, readable by
 * its owner only (0600), like the browser host's service token: never in the database, so
 * never in its backups, exports, audit entries or logs. The worker needs them to sign, and
 * the worker cannot reach Electron's safeStorage (main process only).
 */
export class WebhookSecrets {
  constructor(readonly path: string) {}

  static beside(databasePath: string): WebhookSecrets {
    return new WebhookSecrets(`${databasePath}.webhook-secrets.json`);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private write(all: Record<string, string>): void {
    // Written aside and renamed: a crash leaves the old file or the new one, never half of one.
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(all), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }

  get(endpointId: string): string | null {
    return this.read()[endpointId] ?? null;
  }

  has(endpointId: string): boolean {
    return this.get(endpointId) !== null;
  }

  set(endpointId: string, secret: string): void {
    this.write({ ...this.read(), [endpointId]: secret });
  }

  delete(endpointId: string): void {
    const all = this.read();
    if (!(endpointId in all)) return;
    delete all[endpointId];
    this.write(all);
  }
}

// ---------------------------------------------------------------- rows

interface EndpointRow {
  id: string;
  url: string;
  events: string;
  description: string;
  enabled: number;
  paused_reason: string | null;
  paused_at: string | null;
  failure_streak: number;
  first_failure_at: string | null;
  created_seq: number;
  created_at: string;
  updated_at: string;
}

interface DeliveryRow {
  seq: number;
  id: string;
  endpoint_id: string;
  event: string;
  contact_id: string | null;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: string | null;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
  duration_ms: number | null;
  created_at: string;
}

function parseEvents(text: string): WebhookEvent[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(e as string)) : [];
  } catch {
    return [];
  }
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    seq: row.seq,
    endpointId: row.endpoint_id,
    event: row.event as WebhookDelivery['event'],
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' && row.next_attempt_at !== null ? new Date(row.next_attempt_at).toISOString() : null,
    lastAttemptAt: row.last_attempt_at,
    statusCode: row.status_code,
    error: row.error,
    responseExcerpt: row.response_excerpt,
    durationMs: row.duration_ms,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

function endpointRow(ws: Workspace, id: string): EndpointRow {
  const row = ws.stmt<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?').get(id);
  if (!row) throw notFound('Webhook endpoint', id);
  return row;
}

// ---------------------------------------------------------------- endpoints

export function listEndpoints(ws: Workspace, secrets: WebhookSecrets): WebhookEndpoint[] {
  const rows = ws.query<EndpointRow & { pending: number; last_delivery_at: string | null }>(
    `SELECT e.*,
       (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'pending') AS pending,
       (SELECT max(last_attempt_at) FROM webhook_deliveries d WHERE d.endpoint_id = e.id) AS last_delivery_at
     FROM webhook_endpoints e ORDER BY e.created_at, e.id`,
  );
  return rows.map((row) => toEndpoint(row, secrets, row.pending, row.last_delivery_at));
}

function toEndpoint(row: EndpointRow, secrets: WebhookSecrets, pending: number, lastDeliveryAt: string | null): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: parseEvents(row.events),
    state: row.enabled === 0 ? 'paused' : row.failure_streak > 0 ? 'failing' : 'active',
    pausedReason: row.enabled === 0 ? row.paused_reason : null,
    pausedAt: row.enabled === 0 ? row.paused_at : null,
    failureStreak: row.failure_streak,
    secretSet: secrets.has(row.id),
    pending,
    lastDeliveryAt,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function getEndpoint(ws: Workspace, secrets: WebhookSecrets, id: string): WebhookEndpoint {
  const found = listEndpoints(ws, secrets).find((e) => e.id === id);
  if (!found) throw notFound('Webhook endpoint', id);
  return found;
}

/** The contract's zod schema checks the URL first; this is the core's own check of the rule. */
export function assertWebhookUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CoreError('bad_request', 'Enter a full URL, like https://example.com/hooks/nexvio', ['url']);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CoreError('bad_request', 'Only http:// and https:// URLs can receive webhooks', ['url']);
  if (url.username || url.password) throw new CoreError('bad_request', 'Leave the user name and password out of the URL: the signature proves the sender', ['url']);
}

function assertEvents(events: readonly string[]): void {
  if (events.length === 0) throw new CoreError('bad_request', 'Choose at least one event', ['events']);
  for (const event of events) if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) throw new CoreError('bad_request', `Unknown event ${event}`, ['events']);
}

export function createEndpoint(ws: Workspace, secrets: WebhookSecrets, input: ParsedInput<'webhooks.create'>): { endpoint: WebhookEndpoint; secret: string } {
  assertWebhookUrl(input.url);
  assertEvents(input.events);
  const id = randomUUID();
  const secret = input.secret ?? generateSecret();
  const events = [...new Set(input.events)];
  // The secret first: an endpoint row without its secret would be paused at once.
  secrets.set(id, secret);
  try {
    ws.transaction(() => {
      const at = nowIso();
      ws.audit.append(ws.agent, { action: 'webhook.create', entity: 'webhook_endpoint', entityId: id, details: { events } });
      const createdSeq = ws.stmt<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log').get()?.seq ?? 0;
      ws.stmt('INSERT INTO webhook_endpoints (id, url, events, description, created_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        input.url,
        JSON.stringify(events),
        input.description,
        createdSeq,
        at,
        at,
      );
    });
  } catch (error) {
    secrets.delete(id);
    throw error;
  }
  ws.events.emit({ type: 'webhooks.changed' });
  return { endpoint: getEndpoint(ws, secrets, id), secret };
}

export function updateEndpoint(ws: Workspace, secrets: WebhookSecrets, input: ParsedInput<'webhooks.update'>): { endpoint: WebhookEndpoint; secret: string | null } {
  const row = endpointRow(ws, input.id);
  if (input.url !== undefined) assertWebhookUrl(input.url);
  if (input.events !== undefined) assertEvents(input.events);
  if (input.secret !== undefined && !input.rotateSecret) throw new CoreError('bad_request', 'A new secret is set by rotating the secret', ['secret']);
  const newSecret = input.rotateSecret ? (input.secret ?? generateSecret()) : null;
  const fields: string[] = [];
  ws.transaction(() => {
    const set = (column: string, value: unknown, name: string) => {
      ws.db.prepare(`UPDATE webhook_endpoints SET ${column} = ? WHERE id = ?`).run(value, row.id);
      fields.push(name);
    };
    if (input.url !== undefined && input.url !== row.url) set('url', input.url, 'url');
    if (input.events !== undefined) set('events', JSON.stringify([...new Set(input.events)]), 'events');
    if (input.description !== undefined && input.description !== row.description) set('description', input.description, 'description');
    if (newSecret !== null) fields.push('secret');
    if (input.enabled === true && row.enabled === 0) {
      // Resumed: the waiting deliveries go now, and the streak starts again.
      ws.stmt('UPDATE webhook_endpoints SET enabled = 1, paused_reason = NULL, paused_at = NULL, failure_streak = 0, first_failure_at = NULL WHERE id = ?').run(row.id);
      ws.stmt("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND state = 'pending'").run(Date.now(), row.id);
      fields.push('resumed');
    } else if (input.enabled === false && row.enabled === 1) {
      ws.stmt('UPDATE webhook_endpoints SET enabled = 0, paused_reason = ?, paused_at = ? WHERE id = ?').run('Paused by you', nowIso(), row.id);
      fields.push('paused');
    }
    if (fields.length > 0) {
      ws.stmt('UPDATE webhook_endpoints SET updated_at = ? WHERE id = ?').run(nowIso(), row.id);
      // Names of what changed only: never the URL's query or the secret.
      ws.audit.append(ws.agent, { action: 'webhook.update', entity: 'webhook_endpoint', entityId: row.id, details: { fields } });
    }
  });
  if (newSecret !== null) secrets.set(row.id, newSecret);
  ws.events.emit({ type: 'webhooks.changed' });
  return { endpoint: getEndpoint(ws, secrets, row.id), secret: newSecret };
}

export function deleteEndpoint(ws: Workspace, secrets: WebhookSecrets, id: string): { id: string } {
  endpointRow(ws, id);
  ws.transaction(() => {
    const deliveries = ws.stmt('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(id).changes;
    ws.stmt('DELETE FROM webhook_endpoints WHERE id = ?').run(id);
    ws.audit.append(ws.agent, { action: 'webhook.delete', entity: 'webhook_endpoint', entityId: id, details: { deliveries } });
  });
  secrets.delete(id);
  ws.events.emit({ type: 'webhooks.changed' });
  return { id };
}

export function listDeliveries(ws: Workspace, endpointId: string, before: number | undefined, limit: number): { deliveries: WebhookDelivery[]; nextBefore: number | null } {
  endpointRow(ws, endpointId);
  const rows = ws.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE endpoint_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?', [
    endpointId,
    before ?? Number.MAX_SAFE_INTEGER,
    limit + 1,
  ]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { deliveries: page.map(toDelivery), nextBefore: more ? (page[page.length - 1]?.seq ?? null) : null };
}

// ---------------------------------------------------------------- payloads

type Json = Record<string, unknown>;

function contactData(ws: Workspace, id: string): Json {
  const row = ws
    .stmt<[string], Json & { pk: number; custom_fields: string }>(
      `SELECT pk, id, first_name, last_name, full_name, email, phone, city, country, locale, timezone, source, custom_fields, created_at, updated_at
       FROM contacts WHERE id = ?`,
    )
    .get(id);
  if (!row) return { id };
  const { pk, custom_fields: customFields, ...fields } = row;
  const tags = ws.stmt<[number], { name: string }>('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name').all(pk);
  return { ...fields, tags: tags.map((t) => t.name), custom_fields: details(customFields) };
}

function details(text: string): Json {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

/**
 * The `data` of an event, from the rows as they are now. Deleted and erased people are sent
 * by id only: an erased person's data never leaves in a webhook (docs/privacy.md).
 */
function eventData(ws: Workspace, event: WebhookEvent, entityId: string, auditDetails: Json): { data: Json; contactId: string | null } {
  switch (event) {
    case 'contact.created':
      return { data: { contact: contactData(ws, entityId) }, contactId: entityId };
    case 'contact.updated':
      return { data: { contact: contactData(ws, entityId), changed_fields: Array.isArray(auditDetails['fields']) ? auditDetails['fields'] : [] }, contactId: entityId };
    case 'contact.deleted':
    case 'contact.erased':
      return { data: { contact: { id: entityId } }, contactId: null };
    case 'contact.merged':
      return { data: { contact: contactData(ws, entityId), merged_ids: Array.isArray(auditDetails['mergedFrom']) ? auditDetails['mergedFrom'] : [] }, contactId: entityId };
    case 'contact.tag_added':
    case 'contact.tag_removed':
      return { data: { contact: contactData(ws, entityId), tag: typeof auditDetails['tag'] === 'string' ? auditDetails['tag'] : null }, contactId: entityId };
    case 'consent.changed':
      return {
        data: { contact: { id: entityId }, consent: { purpose: auditDetails['purpose'] ?? null, status: auditDetails['status'] ?? null } },
        contactId: entityId,
      };
    case 'note.created': {
      const note = ws
        .stmt<[string], Json & { contact_id: string; pinned: number }>('SELECT id, contact_id, author_name, body, pinned, created_at, updated_at FROM notes WHERE id = ?')
        .get(entityId);
      if (!note) {
        const contactId = typeof auditDetails['contactId'] === 'string' ? auditDetails['contactId'] : null;
        return { data: { note: { id: entityId, contact_id: contactId } }, contactId };
      }
      return { data: { note: { ...note, pinned: note.pinned === 1 } }, contactId: note.contact_id };
    }
  }
}

function payloadText(deliveryId: string, event: WebhookEvent | 'ping', occurredAt: string, workspaceName: string, data: Json): string {
  return JSON.stringify({ id: deliveryId, event, occurred_at: occurredAt, workspace: { name: workspaceName }, data });
}

// ---------------------------------------------------------------- the dispatcher

export interface DispatcherOptions {
  secrets?: WebhookSecrets;
  /** Whether the device is online (the sync scheduler knows; the renderer reports it). */
  isOnline?: () => boolean;
  fetchImpl?: typeof fetch;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  pauseAfterFailures?: number;
  /** How often to look for new audit entries while endpoints exist. */
  pollMs?: number;
}

type Outcome = { kind: 'delivered' } | { kind: 'retry'; retryAfterMs: number | null } | { kind: 'failed'; gone: boolean };

export class WebhookDispatcher {
  readonly secrets: WebhookSecrets;
  private readonly isOnline: () => boolean;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly pauseAfterFailures: number;
  private readonly pollMs: number;
  private readonly inflight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private started = false;
  private lastPruneAt = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ws: Workspace,
    options: DispatcherOptions = {},
  ) {
    this.secrets = options.secrets ?? WebhookSecrets.beside(ws.options.databasePath);
    this.isOnline = options.isOnline ?? (() => true);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.pauseAfterFailures = options.pauseAfterFailures ?? PAUSE_AFTER_FAILURES;
    this.pollMs = options.pollMs ?? 2000;
  }

  /** Runs in the background from now on (the worker); tests call `pump` and `idle` instead. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.ws.events.on((event) => {
      if (event.type === 'contacts.changed' || event.type === 'notes.changed' || event.type === 'webhooks.changed') this.wakeIn(200);
    });
    this.wakeIn(0);
  }

  stop(): void {
    this.started = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  /** Look again soon (the network came back, an endpoint was resumed). */
  kick(): void {
    if (this.started) this.wakeIn(0);
  }

  private wakeIn(ms: number): void {
    if (!this.started) return;
    const at = this.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      try {
        this.pump();
      } catch (error) {
        console.error('[webhooks] dispatcher failed:', error instanceof Error ? error.message : error);
        this.wakeIn(this.pollMs * 5);
      }
    }, ms);
    this.timer.unref();
  }

  /** One round: queue what happened, prune, start the sends that are due. */
  pump(): void {
    const hasEndpoints = this.enqueueNew();
    if (this.now() - this.lastPruneAt > PRUNE_EVERY_MS) this.prune();
    if (this.isOnline()) this.startDueSends();
    if (!this.started) return;
    // The next due delivery, or a look at the audit log now and then while endpoints exist.
    const next = this.ws.stmt<[], { at: number | null }>(
      "SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.state = 'pending' AND e.enabled = 1",
    ).get()?.at;
    const untilDue = next === null || next === undefined ? Infinity : Math.max(0, next - this.now());
    const wait = Math.min(untilDue, hasEndpoints ? this.pollMs : Infinity);
    if (Number.isFinite(wait) && this.inflight.size < CONCURRENCY) this.wakeIn(Math.max(wait, 50));
  }

  /** Waits until no send is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  /** Pumps and waits, until nothing due is left to send now (tests). */
  async drain(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      this.pump();
      if (this.inflight.size === 0) return;
      await this.idle();
    }
  }

  /**
   * Turns new audit entries into deliveries, with the cursor's move in the same transaction.
   * Returns whether any endpoint exists.
   */
  enqueueNew(): boolean {
    // Most rounds find nothing new (pulled changes are not audited): a read, no write transaction.
    const head = this.ws.stmt<[], { cursor: number | null; head: number | null }>(
      'SELECT (SELECT audit_seq FROM webhook_cursor WHERE id = 1) AS cursor, (SELECT max(seq) FROM audit_log) AS head',
    ).get();
    if (head && head.cursor !== null && head.cursor >= (head.head ?? 0)) {
      return (this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM webhook_endpoints').get()?.n ?? 0) > 0;
    }
    for (let batch = 0; batch < 4; batch++) {
      const { more, endpoints } = this.ws.transaction(() => this.enqueueBatch());
      if (!more) return endpoints > 0;
    }
    this.wakeIn(0); // a long backlog goes on in the next round, so calls are answered between
    return true;
  }

  private enqueueBatch(): { more: boolean; endpoints: number } {
    const ws = this.ws;
    const cursor = ws.stmt<[], { audit_seq: number }>('SELECT audit_seq FROM webhook_cursor WHERE id = 1').get()?.audit_seq ?? 0;
    const endpoints = ws.stmt<[], EndpointRow>('SELECT * FROM webhook_endpoints').all();
    if (endpoints.length === 0) {
      ws.stmt('INSERT INTO webhook_cursor (id, audit_seq) VALUES (1, (SELECT coalesce(max(seq), 0) FROM audit_log)) ON CONFLICT(id) DO UPDATE SET audit_seq = excluded.audit_seq').run();
      return { more: false, endpoints: 0 };
    }
    const entries = ws
      .stmt<[number, number], { seq: number; at: string; action: string; entity_id: string | null; details: string }>(
        'SELECT seq, at, action, entity_id, details FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .all(cursor, ENQUEUE_BATCH);
    if (entries.length === 0) return { more: false, endpoints: endpoints.length };
    const subscribed = endpoints.map((e) => ({ row: e, events: new Set(parseEvents(e.events)) }));
    const workspaceName = ws.getSetting<string>('workspace_name') ?? 'Local workspace';
    const insert = ws.stmt(
      "INSERT INTO webhook_deliveries (id, endpoint_id, event, contact_id, payload, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
    );
    const created = nowIso();
    for (const entry of entries) {
      const event = EVENT_BY_AUDIT_ACTION[entry.action];
      if (!event || !entry.entity_id) continue;
      const targets = subscribed.filter((s) => s.events.has(event) && s.row.created_seq < entry.seq);
      if (targets.length === 0) continue;
      const { data, contactId } = eventData(ws, event, entry.entity_id, details(entry.details));
      for (const target of targets) {
        const id = randomUUID();
        insert.run(id, target.row.id, event, contactId, payloadText(id, event, entry.at, workspaceName, data), this.now(), created);
      }
    }
    const last = entries[entries.length - 1] as { seq: number };
    ws.stmt('UPDATE webhook_cursor SET audit_seq = ? WHERE id = 1').run(last.seq);
    return { more: entries.length === ENQUEUE_BATCH, endpoints: endpoints.length };
  }

  private startDueSends(): void {
    const free = CONCURRENCY - this.inflight.size;
    if (free <= 0) return;
    const due = this.ws
      .stmt<[number, number], DeliveryRow>(
        `SELECT d.* FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.state = 'pending' AND e.enabled = 1 AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
      )
      .all(this.now(), free + this.inflight.size);
    for (const row of due) {
      if (this.inflight.size >= CONCURRENCY) break;
      if (this.inflight.has(row.id)) continue;
      this.track(row.id, this.attempt(row, false).then(() => undefined));
    }
  }

  private track(id: string, promise: Promise<void>): void {
    const tracked = promise
      .catch((error: unknown) => console.error('[webhooks] a delivery attempt failed to record:', error instanceof Error ? error.message : error))
      .finally(() => {
        this.inflight.delete(id);
        if (this.started) this.wakeIn(0);
      });
    this.inflight.set(id, tracked);
  }

  /** Sends one attempt and records it. A manual attempt (Test, Redeliver) is never retried by itself. */
  private async attempt(row: DeliveryRow, manual: boolean): Promise<WebhookDelivery> {
    const endpoint = this.ws.stmt<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?').get(row.endpoint_id);
    if (!endpoint) throw notFound('Webhook endpoint', row.endpoint_id);
    const secret = this.secrets.get(endpoint.id);
    if (secret === null) {
      this.pause(endpoint, 'No secret for this endpoint is stored on this device: rotate the secret, then resume');
      throw new CoreError('conflict', 'No secret for this endpoint is stored on this device: rotate the secret first.', ['id']);
    }
    const startedAt = performance.now();
    const unixSeconds = Math.floor(this.now() / 1000);
    let statusCode: number | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    let outcome: Outcome;
    try {
      const response = await this.fetchImpl(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Nexvio-Contacts-Webhooks/1',
          'x-nexvio-delivery': row.id,
          'x-nexvio-event': row.event,
          'x-nexvio-signature': signatureHeader(secret, row.payload, unixSeconds),
        },
        body: row.payload,
        // A redirect would send the signed body somewhere the person did not choose.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      statusCode = response.status;
      excerpt = await readExcerpt(response);
      outcome = classify(response.status, response.headers.get('retry-after'), this.now());
      if (outcome.kind === 'failed' && response.status >= 300 && response.status < 400) error = 'Redirects are not followed: enter the final URL';
      else if (outcome.kind === 'failed' && !outcome.gone) error = `Answered ${response.status}: not retried (fix the receiver, then Redeliver)`;
      else if (outcome.kind === 'failed') error = 'Answered 410 Gone: the endpoint was paused';
    } catch (caught) {
      error = networkError(caught, this.timeoutMs);
      outcome = { kind: 'retry', retryAfterMs: null };
    }
    const durationMs = Math.round(performance.now() - startedAt);
    const attempts = row.attempts + 1;
    let state: DeliveryRow['state'] = 'delivered';
    let nextAttemptAt: number | null = null;
    if (outcome.kind === 'retry') {
      const delay = this.retryDelaysMs[attempts - 1];
      if (manual || delay === undefined) {
        state = 'failed';
        if (!manual) error = `${error ?? `Answered ${statusCode}`}; gave up after ${attempts} attempts`;
      } else {
        state = 'pending';
        const jittered = Math.round(delay * (0.8 + this.random() * 0.4));
        nextAttemptAt = this.now() + Math.max(jittered, outcome.retryAfterMs ?? 0);
      }
    } else if (outcome.kind === 'failed') state = 'failed';

    const pausedNow = this.ws.transaction(() => {
      this.ws
        .stmt(
          `UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, status_code = ?, error = ?, response_excerpt = ?, duration_ms = ?
           WHERE id = ?`,
        )
        .run(state, attempts, nextAttemptAt, new Date(this.now()).toISOString(), statusCode, error, excerpt, durationMs, row.id);
      return this.recordStreak(endpoint.id, outcome, manual);
    });
    if (pausedNow) this.ws.events.emit({ type: 'webhooks.changed', paused: { endpointId: endpoint.id, url: endpoint.url, reason: pausedNow } });
    else this.ws.events.emit({ type: 'webhooks.changed' });
    const saved = this.ws.stmt<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?').get(row.id);
    return toDelivery(saved ?? { ...row, state, attempts });
  }

  /** Success resets the streak; automatic failures lengthen it and pause the endpoint at the limit. Returns the pause reason when it paused. */
  private recordStreak(endpointId: string, outcome: Outcome, manual: boolean): string | null {
    const current = this.ws.stmt<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?').get(endpointId);
    if (!current) return null;
    if (outcome.kind === 'delivered') {
      this.ws.stmt('UPDATE webhook_endpoints SET failure_streak = 0, first_failure_at = NULL WHERE id = ?').run(endpointId);
      return null;
    }
    if (outcome.kind === 'failed' && outcome.gone) return this.pauseRow(current, 'The receiver answered 410 Gone');
    if (manual) return null;
    const streak = current.failure_streak + 1;
    const firstFailureAt = current.first_failure_at ?? new Date(this.now()).toISOString();
    this.ws.stmt('UPDATE webhook_endpoints SET failure_streak = ?, first_failure_at = ? WHERE id = ?').run(streak, firstFailureAt, endpointId);
    if (current.enabled === 0) return null;
    if (streak >= this.pauseAfterFailures) return this.pauseRow(current, `${streak} attempts in a row failed`);
    if (this.now() - Date.parse(firstFailureAt) >= PAUSE_AFTER_FAILING_MS) return this.pauseRow(current, 'Every attempt failed for a day');
    return null;
  }

  private pauseRow(endpoint: EndpointRow, reason: string): string | null {
    if (endpoint.enabled === 0) return null;
    this.ws.stmt('UPDATE webhook_endpoints SET enabled = 0, paused_reason = ?, paused_at = ?, updated_at = ? WHERE id = ?').run(reason, nowIso(), nowIso(), endpoint.id);
    this.ws.audit.append(this.ws.agent, { action: 'webhook.pause', entity: 'webhook_endpoint', entityId: endpoint.id, details: { reason } });
    return reason;
  }

  private pause(endpoint: EndpointRow, reason: string): void {
    const paused = this.ws.transaction(() => this.pauseRow(endpoint, reason));
    if (paused) this.ws.events.emit({ type: 'webhooks.changed', paused: { endpointId: endpoint.id, url: endpoint.url, reason } });
  }

  /** Sends a signed `ping` now (also while paused: to check a fix before resuming). */
  async test(endpointId: string): Promise<WebhookDelivery> {
    const endpoint = endpointRow(this.ws, endpointId);
    if (!this.isOnline()) throw new CoreError('unavailable', 'This device is offline: try again when it is back online.', ['id']);
    const id = randomUUID();
    const payload = payloadText(id, 'ping', nowIso(), this.ws.getSetting<string>('workspace_name') ?? 'Local workspace', {
      endpoint: { id: endpoint.id },
      message: 'A test from Nexvio Contacts',
    });
    this.ws
      .stmt("INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, state, next_attempt_at, created_at) VALUES (?, ?, 'ping', ?, 'pending', NULL, ?)")
      .run(id, endpoint.id, payload, nowIso());
    const row = this.ws.stmt<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow;
    return this.manualAttempt(row);
  }

  /** Sends a delivery again now with the same delivery id; a pending one is taken out of its schedule for this attempt. */
  async redeliver(deliveryId: string): Promise<WebhookDelivery> {
    const row = this.ws.stmt<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?').get(deliveryId);
    if (!row) throw new CoreError('not_found', 'This delivery is no longer in the log.', ['deliveryId']);
    if (!this.isOnline()) throw new CoreError('unavailable', 'This device is offline: try again when it is back online.', ['deliveryId']);
    if (this.inflight.has(row.id)) throw new CoreError('conflict', 'This delivery is being sent right now.', ['deliveryId']);
    return this.manualAttempt(row);
  }

  private async manualAttempt(row: DeliveryRow): Promise<WebhookDelivery> {
    const result = this.attempt(row, true);
    this.track(
      row.id,
      result.then(() => undefined),
    );
    // Answer once it is out of the in-flight set, so a Redeliver right after is accepted.
    await this.inflight.get(row.id);
    return result;
  }

  /** Finished deliveries older than 30 days, and beyond 10,000 per endpoint, go. */
  prune(): void {
    this.lastPruneAt = this.now();
    const cutoff = new Date(this.now() - LOG_KEEP_MS).toISOString();
    this.ws.transaction(() => {
      this.ws.stmt("DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?").run(cutoff);
      for (const { id } of this.ws.stmt<[], { id: string }>('SELECT id FROM webhook_endpoints').all()) {
        this.ws
          .stmt(
            `DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND state <> 'pending' AND seq <= (
               SELECT seq FROM webhook_deliveries WHERE endpoint_id = ? AND state <> 'pending' ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
          )
          .run(id, id, LOG_KEEP_PER_ENDPOINT);
      }
    });
  }
}

/** 2xx delivered; 408, 429 and 5xx retried (Retry-After honoured); 410 fails and pauses; any other status fails without retry. */
function classify(status: number, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', retryAfterMs: parseRetryAfter(retryAfter, now) };
  return { kind: 'failed', gone: status === 410 };
}

export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still leaves its start to show.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (size === 0) return null;
  // Cut at 1 KB; a character split there becomes U+FFFD.
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
}

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `No answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ENOTFOUND') return 'Host not found';
  if (code === 'ECONNRESET') return 'Connection reset';
  if (code && (code.startsWith('ERR_TLS') || code.includes('CERT'))) return `TLS error (${code})`;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
