/** Small hand-written workspaces for tests (the generator makes the big ones). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityWriter, type EntityBatch } from '../core/db/apply.js';
import { SpecContact, SpecConversation, SpecEvent, SpecNote, type SpecContactInput } from '../core/spec/entities.js';
import { type Workspace, openWorkspace } from '../core/services/workspace.js';

export function tempDir(prefix = 'nexvio-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestWorkspace(): Workspace & { cleanup: () => void } {
  const dir = tempDir();
  const ws = openWorkspace({ databasePath: join(dir.path, 'test.db'), host: 'cli', slowQueryMs: 0 });
  return Object.assign(ws, {
    cleanup: () => {
      ws.db.close();
      dir.cleanup();
    },
  });
}

let counter = 0;
export function contact(overrides: Partial<SpecContactInput> = {}): SpecContact {
  counter++;
  const n = String(counter).padStart(4, '0');
  return SpecContact.parse({
    id: `c-${n}`,
    version: 1,
    first_name: 'Test',
    last_name: `Person ${n}`,
    email: `person${n}@example.com`,
    phone: `+49151000${n}`,
    created_at: `2026-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`,
    updated_at: '2026-02-01T00:00:00.000Z',
    country: 'DE',
    source: 'web',
    ...overrides,
  });
}

export function conversation(contactId: string, id: string, startedAt: string, messages: { role: 'user' | 'bot' | 'agent'; text: string }[] = []) {
  return SpecConversation.parse({
    id,
    version: 1,
    contact_id: contactId,
    channel: 'web',
    started_at: startedAt,
    status: 'resolved',
    summary: null,
    messages: messages.map((m, i) => ({ id: `${id}-m${i}`, role: m.role, text: m.text, sent_at: startedAt, author_name: null })),
  });
}

export function event(contactId: string, id: string, occurredAt: string, type = 'page_view') {
  return SpecEvent.parse({ id, version: 1, contact_id: contactId, type, occurred_at: occurredAt, properties: { url: 'https://example.com/pricing' } });
}

export function note(contactId: string, id: string, body: string, createdAt: string) {
  return SpecNote.parse({ id, version: 1, contact_id: contactId, author: { id: 'a1', name: 'Agent Smith' }, body, pinned: false, created_at: createdAt, updated_at: createdAt });
}

export function load(ws: Workspace, batch: EntityBatch): void {
  const writer = new EntityWriter(ws.db, ws.search);
  ws.transaction(() => writer.apply(batch));
}
