/**
 * Data-access requests: everything this workspace holds about one person, as one portable
 * ZIP package (core/files/zip.ts): `person.json` (one complete machine-readable document),
 * a CSV file per kind, `report.html` (readable and printable) and `README.txt`.
 *
 * Every kind is read in keyset batches (conversations' messages in slices of their JSON
 * array), written straight into the deflated entry, and the worker's event loop gets a turn
 * between batches, so a person with 50,000 messages takes little memory and does not hold up
 * other calls. The package is read three times (JSON, CSV, HTML) rather than kept.
 *
 * "About the person" is: the contact, its children (conversations, events, notes,
 * follow-ups), its consent history, field changes, the records merged into it (the same
 * person's former records), pending changes, conflicts and quarantined payloads of any of
 * these ids, and the audit entries about any of them. Nothing names another contact: audit
 * details that refer to another contact's id are redacted, and possible-duplicate
 * suggestions (which pair the person with someone else) are left out. Agents' names (the
 * workspace's staff: who wrote a note, who changed a field) are kept.
 */
import { closeSync } from 'node:fs';
import { basename } from 'node:path';
import type { FieldValue } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { ZipWriter, type ZipEntry } from '../files/zip.js';
import { csvCell } from './csv.js';
import { newExportFile } from './export-files.js';
import { parseJsonObject, parseJsonValue } from './json.js';
import type { Workspace } from './workspace.js';
import { shownNameSql } from './contact-name.js';

const BATCH = 500;
/** Bytes gathered before they go to the deflater (fewer, larger writes). */
const FLUSH_BYTES = 64 * 1024;

export interface DataAccessCounts {
  consents: number;
  conversations: number;
  messages: number;
  events: number;
  notes: number;
  followUps: number;
  changes: number;
  merges: number;
  audit: number;
  pendingChanges: number;
  conflicts: number;
}

export interface DataAccessResult {
  path: string;
  fileName: string;
  bytes: number;
  counts: DataAccessCounts;
}

type Row = Record<string, unknown>;
type Progress = (done: number, total: number) => void;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------- the kinds of rows

/** One kind of row about the person: how to read it in batches and how to show it. */
interface Kind {
  key: keyof DataAccessCounts;
  /** The key in person.json. */
  json: string;
  csv: string;
  title: string;
  /** What the HTML report says the kind is. */
  about: string;
  /** Columns of the CSV and the HTML table: [row key, label]. */
  columns: [string, string][];
  read(after: Row | null): Row[];
}

const CONSENT_COLUMNS: [string, string][] = [
  ['purpose', 'Purpose'],
  ['status', 'Status'],
  ['at', 'When'],
  ['source', 'Source'],
  ['evidence', 'Evidence'],
  ['recorded_by', 'Recorded by'],
];

/** Columns of the package's tables (JSON keeps every column; these are the readable ones). */
const COLUMNS = {
  consents: CONSENT_COLUMNS,
  conversations: [
    ['id', 'Conversation'],
    ['channel', 'Channel'],
    ['started_at', 'Started'],
    ['ended_at', 'Ended'],
    ['status', 'Status'],
    ['rating', 'Rating'],
    ['message_count', 'Messages'],
    ['summary', 'Summary'],
  ],
  messages: [
    ['conversation_id', 'Conversation'],
    ['id', 'Message'],
    ['sent_at', 'Sent'],
    ['role', 'Role'],
    ['author_name', 'Author'],
    ['text', 'Text'],
  ],
  events: [
    ['id', 'Event'],
    ['occurred_at', 'When'],
    ['type', 'Type'],
    ['properties', 'Properties'],
  ],
  notes: [
    ['id', 'Note'],
    ['created_at', 'Written'],
    ['updated_at', 'Updated'],
    ['author_name', 'Author'],
    ['pinned', 'Pinned'],
    ['body', 'Text'],
  ],
  followUps: [
    ['id', 'Follow-up'],
    ['title', 'What'],
    ['due_at', 'Due'],
    ['assignee_name', 'Assigned to'],
    ['done_at', 'Done'],
    ['created_at', 'Created'],
  ],
  changes: [
    ['at', 'When'],
    ['field', 'Field'],
    ['old_value', 'Before'],
    ['new_value', 'After'],
    ['actor_name', 'Changed by'],
    ['origin', 'Where'],
  ],
  merges: [
    ['id', 'Merge'],
    ['merged_at', 'When'],
    ['merged_ids', 'Records merged in'],
    ['merged_names', 'Their names'],
    ['former_emails', 'Their emails'],
    ['actor_name', 'Merged by'],
    ['origin', 'Where'],
  ],
  audit: [
    ['seq', 'Entry'],
    ['at', 'When'],
    ['actor_name', 'Who'],
    ['action', 'Action'],
    ['entity', 'Record kind'],
    ['entity_id', 'Record'],
    ['details', 'Details'],
  ],
  pendingChanges: [
    ['mutation_id', 'Change'],
    ['at', 'Made'],
    ['entity', 'Record kind'],
    ['entity_id', 'Record'],
    ['op', 'Operation'],
    ['state', 'State'],
    ['payload', 'Content'],
  ],
  conflicts: [
    ['entity', 'Record kind'],
    ['entity_id', 'Record'],
    ['field', 'Field'],
    ['local_value', 'This device'],
    ['server_value', 'Nexvio.ai'],
    ['detected_at', 'Detected'],
    ['resolved_at', 'Resolved'],
    ['resolution', 'Kept'],
  ],
} satisfies Partial<Record<keyof DataAccessCounts, [string, string][]>>;

