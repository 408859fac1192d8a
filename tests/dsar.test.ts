/**
 * Data-access packages checked against the database: every row about the person is in
 * person.json and in its CSV file, nothing about anyone else is in any file, hostile text is
 * only text in the report, 50,000 messages take bounded memory, the CLI writes the same
 * package, and the audit log records it without personal data.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli.js';
import { setTag, updateContact } from '../core/services/contacts.js';
import { dataAccessHistory, writeDataAccessPackage } from '../core/services/dsar.js';
import { dismissDuplicate } from '../core/services/duplicates.js';
import { createField } from '../core/services/fields.js';
import { createFollowUp } from '../core/services/follow-ups.js';
import { mergeContacts } from '../core/services/merge.js';
import { createNote } from '../core/services/notes.js';
import { verifyAuditChain } from '../core/services/audit.js';
import { contract } from '../preload/contract.js';
import { contact, conversation, event, load, note, openTestWorkspace, tempDir } from './helpers.js';
import { readZip } from './support/unzip.js';
import { parseCsv as parseRfc4180 } from './support/csv.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

const P = 'person-7d41e';
const P_DUP = 'person-dup-90b2';
const OTHERS = { o1: 'other-a-5c1f', o2: 'other-b-e873', o3: 'other-c-21d6' };
const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

type Row = Record<string, unknown>;

/** The app's CSV files start with a BOM (Excel reads them as UTF-8). */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parseRfc4180(text);
}

/** The person, a duplicate record of them merged in, and three other people with rows of every kind. */
function buildWorkspace() {
  ws = openTestWorkspace();
  createField(ws, { label: 'Loyalty tier', type: 'select', options: ['Gold', 'Silver'] });
  const consent = (purpose: string, status: 'granted' | 'denied' | 'withdrawn', at: string) => ({ purpose, status, at, source: 'chat widget', evidence: `form ${purpose}` });
  load(ws, {
    contacts: [
      contact({
        id: P,
        first_name: 'Wilhelmina',
        last_name: 'Quarterstaff',
        email: 'wilhelmina.q@example.org',
        phone: '+4915199990001',
        custom_fields: { loyalty_tier: 'Gold', legacy_code: 'LX-17' },
        preferences: { newsletter: true },
        consents: [consent('marketing_email', 'granted', '2026-01-02T10:00:00.000Z'), consent('marketing_email', 'withdrawn', '2026-03-02T10:00:00.000Z'), consent('analytics', 'granted', '2026-01-02T10:00:00.000Z')],
      }),
      contact({ id: P_DUP, first_name: 'Willa', last_name: 'Quarterstaff', email: 'willa.q@example.org', phone: '+4915199990002' }),
      contact({ id: OTHERS.o1, first_name: 'Bartholomew', last_name: 'Ironwood', email: 'bart.ironwood@example.net', phone: '+4915188880001', consents: [consent('analytics', 'denied', '2026-02-01T00:00:00.000Z')] }),
      contact({ id: OTHERS.o2, first_name: 'Bartholomeus', last_name: 'Ironwoode', email: 'b.ironwoode@example.net', phone: '+4915188880002' }),
      contact({ id: OTHERS.o3, first_name: 'Cordelia', last_name: 'Fenwright', email: 'cordelia.f@example.net', phone: '+4915188880003' }),
    ],
    conversations: [
      conversation(P, 'conv-p-1', '2026-02-01T09:00:00.000Z', [
        { role: 'user', text: `Hello, I need help with my order ${HOSTILE}` },
        { role: 'bot', text: 'Sure, what is the order number?' },
        { role: 'user', text: '=HYPERLINK("http://evil.example","click")' },
      ]),
      conversation(P_DUP, 'conv-pdup-1', '2026-01-15T09:00:00.000Z', [{ role: 'user', text: 'Written under my other address' }]),
      conversation(OTHERS.o1, 'conv-o1-1', '2026-02-03T09:00:00.000Z', [{ role: 'user', text: 'Ironwood secret question about invoices' }]),
      conversation(OTHERS.o2, 'conv-o2-1', '2026-02-04T09:00:00.000Z', [{ role: 'user', text: 'Ironwoode second secret message' }]),
    ],
    events: [event(P, 'ev-p-1', '2026-02-01T08:59:00.000Z'), event(P_DUP, 'ev-pdup-1', '2026-01-15T08:00:00.000Z', 'signup'), event(OTHERS.o1, 'ev-o1-1', '2026-02-03T08:00:00.000Z')],
    notes: [note(P, 'note-p-1', 'Prefers email over phone calls', '2026-02-01T10:00:00.000Z'), note(OTHERS.o1, 'note-o1-1', 'Ironwood asked for a refund, escalate', '2026-02-03T10:00:00.000Z')],
  });
  // Local work on both: edits, tags, notes, follow-ups (outbox, field changes, audit entries).
  updateContact(ws, P, { city: 'Rotterdam', customFields: { loyalty_tier: 'Silver' } });
  setTag(ws, P, 'vip', true);
  createNote(ws, P, `Pinned context ${HOSTILE}`, true);
  createFollowUp(ws, { contactId: P, title: 'Call back about the refund', dueAt: '2027-01-05T10:00:00.000Z' });
  updateContact(ws, OTHERS.o1, { city: 'Ironbridge' });
  setTag(ws, OTHERS.o1, 'vip', true);
  createNote(ws, OTHERS.o1, 'Ironwood private remark', false);
  createFollowUp(ws, { contactId: OTHERS.o1, title: 'Ironwood follow-up call', dueAt: '2027-01-06T10:00:00.000Z' });
  // The person's duplicate record is merged into them; two other people are merged too.
  mergeContacts(ws, { primaryId: P, otherIds: [P_DUP], choices: {}, customFields: {} });
  mergeContacts(ws, { primaryId: OTHERS.o1, otherIds: [OTHERS.o2], choices: {}, customFields: {} });
  // "Not duplicates" of the person and another contact: the audit entry names both.
  dismissDuplicate(ws, P, OTHERS.o3);
  // A conflict on the person and one on someone else.
  const conflict = ws.db.prepare("INSERT INTO conflicts (entity, entity_id, field, local_value, server_value, detected_at) VALUES ('contact', ?, 'city', ?, ?, '2026-03-01T00:00:00.000Z')");
  conflict.run(P, '"Rotterdam"', '"Delft"');
  conflict.run(OTHERS.o1, '"Ironbridge"', '"Ironforge"');
}

