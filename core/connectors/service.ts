/**
 * The connectors' runner: settings (no secrets) in the database, secrets in memory (the host
 * keeps them in its vault and hands them over at start), and runs in the background that push
 * only the contacts whose mapped values changed since they were last pushed.
 *
 * Change detection: `connector_contacts` keeps, per contact, the version and updated_at it had
 * when pushed (a contact whose pair is unchanged is not read) and a digest of what was sent (a
 * change that touches no mapped value is not sent). A contact deleted or erased here has no row
 * in `contacts`, so it is never sent again; an erased person's rows here go with the erasure.
 */
import { createHash } from 'node:crypto';
import type { ConnectorInfo, ConnectorRun, ConnectorSettings, ConnectorVendor, IntegrationLogEntry, SyncStatus } from '../../preload/contract.js';
import { CONNECTOR_VENDORS, marketingBlocked } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { nowIso } from '../services/clock.js';
import { consentPurposes } from '../services/consent.js';
import { consentStatusByContact, tagsByContact } from '../services/contacts.js';
import { isSuppressed } from '../services/suppression.js';
import type { Workspace } from '../services/workspace.js';
import { RATE_LIMITS, type Adapter, type AdapterContext, type PushItem } from './adapter.js';
import { ConnectorRequestError, DEFAULT_RETRY, TokenBucket, excerpt, type RateLimit, type RetryPolicy } from './http.js';
import { hubspotAdapter } from './hubspot.js';
import { mailchimpAdapter, mailchimpDataCenter } from './mailchimp.js';
import { DEFAULT_MAPPINGS, defaultSettings, validateSettings, type ConnectorContact } from './mapping.js';
import { salesforceAdapter } from './salesforce.js';
import { shownNameSql } from '../services/contact-name.js';

export interface ConnectorServiceOptions {
  /** Tests: a local server instead of the vendor. */
  baseUrls?: Partial<Record<ConnectorVendor, string>>;
  rateLimits?: Partial<Record<ConnectorVendor, RateLimit>>;
  retry?: Partial<RetryPolicy>;
  /** Contacts (by pk) checked for changes in one read (default 5,000). */
  scanWindow?: number;
}

interface ConnectorRow {
  id: ConnectorVendor;
  enabled: number;
  settings: string;
}

interface RunRow {
  id: number;
  trigger: ConnectorRun['trigger'];
  state: ConnectorRun['state'];
  started_at: string;
  finished_at: string | null;
  considered: number;
  pushed: number;
  skipped: number;
  failed: number;
  message: string | null;
}

interface CandidateRow {
  pk: number;
  id: string;
  version: number;
  updated_at: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  city: string | null;
  country: string | null;
  locale: string | null;
  source: string | null;
  custom_fields: string;
  digest: string | null;
  sent_tags: string | null;
}

const PAGE = 200;
const SCAN_WINDOW = 5000;
const services = new WeakMap<Workspace, ConnectorService>();

/** The workspace's connector service (one per workspace, made on first use). */
export function connectorsFor(ws: Workspace): ConnectorService {
  let service = services.get(ws);
  if (!service) {
    service = new ConnectorService(ws);
    services.set(ws, service);
  }
  return service;
}

export class ConnectorService {
  private readonly secrets = new Map<ConnectorVendor, string>();
  private readonly running = new Map<ConnectorVendor, Promise<void>>();
  private readonly policy: RetryPolicy;
  private lastSyncAt: string | null = null;
  private readonly buckets = new Map<ConnectorVendor, TokenBucket>();

  constructor(
    private readonly ws: Workspace,
    private readonly options: ConnectorServiceOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    // A run the app was closed during never finished: say so instead of "running" forever.
    ws.stmt("UPDATE connector_runs SET state = 'failed', finished_at = ?, message = 'The app was closed during this push' WHERE state = 'running'").run(nowIso());
  }

  /** From the host at start: the secrets its vault keeps. */
  setSecrets(secrets: Partial<Record<ConnectorVendor, string>>): void {
    for (const vendor of CONNECTOR_VENDORS) {
      const secret = secrets[vendor];
      if (secret) this.secrets.set(vendor, secret);
    }
  }