/** Columns that hold JSON text: written as values, not as strings of JSON. */
const JSON_COLUMNS = new Set(['custom_fields', 'preferences', 'extra', 'properties', 'payload', 'details', 'merged_ids', 'merged_names', 'former_emails', 'old_value', 'new_value', 'local_value', 'server_value']);
/** Internal columns that say nothing about the person (sort keys, copies kept for undo; messages stream on their own). */
const INTERNAL_COLUMNS = new Set(['sort_name', 'sort_email', 'sort_last_seen', 'sort_country', 'sort_source', 'snapshot', 'messages']);

function clean(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (INTERNAL_COLUMNS.has(key)) continue;
    out[key] = JSON_COLUMNS.has(key) && typeof value === 'string' ? parseJsonValue(value) : value;
  }
  return out;
}

/** The person's own ids: the contact, its children and the records merged into it. */
interface PersonIds {
  contactId: string;
  all: Set<string>;
  json: string;
}

function personIds(ws: Workspace, contactId: string): PersonIds {
  const all = new Set<string>([contactId]);
  for (const table of ['conversations', 'events', 'notes', 'follow_ups']) {
    for (const id of ws.db.prepare(`SELECT id FROM ${table} WHERE contact_id = ?`).pluck().iterate(contactId)) all.add(id as string);
  }
  for (const merged of ws.db.prepare('SELECT merged_ids FROM merges WHERE primary_id = ?').pluck().iterate(contactId)) {
    const ids = parseJsonValue(merged as string);
    if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') all.add(id);
  }
  // Notes and follow-ups deleted since: their audit entries name the contact in their details.
  for (const id of ws.db.prepare("SELECT DISTINCT entity_id FROM audit_log WHERE entity IN ('note', 'follow_up') AND json_extract(details, '$.contactId') = ?").pluck().iterate(contactId)) {
    if (typeof id === 'string') all.add(id);
  }
  return { contactId, all, json: JSON.stringify([...all]) };
}

/** A child table read in its (contact_id, time) index order, continuing after the last row. */
function byContact(ws: Workspace, table: string, time: string, contactId: string): (after: Row | null) => Row[] {
  const first = ws.stmt<[string, number], Row>(`SELECT * FROM ${table} WHERE contact_id = ? ORDER BY ${time}, pk LIMIT ?`);
  const next = ws.stmt<[string, unknown, unknown, number], Row>(`SELECT * FROM ${table} WHERE contact_id = ? AND (${time}, pk) > (?, ?) ORDER BY ${time}, pk LIMIT ?`);
  return (after) => (after ? next.all(contactId, after[time], after['pk'], BATCH) : first.all(contactId, BATCH));
}

/** Rows whose entity id is one of the person's ids, by a key that only grows. */
function byIds(ws: Workspace, sql: string, key: string, ids: PersonIds, extra: unknown[] = []): (after: Row | null) => Row[] {
  const statement = ws.stmt<unknown[], Row>(sql);
  return (after) => statement.all(ids.json, ...extra, after ? after[key] : -1, BATCH);
}