/** Every distinctive value of the other people, as stored. */
function othersStrings(): string[] {
  const strings = new Set<string>(Object.values(OTHERS));
  for (const id of Object.values(OTHERS)) {
    strings.add(id);
  }
  for (const row of ws.db.prepare(`SELECT id, first_name, last_name, email, phone, city FROM contacts WHERE id IN (${Object.values(OTHERS).map(() => '?').join(',')})`).all(...Object.values(OTHERS)) as Row[]) {
    for (const value of Object.values(row)) if (typeof value === 'string') strings.add(value);
  }
  // o2 was merged away: its name and address live on only in o1's merge record.
  for (const value of ['Bartholomeus', 'Ironwoode', 'b.ironwoode@example.net', '+4915188880002']) strings.add(value);
  for (const table of ['conversations', 'events', 'notes', 'follow_ups']) {
    for (const row of ws.db.prepare(`SELECT * FROM ${table} WHERE contact_id IN (?, ?, ?)`).all(...Object.values(OTHERS)) as Row[]) {
      strings.add(row['id'] as string);
      for (const key of ['body', 'title', 'summary']) if (typeof row[key] === 'string') strings.add(row[key] as string);
      if (typeof row['messages'] === 'string') for (const m of JSON.parse(row['messages'] as string) as { text: string; id: string }[]) strings.add(m.text).add(m.id);
    }
  }
  strings.add('Ironforge');
  return [...strings];
}

async function buildPackage() {
  const progress: number[] = [];
  const result = await writeDataAccessPackage(ws, P, null, (done) => progress.push(done));
  return { result, files: readZip(result.path), progress };
}