  list(): ConnectorInfo[] {
    return CONNECTOR_VENDORS.map((vendor) => this.info(vendor));
  }

  info(vendor: ConnectorVendor): ConnectorInfo {
    const row = this.row(vendor);
    const lastRun = this.ws.stmt<[string], RunRow>('SELECT * FROM connector_runs WHERE connector_id = ? ORDER BY id DESC LIMIT 1').get(vendor);
    const errors = this.ws.stmt<[string], { n: number }>('SELECT count(*) AS n FROM integration_logs WHERE connector_id = ?').get(vendor)?.n ?? 0;
    return {
      vendor,
      configured: row !== undefined,
      enabled: row?.enabled === 1,
      secretSet: this.secrets.has(vendor),
      settings: row ? this.settingsOf(row) : defaultSettings(vendor),
      defaultMapping: DEFAULT_MAPPINGS[vendor],
      lastRun: lastRun ? toRun(lastRun) : null,
      running: this.running.has(vendor),
      errorCount: errors,
    };
  }

  save(input: { vendor: ConnectorVendor; settings: ConnectorSettings; secret?: string | undefined; enabled?: boolean | undefined }): ConnectorInfo {
    const { vendor } = input;
    const settings: ConnectorSettings = { ...input.settings };
    const customKeys = new Set(this.ws.fieldDefinitions().map((field) => field.key));
    const consentKeys = new Set(consentPurposes(this.ws).map((purpose) => purpose.key));
    validateSettings(vendor, settings, customKeys, consentKeys);
    const secret = input.secret ?? this.secrets.get(vendor);
    // The data centre is the key's, never the caller's word.
    delete settings.dataCenter;
    if (vendor === 'mailchimp' && secret !== undefined) {
      const dc = mailchimpDataCenter(secret);
      if (!dc) throw new CoreError('bad_request', 'A Mailchimp API key looks like 0123…cdef-us6 (32 letters and digits, a dash, the data centre)', ['secret']);
      settings.dataCenter = dc;
    }
    if (input.enabled && !secret) throw new CoreError('bad_request', 'Connect first: give the token or API key', ['secret']);
    const before = this.row(vendor);
    const at = nowIso();
    const actor = this.ws.agent;
    this.ws.transaction(() => {
      if (before && targetKey(vendor, this.settingsOf(before)) !== targetKey(vendor, settings)) {
        // Another mapping, audience or object: what was pushed before says nothing about it.
        this.ws.stmt('DELETE FROM connector_contacts WHERE connector_id = ?').run(vendor);
      }
      this.ws
        .stmt(
          `INSERT INTO connectors (id, enabled, settings, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(vendor, (input.enabled ?? before?.enabled === 1) ? 1 : 0, JSON.stringify(settings), at, at, actor.id);
      this.ws.audit.append(actor, {
        action: 'connector.settings_changed',
        entity: 'connector',
        entityId: vendor,
        details: { mappedFields: settings.mapping.length, enabled: input.enabled ?? before?.enabled === 1, secretChanged: input.secret !== undefined },
      });
    });
    if (input.secret !== undefined) this.secrets.set(vendor, input.secret);
    this.changed(vendor);
    return this.info(vendor);
  }

  disconnect(vendor: ConnectorVendor): ConnectorInfo {
    this.ws.transaction(() => {
      this.ws.stmt('UPDATE connectors SET enabled = 0, updated_at = ?, updated_by = ? WHERE id = ?').run(nowIso(), this.ws.agent.id, vendor);
      const forgotten = this.ws.stmt('DELETE FROM connector_contacts WHERE connector_id = ?').run(vendor).changes;
      this.ws.audit.append(this.ws.agent, { action: 'connector.disconnected', entity: 'connector', entityId: vendor, details: { forgottenContacts: forgotten } });
    });
    this.secrets.delete(vendor);
    this.changed(vendor);
    return this.info(vendor);
  }

  errors(vendor: ConnectorVendor, limit: number): IntegrationLogEntry[] {
    return this.ws
      .stmt<[string, number], { id: number; run_id: number | null; at: string; contact_id: string | null; contact_name: string | null; status: number | null; code: string | null; message: string }>(
        `SELECT l.id, l.run_id, l.at, l.contact_id, ${shownNameSql('c')} AS contact_name, l.status, l.code, l.message
         FROM integration_logs l LEFT JOIN contacts c ON c.id = l.contact_id
         WHERE l.connector_id = ? ORDER BY l.id DESC LIMIT ?`,
      )
      .all(vendor, limit)
      .map((row) => ({ id: row.id, runId: row.run_id, at: row.at, contactId: row.contact_id, contactName: row.contact_name, status: row.status, code: row.code, message: row.message }));
  }

  clearErrors(vendor: ConnectorVendor): { removed: number } {
    const removed = this.ws.stmt('DELETE FROM integration_logs WHERE connector_id = ?').run(vendor).changes;
    this.changed(vendor);
    return { removed };
  }

  /** Starts a run in the background; the promise of `whenDone` settles when it ends. */
  start(vendor: ConnectorVendor, trigger: ConnectorRun['trigger']): { runId: number } {
    if (this.running.has(vendor)) throw new CoreError('conflict', 'A push is already running for this connector');
    const row = this.row(vendor);
    if (!row) throw new CoreError('bad_request', 'Set the connector up first', ['vendor']);
    const secret = this.secrets.get(vendor);
    if (!secret) throw new CoreError('bad_request', 'Connect first: give the token or API key', ['secret']);
    const settings = this.settingsOf(row);
    const runId = Number(
      this.ws.stmt("INSERT INTO connector_runs (connector_id, trigger, state, started_at) VALUES (?, ?, 'running', ?)").run(vendor, trigger, nowIso()).lastInsertRowid,
    );
    const run = this.run(vendor, runId, secret, settings).finally(() => {
      this.running.delete(vendor);
      this.changed(vendor);
    });
    this.running.set(vendor, run);
    this.changed(vendor);
    return { runId };
  }

  /** Resolves when the connector's current run (if any) has ended. */
  async whenDone(vendor: ConnectorVendor): Promise<void> {
    await this.running.get(vendor);
  }

  /** From the sync engine's status: after each sync that ended well, every enabled connector pushes what changed. */
  noteSyncStatus(status: SyncStatus): void {
    if (status.phase !== 'idle' || !status.lastSyncAt || status.lastSyncAt === this.lastSyncAt) return;
    const first = this.lastSyncAt === null;
    this.lastSyncAt = status.lastSyncAt;
    if (first) return; // the status at start repeats the last sync before this session
    for (const vendor of CONNECTOR_VENDORS) {
      const row = this.row(vendor);
      if (row?.enabled !== 1 || !this.secrets.has(vendor) || this.running.has(vendor)) continue;
      try {
        this.start(vendor, 'after_sync');
      } catch (error) {
        // The sync's own status must never fail for a connector's sake.
        console.warn(`[connectors] ${vendor} could not start after the sync:`, error instanceof Error ? error.message : error);
      }
    }
  }

  private async run(vendor: ConnectorVendor, runId: number, secret: string, settings: ConnectorSettings): Promise<void> {
    const counts = { considered: 0, pushed: 0, skipped: 0, failed: 0 };
    let message: string | null = null;
    let state: ConnectorRun['state'] = 'succeeded';
    try {
      const context: AdapterContext = {
        secret,
        settings,
        bucket: this.bucket(vendor),
        policy: this.policy,
        ...(this.options.baseUrls?.[vendor] ? { baseUrl: this.options.baseUrls[vendor] } : {}),
      };
      const adapter = vendor === 'hubspot' ? hubspotAdapter(context) : vendor === 'mailchimp' ? mailchimpAdapter(context) : salesforceAdapter(context);
      // Walks the contacts in windows of their pk, so no single read scans the whole table
      // and other calls get their turn between windows; progress is the share walked.
      const lastPk = this.ws.stmt<[], { pk: number | null }>('SELECT max(pk) AS pk FROM contacts').get()?.pk ?? 0;
      const window = this.options.scanWindow ?? SCAN_WINDOW;
      for (let fromPk = 0; fromPk < lastPk; fromPk += window) {
        const changed = this.candidates(vendor, fromPk, fromPk + window);
        for (let start = 0; start < changed.length; start += PAGE) {
          const page = changed.slice(start, start + PAGE);
          counts.considered += page.length;
          await this.pushPage(vendor, runId, adapter, page, counts);
          this.ws.stmt('UPDATE connector_runs SET considered = ?, pushed = ?, skipped = ?, failed = ? WHERE id = ?').run(counts.considered, counts.pushed, counts.skipped, counts.failed, runId);
        }
        this.ws.events.emit({ type: 'progress', job: `connector:${vendor}`, done: Math.min(fromPk + window, lastPk), total: lastPk });
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (counts.failed > 0) state = 'partial';
    } catch (error) {
      state = 'failed';
      message = error instanceof Error ? error.message : String(error);
      const status = error instanceof ConnectorRequestError ? error.status : null;
      const code = error instanceof ConnectorRequestError ? error.code : null;
      this.log(vendor, runId, null, status, code, message);
      if (!(error instanceof ConnectorRequestError)) console.error(`[connectors] ${vendor} run failed`, error);
    }
    this.ws.transaction(() => {
      this.ws
        .stmt('UPDATE connector_runs SET state = ?, finished_at = ?, considered = ?, pushed = ?, skipped = ?, failed = ?, message = ? WHERE id = ?')
        .run(state, nowIso(), counts.considered, counts.pushed, counts.skipped, counts.failed, message, runId);
      this.ws.audit.append(this.ws.agent, { action: 'connector.run', entity: 'connector', entityId: vendor, details: { runId, state, ...counts } });
    });
  }

  private async pushPage(vendor: ConnectorVendor, runId: number, adapter: Adapter, page: CandidateRow[], counts: { pushed: number; skipped: number; failed: number }): Promise<void> {
    const contacts = this.toContacts(page);
    const queued: { item: PushItem; contact: ConnectorContact; digest: string }[] = [];
    for (const [index, contact] of contacts.entries()) {
      const previous = page[index]?.digest ?? null;
      const sentTags = parseTags(page[index]?.sent_tags ?? null);
      if (isSuppressed(this.ws, { email: contact.email, phone: contact.phone }).suppressed) {
        counts.skipped += 1;
        continue;
      }
      const built = adapter.build(contact, sentTags);
      const digest = createHash('sha256').update(JSON.stringify('skip' in built ? { skip: built.skip } : built.payload)).digest('hex');
      if ('skip' in built || digest === previous) {
        // Remembered so the contact is not looked at again until it changes.
        this.remember(vendor, contact, digest, false);
        counts.skipped += 1;
        continue;
      }
      queued.push({ item: { contactId: contact.id, payload: built.payload }, contact, digest });
    }
    for (let start = 0; start < queued.length; start += adapter.batchSize) {
      const batch = queued.slice(start, start + adapter.batchSize);
      const outcomes = await adapter.push(batch.map((entry) => entry.item));
      const byContact = new Map(batch.map((entry) => [entry.contact.id, entry]));
      this.ws.transaction(() => {
        for (const outcome of outcomes) {
          const entry = byContact.get(outcome.contactId);
          if (!entry) continue;
          if (outcome.ok) {
            this.remember(vendor, entry.contact, entry.digest, true);
            counts.pushed += 1;
          } else {
            // Not remembered: the next run tries it again.
            this.log(vendor, runId, outcome.contactId, outcome.status ?? null, outcome.code ?? null, outcome.message ?? 'refused');
            counts.failed += 1;
          }
        }
      });
    }
  }

  private remember(vendor: ConnectorVendor, contact: ConnectorContact, digest: string, pushed: boolean): void {
    // Only while the contact still exists (it may have been deleted or erased while the request was out).
    this.ws
      .stmt(
        `INSERT INTO connector_contacts (connector_id, contact_id, contact_version, contact_updated_at, digest, pushed_at, sent_tags)
         SELECT ?, id, ?, ?, ?, ?, ? FROM contacts WHERE id = ?
         ON CONFLICT(connector_id, contact_id) DO UPDATE SET contact_version = excluded.contact_version, contact_updated_at = excluded.contact_updated_at,
           digest = excluded.digest, pushed_at = coalesce(excluded.pushed_at, connector_contacts.pushed_at),
           sent_tags = coalesce(excluded.sent_tags, connector_contacts.sent_tags)`,
      )
      // What was not sent leaves the record of what was sent as it is.
      .run(vendor, contact.version, contact.updatedAt, digest, pushed ? nowIso() : null, pushed ? JSON.stringify(contact.tags) : null, contact.id);
  }

  private log(vendor: ConnectorVendor, runId: number, contactId: string | null, status: number | null, code: string | null, message: string): void {
    this.ws
      .stmt('INSERT INTO integration_logs (connector_id, run_id, at, contact_id, status, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(vendor, runId, nowIso(), contactId, status, code ? excerpt(code, 80) : null, excerpt(message));
  }

  private static readonly CHANGED = `FROM contacts c LEFT JOIN connector_contacts s ON s.connector_id = ? AND s.contact_id = c.id
    WHERE c.anonymised_at IS NULL AND (s.contact_id IS NULL OR s.contact_version <> c.version OR s.contact_updated_at <> c.updated_at)`;

  /** The contacts with fromPk < pk <= toPk that changed since this connector last saw them. */
  private candidates(vendor: ConnectorVendor, fromPk: number, toPk: number): CandidateRow[] {
    return this.ws
      .stmt<[string, number, number], CandidateRow>(
        `SELECT c.pk, c.id, c.version, c.updated_at, c.email, c.phone, c.first_name, c.last_name, c.full_name, c.city, c.country, c.locale, c.source, c.custom_fields, s.digest, s.sent_tags
         ${ConnectorService.CHANGED} AND c.pk > ? AND c.pk <= ? ORDER BY c.pk`,
      )
      .all(vendor, fromPk, toPk);
  }

  private toContacts(rows: CandidateRow[]): ConnectorContact[] {
    const tags = tagsByContact(this.ws, rows.map((row) => row.pk));
    const consents = consentStatusByContact(this.ws, rows.map((row) => row.id));
    const purposes = consentPurposes(this.ws);
    return rows.map((row) => {
      const consent = consents.get(row.id) ?? {};
      let customFields: Record<string, unknown>;
      try {
        customFields = JSON.parse(row.custom_fields) as Record<string, unknown>;
      } catch {
        customFields = {};
      }
      return {
        pk: row.pk,
        id: row.id,
        version: row.version,
        updatedAt: row.updated_at,
        email: row.email,
        phone: row.phone,
        firstName: row.first_name,
        lastName: row.last_name,
        fullName: row.full_name,
        city: row.city,
        country: row.country,
        locale: row.locale,
        source: row.source,
        customFields,
        tags: tags.get(row.pk) ?? [],
        consent,
        marketingBlocked: marketingBlocked(consent, purposes),
      };
    });
  }

  /** One bucket per vendor for the whole session: back-to-back runs share the rate. */
  private bucket(vendor: ConnectorVendor): TokenBucket {
    let bucket = this.buckets.get(vendor);
    if (!bucket) {
      bucket = new TokenBucket(this.options.rateLimits?.[vendor] ?? RATE_LIMITS[vendor]);
      this.buckets.set(vendor, bucket);
    }
    return bucket;
  }

  private row(vendor: ConnectorVendor): ConnectorRow | undefined {
    return this.ws.stmt<[string], ConnectorRow>('SELECT id, enabled, settings FROM connectors WHERE id = ?').get(vendor);
  }

  private settingsOf(row: ConnectorRow): ConnectorSettings {
    return { ...defaultSettings(row.id), ...(JSON.parse(row.settings) as Partial<ConnectorSettings>) };
  }

  private changed(vendor: ConnectorVendor): void {
    this.ws.events.emit({ type: 'connectors.changed', vendor });
  }
}

/** What decides where records go and what they hold: a change of it starts afresh. */
function targetKey(vendor: ConnectorVendor, settings: ConnectorSettings): string {
  return JSON.stringify([vendor, settings.mapping, settings.consentPurpose, settings.listId ?? null, settings.instanceUrl ?? null, settings.externalIdField ?? null]);
}

function parseTags(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : null;
  } catch {
    return null;
  }
}

function toRun(row: RunRow): ConnectorRun {
  return {
    id: row.id,
    trigger: row.trigger,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    considered: row.considered,
    pushed: row.pushed,
    skipped: row.skipped,
    failed: row.failed,
    message: row.message,
  };
}