function kinds(ws: Workspace, ids: PersonIds): Kind[] {
  const id = ids.contactId;
  const kind = (key: keyof typeof COLUMNS, json: string, csv: string, title: string, about: string, read: Kind['read']): Kind => ({ key, json, csv, title, about, columns: COLUMNS[key], read });
  return [
    kind('consents', 'consentHistory', 'consents.csv', 'Consent history', 'Every consent decision recorded, oldest first, not only the current one.', byContact(ws, 'consents', 'at', id)),
    kind('conversations', 'conversations', 'conversations.csv', 'Conversations', 'Conversations with the chatbot and with agents; their messages follow.', byContact(ws, 'conversations', 'started_at', id)),
    kind('events', 'events', 'events.csv', 'Events', 'Things the person did that the chatbot recorded (pages viewed, forms sent).', byContact(ws, 'events', 'occurred_at', id)),
    kind('notes', 'notes', 'notes.csv', 'Notes', 'Notes agents wrote about the person.', byContact(ws, 'notes', 'created_at', id)),
    kind('followUps', 'followUps', 'follow_ups.csv', 'Follow-ups', 'Reminders agents set to get back to the person.', byContact(ws, 'follow_ups', 'due_at', id)),
    kind('changes', 'fieldChanges', 'changes.csv', 'History of changes', 'Every change to the person’s details: the value before and after, who changed it, and when.', byContact(ws, 'field_changes', 'at', id)),
    kind('merges', 'merges', 'merges.csv', 'Merged records', 'Earlier records of the same person that were merged into this one.', (after) =>
      ws
        .stmt<[string, number, number], Row>('SELECT * FROM merges WHERE primary_id = ? AND pk > ? ORDER BY pk LIMIT ?')
        .all(id, after ? (after['pk'] as number) : -1, BATCH),
    ),
    kind(
      'audit',
      'auditEntries',
      'audit.csv',
      'Audit entries',
      'What was done with the person’s records in this app, by whom and when (the audit log keeps record ids, never personal values).',
      byIds(
        ws,
        `SELECT * FROM audit_log
         WHERE (entity_id IN (SELECT value FROM json_each(?)) OR json_extract(details, '$.contactId') = ? OR json_extract(details, '$.other') = ?)
           AND seq > ? ORDER BY seq LIMIT ?`,
        'seq',
        ids,
        [id, id],
      ),
    ),
    kind(
      'pendingChanges',
      'pendingChanges',
      'pending_changes.csv',
      'Changes waiting to be sent',
      'Changes made on this device that have not reached the Nexvio.ai service yet.',
      byIds(ws, 'SELECT * FROM outbox WHERE entity_id IN (SELECT value FROM json_each(?)) AND seq > ? ORDER BY seq LIMIT ?', 'seq', ids),
    ),
    kind(
      'conflicts',
      'conflicts',
      'conflicts.csv',
      'Sync conflicts',
      'Values that were changed here and on the service at the same time, and which one was kept.',
      byIds(ws, 'SELECT * FROM conflicts WHERE entity_id IN (SELECT value FROM json_each(?)) AND pk > ? ORDER BY pk LIMIT ?', 'pk', ids),
    ),
  ];
}

/** Audit details may name another contact (a dismissed duplicate, a merge taken apart): those ids are replaced. */
function redactOthers(ws: Workspace, ids: PersonIds, value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (ids.all.has(value)) return value;
    const isContact = key === 'other' || ws.stmt<[string, string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ? UNION ALL SELECT 1 FROM deleted_contacts WHERE contact_id = ? LIMIT 1').get(value, value);
    return isContact ? '(another contact)' : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactOthers(ws, ids, item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactOthers(ws, ids, v, k)]));
  return value;
}

// ---------------------------------------------------------------- the contact itself

interface PersonRecord {
  contact: Row;
  customFields: { key: string; label: string | null; type: string | null; archived: boolean; value: unknown }[];
  preferences: Record<string, unknown>;
  tags: string[];
  lists: string[];
}

function personRecord(ws: Workspace, contactId: string): PersonRecord {
  const row = ws.stmt<[string], Row>('SELECT * FROM contacts WHERE id = ?').get(contactId);
  if (!row) throw notFound('Contact', contactId);
  const contact = clean(row);
  const custom = parseJsonObject<FieldValue>(row['custom_fields'] as string);
  const preferences = parseJsonObject<unknown>(row['preferences'] as string);
  // The contact's local row number means nothing outside this file; its id is the key.
  delete contact['pk'];
  delete contact['custom_fields'];
  delete contact['preferences'];
  const definitions = new Map(
    ws
      .stmt<[], { key: string; label: string; type: string; archived: number }>('SELECT key, label, type, archived FROM field_definitions')
      .all()
      .map((d) => [d.key, d]),
  );
  return {
    contact,
    customFields: Object.entries(custom).map(([key, value]) => {
      const definition = definitions.get(key);
      return { key, label: definition?.label ?? null, type: definition?.type ?? null, archived: definition?.archived === 1, value };
    }),
    preferences,
    tags: ws.stmt<[unknown], string>('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name').pluck().all(row['pk']),
    lists: ws
      .stmt<[unknown], string>("SELECT s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.contact_pk = ? AND s.kind = 'list' ORDER BY s.name COLLATE NOCASE")
      .pluck()
      .all(row['pk']),
  };
}