describe('data-access package', () => {
  it('holds every row about the person, in person.json and in its CSV file', async () => {
    buildWorkspace();
    const { result, files, progress } = await buildPackage();
    expect(result.path).toMatch(/[/\\]exports[/\\]data-access-\d{4}-\d{2}-\d{2}-\d{4}-person7d\.zip$/);
    expect(statSync(result.path).size).toBe(result.bytes);
    expect(progress.length).toBeGreaterThan(0);
    expect([...files.keys()].sort()).toEqual(
      ['README.txt', 'audit.csv', 'changes.csv', 'conflicts.csv', 'consents.csv', 'contact.csv', 'conversations.csv', 'events.csv', 'follow_ups.csv', 'merges.csv', 'messages.csv', 'notes.csv', 'pending_changes.csv', 'person.json', 'report.html'].sort(),
    );
    const person = JSON.parse(files.get('person.json')!.toString('utf8')) as Record<string, unknown>;
    const csv = (name: string) => parseCsv(files.get(name)!.toString('utf8'));
    const all = (sql: string, ...params: unknown[]) => ws.db.prepare(sql).all(...params) as Row[];

    // The contact: every stored column, custom fields with labels, preferences, tags.
    const stored = all('SELECT * FROM contacts WHERE id = ?', P)[0]!;
    const contactJson = person['contact'] as Row;
    for (const column of ['id', 'first_name', 'last_name', 'email', 'phone', 'city', 'country', 'source', 'created_at', 'updated_at', 'version', 'display_name']) {
      expect(contactJson[column], column).toEqual(stored[column]);
    }
    expect(person['customFields']).toEqual([
      { key: 'loyalty_tier', label: 'Loyalty tier', type: 'select', archived: false, value: 'Silver' },
      { key: 'legacy_code', label: null, type: null, archived: false, value: 'LX-17' },
    ]);
    expect(person['preferences']).toEqual({ newsletter: true });
    expect(person['tags']).toEqual(['vip']);
    const contactCsv = new Map(csv('contact.csv').map(([label, value]) => [label, value]));
    expect(contactCsv.get('Email')).toBe('wilhelmina.q@example.org');
    expect(contactCsv.get('City')).toBe('Rotterdam');
    expect(contactCsv.get('Loyalty tier')).toBe('Silver');
    expect(contactCsv.get('Tags')).toBe('vip');

    // Each kind: the database's rows about the person, no more, no fewer, in both forms.
    const childIds = (table: string) => all(`SELECT id FROM ${table} WHERE contact_id = ? ORDER BY id`, P).map((r) => r['id']);
    const jsonIds = (key: string, id = 'id') => (person[key] as Row[]).map((r) => r[id]).sort();
    const csvColumn = (name: string, header: string) => {
      const [head, ...rows] = csv(name);
      const at = head!.indexOf(header);
      expect(at, `${name} has ${header}`).toBeGreaterThanOrEqual(0);
      return rows.map((r) => r[at]).sort();
    };
    expect(childIds('conversations')).toEqual(['conv-p-1', 'conv-pdup-1']);
    expect(jsonIds('conversations')).toEqual(childIds('conversations'));
    expect(csvColumn('conversations.csv', 'Conversation')).toEqual(childIds('conversations'));
    expect(jsonIds('events')).toEqual(childIds('events'));
    expect(csvColumn('events.csv', 'Event')).toEqual(childIds('events'));
    expect(jsonIds('notes')).toEqual(childIds('notes'));
    expect(childIds('notes')).toHaveLength(2);
    expect(csvColumn('notes.csv', 'Note')).toEqual(childIds('notes'));
    expect(jsonIds('followUps')).toEqual(childIds('follow_ups'));
    expect(csvColumn('follow_ups.csv', 'Follow-up')).toEqual(childIds('follow_ups'));

    const messageIds = all("SELECT json_extract(m.value, '$.id') AS id FROM conversations c, json_each(c.messages) m WHERE c.contact_id = ?", P).map((r) => r['id']).sort();
    expect(messageIds).toHaveLength(4);
    expect((person['conversations'] as { messages: Row[] }[]).flatMap((c) => c.messages.map((m) => m['id'])).sort()).toEqual(messageIds);
    expect(csvColumn('messages.csv', 'Message')).toEqual(messageIds);

    const consents = all('SELECT pk, purpose, status, at FROM consents WHERE contact_id = ? ORDER BY pk', P);
    expect(consents).toHaveLength(3);
    expect(jsonIds('consentHistory', 'pk')).toEqual(consents.map((c) => c['pk']).sort());
    expect(csv('consents.csv').slice(1).map((r) => r.slice(0, 3).join('|')).sort()).toEqual(consents.map((c) => `${String(c['purpose'])}|${String(c['status'])}|${String(c['at'])}`).sort());

    const changes = all('SELECT pk, field FROM field_changes WHERE contact_id = ?', P);
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(jsonIds('fieldChanges', 'pk')).toEqual(changes.map((c) => c['pk']).sort());
    expect(csv('changes.csv')).toHaveLength(changes.length + 1);

    const merges = all('SELECT id FROM merges WHERE primary_id = ?', P);
    expect(merges).toHaveLength(1);
    expect(jsonIds('merges')).toEqual(merges.map((m) => m['id']));
    expect((person['merges'] as Row[])[0]!['merged_ids']).toEqual([P_DUP]);

    const ownIds = [P, P_DUP, ...childIds('conversations'), ...childIds('events'), ...childIds('notes'), ...childIds('follow_ups')];
    const outbox = all(`SELECT mutation_id FROM outbox WHERE entity_id IN (${ownIds.map(() => '?').join(',')})`, ...ownIds);
    expect(outbox.length).toBeGreaterThanOrEqual(5);
    expect(jsonIds('pendingChanges', 'mutation_id')).toEqual(outbox.map((o) => o['mutation_id']).sort());
    expect(csvColumn('pending_changes.csv', 'Change')).toEqual(outbox.map((o) => o['mutation_id']).sort());

    expect((person['conflicts'] as Row[]).map((c) => c['server_value'])).toEqual(['Delft']);
    expect(csv('conflicts.csv')).toHaveLength(2);

    // Audit entries about the person or any of their records (the package's own entry comes after it).
    const audit = all(
      `SELECT seq FROM audit_log WHERE entity_id IN (${ownIds.map(() => '?').join(',')}) OR json_extract(details, '$.contactId') = ? OR json_extract(details, '$.other') = ?`,
      ...ownIds,
      P,
      P,
    ).filter((r) => (r['seq'] as number) < (ws.db.prepare("SELECT seq FROM audit_log WHERE action = 'privacy.dsar'").pluck().get() as number));
    expect(audit.length).toBeGreaterThanOrEqual(6);
    const auditActions = (person['auditEntries'] as Row[]).map((a) => a['action']);
    expect(auditActions).toEqual(expect.arrayContaining(['contact.update', 'contact.tag_add', 'note.create', 'follow_up.create', 'contact.merge', 'duplicates.dismiss']));
    expect(jsonIds('auditEntries', 'seq')).toEqual(audit.map((a) => a['seq']).sort());
    expect(csv('audit.csv')).toHaveLength(audit.length + 1);

    expect(result.counts).toMatchObject({ conversations: 2, messages: 4, events: 2, notes: 2, followUps: 1, consents: 3, merges: 1, conflicts: 1, audit: audit.length, pendingChanges: outbox.length });
  });

  it('holds nothing about anyone else in any of its files', async () => {
    buildWorkspace();
    const { files } = await buildPackage();
    const forbidden = othersStrings();
    expect(forbidden.length).toBeGreaterThan(25);
    for (const [name, bytes] of files) {
      const text = bytes.toString('utf8');
      for (const value of forbidden) expect(text.includes(value), `${name} contains "${value}"`).toBe(false);
      // HTML-escaped and CSV-quoted forms of a value would hide it from the plain check.
      expect(text.includes('Ironwood'), name).toBe(false);
    }
    // The dismissed pair is there, its other side redacted.
    const person = JSON.parse(files.get('person.json')!.toString('utf8')) as { auditEntries: Row[] };
    const dismissed = person.auditEntries.find((a) => a['action'] === 'duplicates.dismiss')!;
    expect(JSON.stringify(dismissed)).toContain('(another contact)');
  });

  it('shows hostile text as text in the report, defuses formulas in the CSV files, and loads nothing', async () => {
    buildWorkspace();
    const { files } = await buildPackage();
    const html = files.get('report.html')!.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Only these elements, and no attribute that could run or load anything.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)/gi)].map((m) => (m[1] as string).toLowerCase()));
    expect([...tags].filter((t) => !['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'article', 'p', 'h1', 'h2', 'h3', 'b', 'strong', 'span', 'ul', 'ol', 'li', 'div', 'time', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\s(on\w+|src|href|action|formaction)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).toContain('Wilhelmina Quarterstaff');
    expect(html).toContain('Consent history');
    const messages = files.get('messages.csv')!.toString('utf8');
    expect(messages).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(files.get('README.txt')!.toString('utf8')).toContain('person.json');
  });

  it('logs the package in the audit log with ids and counts only, and lists it', async () => {
    buildWorkspace();
    const { result } = await buildPackage();
    const entry = ws.db.prepare("SELECT * FROM audit_log WHERE action = 'privacy.dsar'").get() as Row;
    expect(entry).toMatchObject({ entity: 'contact', entity_id: P, actor_name: ws.agent.name });
    const details = JSON.parse(entry['details'] as string) as Row;
    expect(details).toEqual({ file: result.fileName, bytes: result.bytes, counts: result.counts });
    expect(entry['details']).not.toMatch(/Wilhelmina|Quarterstaff|example\.org|\+49/);
    expect(verifyAuditChain(ws.db).ok).toBe(true);
    // What the contract methods return passes their output schemas.
    expect(contract['privacy.dataAccessExport'].output.parse(result)).toEqual(result);
    expect(contract['privacy.dataAccessHistory'].output.safeParse(dataAccessHistory(ws, 10)).success).toBe(true);
    expect(contract['privacy.dataAccessExport'].input.safeParse({ contactId: '' }).success).toBe(false);
    expect(dataAccessHistory(ws, 10)).toEqual([{ at: entry['at'], actorName: ws.agent.name, contactId: P, contactName: 'Wilhelmina Quarterstaff', fileName: result.fileName, bytes: result.bytes }]);
  });

  it('refuses an unknown contact and an unwritable path, leaving no file and no entry', async () => {
    buildWorkspace();
    await expect(writeDataAccessPackage(ws, 'nobody-here', null)).rejects.toThrow(/no contact with the ID nobody-here/);
    const dir = tempDir();
    try {
      await expect(writeDataAccessPackage(ws, P, join(dir.path, 'missing', 'x.zip'))).rejects.toThrow(/cannot be written.*folder does not exist/);
    } finally {
      dir.cleanup();
    }
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'privacy.dsar'").pluck().get()).toBe(0);
  });

  it('the CLI writes the same package and prints the counts', async () => {
    buildWorkspace();
    const { files } = await buildPackage();
    const dir = tempDir();
    try {
      const out = join(dir.path, 'package.zip');
      const lines: string[] = [];
      const errors: string[] = [];
      const code = await runCli(['dsar', '--db', ws.options.databasePath, '--contact', P, '--out', out], { log: (l) => lines.push(l), error: (l) => errors.push(l) });
      expect(errors).toEqual([]);
      expect(code).toBe(0);
      expect(lines.join('\n')).toMatch(/Wrote .*package\.zip \([\d,]+ bytes\): consents 3, conversations 2, messages 4/);
      const cli = readZip(out);
      expect([...cli.keys()]).toEqual([...files.keys()]);
      const strip = (buffer: Buffer) => {
        const { generatedAt: _at, auditEntries, ...rest } = JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;
        return { rest, audit: (auditEntries as Row[]).filter((a) => a['action'] !== 'privacy.dsar') };
      };
      expect(strip(cli.get('person.json')!)).toEqual(strip(files.get('person.json')!));
      expect(cli.get('messages.csv')!.equals(files.get('messages.csv')!)).toBe(true);

      const failed: string[] = [];
      const unknown = await runCli(['dsar', '--db', ws.options.databasePath, '--contact', 'nobody-here', '--out', out], { log: () => {}, error: (l) => failed.push(l) });
      expect(unknown).toBe(1);
      expect(failed.join('\n')).toMatch(/no contact with the ID nobody-here/);
      const usage = await runCli(['dsar', '--db', ws.options.databasePath], { log: () => {}, error: (l) => failed.push(l) });
      expect(usage).toBe(2);
      expect(failed.join('\n')).toMatch(/--contact is required/);
    } finally {
      dir.cleanup();
    }
  });

  it('streams a person with 50,000 messages (one conversation of 10,000) in bounded memory', async () => {
    ws = openTestWorkspace();
    const text = (i: number) => `Message number ${i} with some ordinary words to make it realistically long, about an order and a delivery window.`;
    const conversations = [];
    conversations.push(conversation(P, 'big-conv', '2025-01-01T00:00:00.000Z', Array.from({ length: 10_000 }, (_, i) => ({ role: i % 2 ? 'bot' : 'user', text: text(i) }) as const)));
    for (let c = 0; c < 400; c++) {
      conversations.push(conversation(P, `conv-${c}`, `2025-02-01T00:${String(c % 60).padStart(2, '0')}:00.000Z`, Array.from({ length: 100 }, (_, i) => ({ role: 'user', text: text(c * 100 + i) }) as const)));
    }
    load(ws, { contacts: [contact({ id: P })], conversations: conversations.splice(0) });
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const result = await writeDataAccessPackage(ws, P, null, () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    });
    expect(result.counts.messages).toBe(50_000);
    expect(result.counts.conversations).toBe(401);
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
    const files = readZip(result.path);
    const lines = files.get('messages.csv')!.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(50_001);
    const person = JSON.parse(files.get('person.json')!.toString('utf8')) as { conversations: { id: string; messages: unknown[] }[] };
    expect(person.conversations.find((c) => c.id === 'big-conv')!.messages).toHaveLength(10_000);
    expect(existsSync(result.path)).toBe(true);
  }, 120_000);
});
