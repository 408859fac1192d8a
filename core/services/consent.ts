/**
 * Consent: the purposes a workspace asks consent for (configurable, kept in settings) and each
 * contact's append-only history per purpose. An entry recorded here goes to the service as
 * `consent_set` (which appends to the service's history too); the newest entry per purpose is the
 * current status. A contact who denied or withdrew a marketing purpose is "no marketing".
 */
import type { ConsentEntry, ConsentPurpose, ConsentStatus, ContactDetail, ParsedInput } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import { getContact } from './contacts.js';
import type { Workspace } from './workspace.js';

export const DEFAULT_CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  {
    key: 'data_processing',
    label: 'Data processing',
    description: 'Keeping and using the person’s details and conversations to answer them.',
    marketing: false,
    archived: false,
  },
  { key: 'marketing_email', label: 'Marketing email', description: 'Newsletters and offers by email.', marketing: true, archived: false },
  { key: 'marketing_sms', label: 'Marketing SMS', description: 'Offers and reminders by text message.', marketing: true, archived: false },
  { key: 'analytics', label: 'Analytics', description: 'Measuring how the person uses the website and the chatbot.', marketing: false, archived: false },
];

const SETTING = 'consent_purposes';

export function consentPurposes(ws: Workspace): ConsentPurpose[] {
  return ws.getSetting<ConsentPurpose[]>(SETTING) ?? DEFAULT_CONSENT_PURPOSES.map((p) => ({ ...p }));
}

/** The keys of the marketing purposes (a denied or withdrawn one marks a contact "no marketing", see `marketingBlocked` in the contract). */
export function marketingPurposeKeys(ws: Workspace): string[] {
  return consentPurposes(ws)
    .filter((p) => p.marketing)
    .map((p) => p.key);
}

export function saveConsentPurposes(ws: Workspace, purposes: ConsentPurpose[]): ConsentPurpose[] {
  const seen = new Set<string>();
  purposes.forEach((purpose, index) => {
    if (seen.has(purpose.key)) throw new CoreError('bad_request', `The purpose key "${purpose.key}" is used twice.`, ['purposes', index, 'key']);
    seen.add(purpose.key);
  });
  const labels = new Set<string>();
  purposes.forEach((purpose, index) => {
    const label = purpose.label.toLocaleLowerCase();
    if (labels.has(label)) throw new CoreError('bad_request', `Two purposes are called “${purpose.label}”.`, ['purposes', index, 'label']);
    labels.add(label);
  });
  const before = consentPurposes(ws);
  const removed = before.filter((p) => !seen.has(p.key));
  if (removed.length > 0) {
    const first = removed[0] as ConsentPurpose;
    throw new CoreError('bad_request', `“${first.label}” cannot be removed, only archived: contacts’ consent history refers to it.`, ['purposes']);
  }
  if (purposes.every((p) => p.archived)) throw new CoreError('bad_request', 'Keep at least one purpose active.', ['purposes']);
  const byKey = new Map(before.map((p) => [p.key, p]));
  ws.transaction(() => {
    ws.setSetting(SETTING, purposes);
    ws.audit.append(ws.agent, {
      action: 'settings.consent_purposes',
      details: {
        added: purposes.filter((p) => !byKey.has(p.key)).map((p) => p.key),
        archived: purposes.filter((p) => p.archived && byKey.get(p.key)?.archived === false).map((p) => p.key),
        restored: purposes.filter((p) => !p.archived && byKey.get(p.key)?.archived === true).map((p) => p.key),
        changed: purposes
          .filter((p) => {
            const old = byKey.get(p.key);
            return old !== undefined && (old.label !== p.label || old.description !== p.description || old.marketing !== p.marketing);
          })
          .map((p) => p.key),
      },
    });
  });
  ws.events.emit({ type: 'workspace.changed' });
  return consentPurposes(ws);
}

interface ConsentHistoryRow {
  pk: number;
  purpose: string;
  status: ConsentStatus;
  at: string;
  source: string | null;
  evidence: string | null;
  recorded_by: string | null;
}

export function consentHistory(ws: Workspace, contactId: string): ConsentEntry[] {
  if (!ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ?').get(contactId)) throw notFound('Contact', contactId);
  const rows = ws
    .stmt<[string], ConsentHistoryRow>('SELECT pk, purpose, status, at, source, evidence, recorded_by FROM consents WHERE contact_id = ?')
    .all(contactId);
  // Entries still in the outbox: matched by purpose, status and time (a pull re-writes the rows).
  const pending = new Set(
    ws
      .stmt<[string], { payload: string }>("SELECT payload FROM outbox WHERE entity = 'contact' AND entity_id = ? AND op = 'consent_set' AND state = 'pending'")
      .all(contactId)
      .map((row) => {
        const consent = (JSON.parse(row.payload) as { consent: { purpose: string; status: string; at: string } }).consent;
        return `${consent.purpose}|${consent.status}|${Date.parse(consent.at)}`;
      }),
  );
  return rows
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.pk - a.pk)
    .map((row) => ({
      purpose: row.purpose,
      status: row.status,
      at: row.at,
      source: row.source,
      evidence: row.evidence,
      recordedBy: row.recorded_by,
      pending: pending.has(`${row.purpose}|${row.status}|${Date.parse(row.at)}`),
    }));
}

/** How far back an entry may be dated: people sometimes record a consent given on paper long ago. */
const OLDEST_ENTRY_MS = Date.UTC(2000, 0, 1);

export function recordConsent(ws: Workspace, input: ParsedInput<'consent.record'>): ContactDetail {
  const purpose = consentPurposes(ws).find((p) => p.key === input.purpose);
  if (!purpose) throw new CoreError('bad_request', `“${input.purpose}” is not a consent purpose of this workspace.`, ['purpose']);
  if (purpose.archived) throw new CoreError('bad_request', `“${purpose.label}” is archived: it takes no new entries.`, ['purpose']);
  const now = Date.now();
  const atMs = input.at === undefined ? now : Date.parse(input.at);
  // A minute of slack for a clock that runs a little ahead of the one that filled the form.
  if (atMs > now + 60_000) throw new CoreError('bad_request', 'The date is in the future.', ['at']);
  if (atMs < OLDEST_ENTRY_MS) throw new CoreError('bad_request', 'The date is before 2000.', ['at']);
  const at = input.at === undefined ? nowIso() : new Date(atMs).toISOString();
  ws.transaction(() => {
    const row = ws.stmt<[string], { pk: number; version: number }>('SELECT pk, version FROM contacts WHERE id = ?').get(input.contactId);
    if (!row) throw notFound('Contact', input.contactId);
    const consent = { purpose: purpose.key, status: input.status, at, source: input.source, evidence: input.evidence };
    ws.stmt('INSERT INTO consents (contact_id, purpose, status, at, source, evidence, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      input.contactId,
      consent.purpose,
      consent.status,
      consent.at,
      consent.source,
      consent.evidence,
      ws.agent.name,
    );
    ws.stmt('UPDATE contacts SET updated_at = ? WHERE pk = ?').run(nowIso(), row.pk);
    ws.outbox.enqueue({ entity: 'contact', op: 'consent_set', id: input.contactId, baseVersion: row.version, payload: { consent } });
    // The purpose and status are the workspace's words, not the person's: no personal data.
    ws.audit.append(ws.agent, { action: 'consent.set', entity: 'contact', entityId: input.contactId, details: { purpose: purpose.key, status: input.status } });
  });
  ws.contactsChanged([input.contactId]);
  return getContact(ws, input.contactId);
}