const CONTACT_LABELS: [string, string][] = [
  ['id', 'ID'],
  ['full_name', 'Full name'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['display_name', 'Shown as'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['city', 'City'],
  ['country', 'Country'],
  ['locale', 'Language'],
  ['timezone', 'Time zone'],
  ['source', 'Where they came from'],
  ['created_at', 'Record created'],
  ['updated_at', 'Record updated'],
  ['first_seen_at', 'First seen'],
  ['last_seen_at', 'Last seen'],
  ['conversation_count', 'Conversations'],
  ['version', 'Version on the service'],
  ['extra', 'Other data from the service'],
];

/** The contact as label/value pairs: every column, the known ones first with readable labels. */
function contactPairs(person: PersonRecord): [string, unknown][] {
  const known = new Set(CONTACT_LABELS.map(([key]) => key));
  return [
    ...CONTACT_LABELS.filter(([key]) => key in person.contact).map(([key, label]): [string, unknown] => [label, person.contact[key]]),
    ...Object.entries(person.contact).filter(([key]) => !known.has(key)),
    ...person.customFields.map(({ key, label, value }): [string, unknown] => [label ?? key, value]),
    ...Object.entries(person.preferences).map(([key, value]): [string, unknown] => [`Preference: ${key}`, value]),
    ['Tags', person.tags],
    ['Lists', person.lists],
  ];
}

// ---------------------------------------------------------------- writing

/** Gathers text and hands it to the entry in large pieces. */
class TextOut {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly entry: ZipEntry) {}

  async put(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    await this.entry.end();
  }

  private async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.entry.write(text);
  }
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

/** The messages of one conversation in slices of its JSON array (a conversation may hold 10,000). */
function messageSlices(ws: Workspace, conversationPk: unknown): () => Row[] | null {
  const slice = ws.stmt<[unknown, number, number], { value: string }>(
    'SELECT value FROM json_each((SELECT messages FROM conversations WHERE pk = ?)) ORDER BY key LIMIT ? OFFSET ?',
  );
  let offset = 0;
  return () => {
    const rows = slice.all(conversationPk, BATCH, offset);
    offset += rows.length;
    if (rows.length === 0) return null;
    return rows.map((r) => {
      const value = parseJsonValue(r.value);
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : { text: value };
    });
  };
}

class PackageBuilder {
  readonly counts: DataAccessCounts = { consents: 0, conversations: 0, messages: 0, events: 0, notes: 0, followUps: 0, changes: 0, merges: 0, audit: 0, pendingChanges: 0, conflicts: 0 };
  private done = 0;
  private readonly kinds: Kind[];

  constructor(
    private readonly ws: Workspace,
    private readonly ids: PersonIds,
    private readonly person: PersonRecord,
    private readonly total: number,
    private readonly onProgress: Progress | undefined,
  ) {
    this.kinds = kinds(ws, ids);
  }

  /** Every row of a kind, batch by batch, with a turn for the event loop after each. */
  private async *rows(kind: Kind): AsyncGenerator<Row> {
    let after: Row | null = null;
    for (;;) {
      const batch = kind.read(after);
      for (const row of batch) yield kind.key === 'audit' ? this.redactAudit(row) : row;
      this.tick(batch.length);
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1] as Row;
      await pause();
    }
  }

  /** An entry about the person may name another contact too (a pair dismissed as not duplicates): its id goes. */
  private redactAudit(row: Row): Row {
    return {
      ...row,
      entity_id: redactOthers(this.ws, this.ids, row['entity_id']),
      details: redactOthers(this.ws, this.ids, parseJsonValue(row['details'] as string)),
    };
  }

  private async *messages(conversation: Row): AsyncGenerator<Row> {
    const next = messageSlices(this.ws, conversation['pk']);
    for (let slice = next(); slice; slice = next()) {
      for (const message of slice) yield message;
      this.tick(slice.length);
      await pause();
    }
  }

  private tick(n: number): void {
    this.done += n;
    this.onProgress?.(Math.min(this.done, this.total), this.total);
  }

  async writeJson(zip: ZipWriter): Promise<void> {
    const out = new TextOut(zip.entry('person.json'));
    const { contact, customFields, preferences, tags, lists } = this.person;
    const head = {
      format: 'nexvio-contacts/data-access-package',
      formatVersion: 1,
      generatedAt: new Date().toISOString(),
      contactId: this.ids.contactId,
      contact,
      customFields,
      preferences,
      tags,
      lists,
    };
    await out.put(indent(JSON.stringify(head, null, 2).slice(0, -2), ''));
    for (const kind of this.kinds) {
      await out.put(`,\n  ${JSON.stringify(kind.json)}: [`);
      let first = true;
      for await (const row of this.rows(kind)) {
        const item = clean(row);
        let text = indent(JSON.stringify(item, null, 2), '    ');
        if (kind.key === 'conversations') {
          // The transcript streams into the conversation's object.
          text = `${text.slice(0, -6)},\n      "messages": [`;
          await out.put(`${first ? '' : ','}\n    ${text}`);
          let firstMessage = true;
          for await (const message of this.messages(row)) {
            await out.put(`${firstMessage ? '' : ','}\n        ${indent(JSON.stringify(message, null, 2), '        ')}`);
            firstMessage = false;
            this.counts.messages++;
          }
          await out.put(`${firstMessage ? ']' : '\n      ]'}\n    }`);
        } else {
          await out.put(`${first ? '' : ','}\n    ${text}`);
        }
        first = false;
        this.counts[kind.key]++;
      }
      await out.put(first ? ']' : '\n  ]');
    }
    await out.put('\n}\n');
    await out.end();
  }

  async writeCsv(zip: ZipWriter): Promise<void> {
    const contact = new TextOut(zip.entry('contact.csv'));
    await contact.put(`\uFEFF${csvLine(['Field', 'Value'])}`);
    for (const [label, value] of contactPairs(this.person)) await contact.put(csvLine([label, value]));
    await contact.end();
    for (const kind of this.kinds) {
      const out = new TextOut(zip.entry(kind.csv));
      await out.put(`\uFEFF${csvLine(kind.columns.map(([, label]) => label))}`);
      const messages = kind.key === 'conversations' ? zip : null;
      const conversations: Row[] = [];
      for await (const row of this.rows(kind)) {
        const item = clean(row);
        await out.put(csvLine(kind.columns.map(([key]) => item[key])));
        // Only the keys for the messages pass (a conversation's pk and id).
        if (messages) conversations.push({ pk: row['pk'], id: row['id'] });
      }
      await out.end();
      if (messages) await this.writeMessagesCsv(messages, conversations);
    }
  }

  private async writeMessagesCsv(zip: ZipWriter, conversations: Row[]): Promise<void> {
    const out = new TextOut(zip.entry('messages.csv'));
    await out.put(`\uFEFF${csvLine(COLUMNS.messages.map(([, label]) => label))}`);
    for (const conversation of conversations) {
      for await (const message of this.messages(conversation)) {
        const row: Row = { ...message, conversation_id: conversation['id'] };
        await out.put(csvLine(COLUMNS.messages.map(([key]) => row[key])));
      }
    }
    await out.end();
  }

  async writeHtml(zip: ZipWriter, generatedAt: string): Promise<void> {
    const out = new TextOut(zip.entry('report.html'));
    const name = String(this.person.contact['display_name'] ?? 'Unnamed contact');
    await out.put(htmlHead(`Personal data held about ${name}`));
    await out.put(`<header><p class="kicker">Data-access report</p><h1>${esc(name)}</h1><p class="meta">Contact ID ${esc(this.ids.contactId)} · prepared ${esc(readableTime(generatedAt))}</p></header>`);
    await out.put(summaryHtml(this.person, this.counts));
    await out.put(`<section><h2>Personal details</h2><table class="pairs"><tbody>`);
    for (const [label, value] of contactPairs(this.person)) await out.put(`<tr><th scope="row">${esc(label)}</th><td>${cellHtml(value)}</td></tr>`);
    await out.put('</tbody></table></section>');
    for (const kind of this.kinds) {
      await out.put(`<section><h2>${esc(kind.title)} <span class="count">${this.counts[kind.key].toLocaleString('en')}</span></h2><p class="about">${esc(kind.about)}</p>`);
      if (this.counts[kind.key] === 0) {
        await out.put('<p class="none">None held.</p></section>');
        continue;
      }
      if (kind.key === 'conversations') {
        for await (const row of this.rows(kind)) await this.conversationHtml(out, row);
      } else {
        await out.put(`<table><thead><tr>${kind.columns.map(([, label]) => `<th scope="col">${esc(label)}</th>`).join('')}</tr></thead><tbody>`);
        for await (const row of this.rows(kind)) {
          const item = clean(row);
          await out.put(`<tr>${kind.columns.map(([key]) => `<td>${cellHtml(item[key])}</td>`).join('')}</tr>`);
        }
        await out.put('</tbody></table>');
      }
      await out.put('</section>');
    }
    await out.put(`<footer>Prepared with Nexvio Contacts. The same data, complete and machine-readable, is in person.json and the CSV files of this package; README.txt explains each file.</footer></main></body></html>\n`);
    await out.end();
  }

  private async conversationHtml(out: TextOut, row: Row): Promise<void> {
    const c = clean(row);
    const messages = Number(c['message_count'] ?? 0);
    const facts = [c['channel'], c['status'], `${messages.toLocaleString('en')} ${messages === 1 ? 'message' : 'messages'}`, c['rating'] !== null && c['rating'] !== undefined ? `rated ${String(c['rating'])}` : null]
      .filter((f) => f !== null && f !== undefined && f !== '')
      .map((f) => esc(String(f)))
      .join(' · ');
    await out.put(
      `<article class="conversation"><h3>${esc(readableTime(String(c['started_at'] ?? '')))}${c['ended_at'] ? ` – ${esc(readableTime(String(c['ended_at'])))}` : ''}</h3><p class="meta">${facts} · ID ${esc(String(c['id']))}</p>`,
    );
    if (c['summary']) await out.put(`<p class="summary"><strong>Summary:</strong> ${esc(String(c['summary']))}</p>`);
    await out.put('<ol class="transcript">');
    for await (const m of this.messages(row)) {
      const role = ROLE_LABELS[String(m['role'])] ?? String(m['role'] ?? '');
      const who = m['author_name'] ? `${role} · ${String(m['author_name'])}` : role;
      await out.put(`<li class="msg ${roleClass(m['role'])}"><span class="who">${esc(who)}</span> <time>${esc(readableTime(String(m['sent_at'] ?? '')))}</time><div class="text">${esc(String(m['text'] ?? ''))}</div></li>`);
    }
    await out.put('</ol></article>');
  }
}

function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

// ---------------------------------------------------------------- HTML

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?Z$/;

/** An ISO instant as people read it (the JSON and CSV files keep the exact value). */
function readableTime(text: string): string {
  const match = ISO_TIME.exec(text);
  return match ? `${match[1] as string} ${match[2] as string} UTC` : text;
}

function cellHtml(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<span class="empty">—</span>';
  if (typeof value === 'string') return esc(readableTime(value));
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.length === 0 ? '<span class="empty">—</span>' : esc(value.join(', '));
  if (typeof value === 'object') return `<code>${esc(JSON.stringify(value))}</code>`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return esc(String(value));
}

const ROLE_LABELS: Record<string, string> = { user: 'The person', bot: 'Chatbot', agent: 'Agent', system: 'System' };

function roleClass(role: unknown): string {
  return role === 'user' || role === 'bot' || role === 'agent' || role === 'system' ? role : 'other';
}

const STYLE = `
:root{color-scheme:light;--ink:#1b1f24;--dim:#5c6670;--line:#dde1e6;--soft:#f5f7f9;--accent:#1f6feb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:960px;margin:0 auto;padding:40px 32px 64px}
header{border-bottom:2px solid var(--ink);padding-bottom:16px;margin-bottom:24px}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--accent);font-weight:600}
h1{margin:4px 0;font-size:28px}
h2{font-size:18px;margin:32px 0 4px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:0}
.count{font-weight:500;color:var(--dim);font-size:14px}
.meta,.about,.none,footer{color:var(--dim)}
.about{margin:4px 0 12px}
.summary-box{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:16px 20px}
.summary-box p{margin:0 0 8px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;margin:12px 0 0;padding:0;list-style:none}
.facts li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.facts b{display:block;font-size:18px}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line);overflow-wrap:break-word}
thead th{white-space:nowrap}
thead th{background:var(--soft);font-weight:600}
.pairs th{width:32%;color:var(--dim);font-weight:500}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.empty{color:#9aa3ab}
.conversation{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:12px 0;break-inside:avoid-page}
.transcript{list-style:none;margin:8px 0 0;padding:0}
.msg{padding:6px 10px;margin:4px 0;border-radius:6px;background:var(--soft)}
.msg.user{background:#eaf2ff}
.msg.agent{background:#eefaf0}
.who{font-weight:600}
time{color:var(--dim);font-size:12px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
footer{margin-top:40px;border-top:1px solid var(--line);padding-top:12px;font-size:12px}
@media print{main{padding:0;max-width:none}h2{break-after:avoid}tr,.msg{break-inside:avoid}.summary-box,.facts li,thead th,.msg{background:none!important}}
`;

function htmlHead(title: string): string {
  // No scripts and nothing remote: the policy says so to any browser that opens it.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>
`;
}

function summaryHtml(person: PersonRecord, counts: DataAccessCounts): string {
  const facts: [string, number][] = [
    ['Conversations', counts.conversations],
    ['Messages', counts.messages],
    ['Events', counts.events],
    ['Notes', counts.notes],
    ['Follow-ups', counts.followUps],
    ['Consent records', counts.consents],
    ['Changes to details', counts.changes],
    ['Audit entries', counts.audit],
  ];
  const source = person.contact['source'] ? ` They first reached us through <b>${esc(String(person.contact['source']))}</b>.` : '';
  return `<section class="summary-box"><h2 style="margin-top:0;border:0">What we hold and why</h2>
<p>This report lists every piece of personal data this workspace of Nexvio Contacts holds about this person, as of the time it was prepared.${source}</p>
<p>We hold it to answer the person’s questions through the Nexvio.ai chatbot and our support agents, to follow up where we promised to, and to respect their consent choices, which are listed below with their full history. Names of our own staff (who wrote a note, who changed a detail) appear as part of that history.</p>
<ul class="facts">${facts.map(([label, n]) => `<li><b>${n.toLocaleString('en')}</b>${esc(label)}</li>`).join('')}</ul></section>`;
}

// ---------------------------------------------------------------- README

function readme(counts: DataAccessCounts, generatedAt: string, contactId: string): string {
  return `DATA-ACCESS PACKAGE
Contact ${contactId}, prepared ${generatedAt} by Nexvio Contacts.

Everything this workspace holds about the person, in three forms:

report.html          A readable report: what is held and why, then every section.
                     Opens in any web browser and prints; it loads nothing from the internet.
person.json          The complete data as one JSON document (UTF-8), machine-readable:
                       contact        every field of the contact as stored
                       customFields   the workspace's own fields, with their labels
                       preferences    the person's preferences
                       tags, lists    tags and lists the person is in
                       consentHistory every consent decision, oldest first
                       conversations  each with all of its messages
                       events, notes, followUps
                       fieldChanges   every change of a detail: before, after, who, when
                       merges         the same person's earlier records merged into this one
                       auditEntries   what was done with these records in the app
                       pendingChanges changes not yet sent to the Nexvio.ai service
                       conflicts      values changed here and on the service at once
contact.csv          The contact's fields, one per line (field, value).
consents.csv         Consent history (${counts.consents}).
conversations.csv    Conversations (${counts.conversations}), one per line.
messages.csv         Every message of those conversations (${counts.messages}), with its conversation's ID.
events.csv           Events (${counts.events}).
notes.csv            Notes written by agents (${counts.notes}).
follow_ups.csv       Follow-ups (${counts.followUps}).
changes.csv          History of changes to the contact's details (${counts.changes}).
merges.csv           Records merged into this contact (${counts.merges}).
audit.csv            Audit entries about the person's records (${counts.audit}).
pending_changes.csv  Changes waiting to be sent to the service (${counts.pendingChanges}).
conflicts.csv        Sync conflicts (${counts.conflicts}).

The CSV files are UTF-8 with a byte-order mark (they open in Excel, Numbers and Google
Sheets). A cell that begins with = + - or @ is prefixed with ' so that a spreadsheet shows
it as text rather than running it as a formula.

What is and is not in here
- Names of the workspace's agents (staff) appear where they acted: who wrote a note, who
  changed a detail, who recorded a consent. They are not about the person.
- Nothing about any other person: where an audit entry referred to another contact (for
  example "not a duplicate of ..."), that contact's ID is replaced by "(another contact)",
  and suggestions of possible duplicates are left out because they name someone else.
- Copies kept for a few seconds so that a deletion or merge can be undone are not included;
  what they hold is either still on the contact (and so in here) or is being deleted.
`;
}

// ---------------------------------------------------------------- the entry point

function countsUpFront(ws: Workspace, ids: PersonIds): number {
  const one = (sql: string, ...params: unknown[]) => (ws.db.prepare(sql).pluck().get(...params) as number | null) ?? 0;
  const id = ids.contactId;
  const rows =
    one('SELECT count(*) FROM consents WHERE contact_id = ?', id) +
    one('SELECT count(*) + coalesce(sum(message_count), 0) FROM conversations WHERE contact_id = ?', id) +
    one('SELECT count(*) FROM events WHERE contact_id = ?', id) +
    one('SELECT count(*) FROM notes WHERE contact_id = ?', id) +
    one('SELECT count(*) FROM follow_ups WHERE contact_id = ?', id) +
    one('SELECT count(*) FROM field_changes WHERE contact_id = ?', id) +
    one('SELECT count(*) FROM outbox WHERE entity_id IN (SELECT value FROM json_each(?))', ids.json);
  // Read three times: JSON, CSV, HTML.
  return rows * 3;
}

function shortId(contactId: string): string {
  return contactId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'contact';
}

/**
 * Builds the package for one contact at `outPath` (or a new file in the workspace's exports
 * folder), logs `privacy.dsar` in the audit log (ids, counts and the file name only) and
 * returns where it is. A failure removes the unfinished file.
 */
export async function writeDataAccessPackage(ws: Workspace, contactId: string, outPath?: string | null, onProgress?: Progress): Promise<DataAccessResult> {
  const exists = ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ?').get(contactId);
  if (!exists) throw new CoreError('not_found', `There is no contact with the ID ${contactId} in this workspace (it may have been deleted, erased or merged).`, ['contactId']);
  const ids = personIds(ws, contactId);
  const person = personRecord(ws, contactId);
  const path = outPath ?? reserveExportFile(ws, contactId);
  let zip: ZipWriter;
  try {
    zip = await ZipWriter.create(path);
  } catch (error) {
    throw new CoreError('bad_request', `The package cannot be written to ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the folder does not exist' : error instanceof Error ? error.message : String(error)}.`, ['out']);
  }
  const generatedAt = new Date().toISOString();
  const builder = new PackageBuilder(ws, ids, person, countsUpFront(ws, ids), onProgress);
  let bytes: number;
  try {
    await builder.writeJson(zip);
    await builder.writeHtml(zip, generatedAt);
    await builder.writeCsv(zip);
    await zip.addFile('README.txt', readme(builder.counts, generatedAt, contactId).replace(/\n/g, '\r\n'));
    if (!ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ?').get(contactId)) {
      throw new CoreError('conflict', 'The contact was deleted or merged while its package was being built, so the package was not kept.', ['contactId']);
    }
    bytes = await zip.close();
  } catch (error) {
    await zip.abort();
    throw error;
  }
  const fileName = basename(path);
  ws.transaction(() => {
    ws.audit.append(ws.agent, { action: 'privacy.dsar', entity: 'contact', entityId: contactId, details: { file: fileName, bytes, counts: builder.counts } });
  });
  return { path, fileName, bytes, counts: builder.counts };
}

/** A new, empty file in the workspace's exports folder, named by the date and the contact's short id. */
function reserveExportFile(ws: Workspace, contactId: string): string {
  const file = newExportFile(ws, 'data-access', `-${shortId(contactId)}.zip`);
  closeSync(file.fd);
  return file.path;
}

export interface DataAccessLogEntry {
  at: string;
  actorName: string;
  contactId: string;
  /** The contact's current name, or null once it has been erased or deleted. */
  contactName: string | null;
  fileName: string;
  bytes: number;
}

/** The packages made before, newest first, from the audit log. */
export function dataAccessHistory(ws: Workspace, limit: number): DataAccessLogEntry[] {
  return ws
    .stmt<[number], { at: string; actor_name: string; entity_id: string; details: string; name: string | null }>(
      `SELECT a.at, a.actor_name, a.entity_id, a.details, ${shownNameSql('c')} AS name
       FROM audit_log a LEFT JOIN contacts c ON c.id = a.entity_id
       WHERE a.action = 'privacy.dsar' ORDER BY a.at DESC, a.seq DESC LIMIT ?`,
    )
    .all(limit)
    .map((row) => {
      const details = parseJsonObject<unknown>(row.details);
      return {
        at: row.at,
        actorName: row.actor_name,
        contactId: row.entity_id,
        contactName: row.name,
        fileName: typeof details['file'] === 'string' ? details['file'] : '',
        bytes: typeof details['bytes'] === 'number' ? details['bytes'] : 0,
      };
    });
}
