/**
 * Custom field definitions: created, relabelled, given options, archived and restored here,
 * synced as the spec's `field_definition` (a key never changes; a field is retired with
 * `archived: true`, never deleted, because contacts' values refer to its key). The order they
 * are shown in is this device's own (`position`, not synced).
 */
import { randomUUID } from 'node:crypto';
import type { FieldDefinition } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import type { Workspace } from './workspace.js';

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
const CHOICE_TYPES: ReadonlySet<string> = new Set(['select', 'multi_select']);

interface FieldRow {
  id: string;
  version: number;
  key: string;
  label: string;
  type: FieldDefinition['type'];
  options: string;
  archived: number;
}

function load(ws: Workspace, id: string): FieldRow {
  const row = ws.stmt<[string], FieldRow>('SELECT id, version, key, label, type, options, archived FROM field_definitions WHERE id = ?').get(id);
  if (!row) throw notFound('Field', id);
  return row;
}

function toField(row: FieldRow): FieldDefinition {
  return { id: row.id, key: row.key, label: row.label, type: row.type, options: JSON.parse(row.options) as string[], archived: row.archived === 1 };
}

/** "Preferred plan" → "preferred_plan"; made unique with a number when taken. */
export function keyFromLabel(ws: Workspace, label: string): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'f_$1')
      .slice(0, 50) || 'field';
  const taken = (key: string) => ws.stmt<[string], { n: number }>('SELECT 1 AS n FROM field_definitions WHERE key = ?').get(key) !== undefined;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}_${n}`)) return `${base}_${n}`;
}

/** Trimmed, without blanks or repeats (case-insensitive), for the select types; none otherwise. */
function cleanOptions(type: string, options: string[] | undefined): string[] {
  if (!CHOICE_TYPES.has(type)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const option of options ?? []) {
    const value = option.trim();
    if (value === '' || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push(value);
  }
  if (out.length === 0) throw new CoreError('bad_request', 'A choice field needs at least one option.', ['options']);
  return out;
}

function changed(ws: Workspace): void {
  ws.contactsChanged(null);
  ws.events.emit({ type: 'fields.changed' });
}

export function createField(ws: Workspace, input: { label: string; key?: string | undefined; type: FieldDefinition['type']; options?: string[] | undefined }): FieldDefinition {
  const id = randomUUID();
  ws.transaction(() => {
    const key = input.key ?? keyFromLabel(ws, input.label);
    if (!KEY.test(key)) throw new CoreError('bad_request', 'A key starts with a letter and holds only a–z, 0–9 and _ (at most 63).', ['key']);
    if (ws.stmt<[string], { n: number }>('SELECT 1 AS n FROM field_definitions WHERE key = ?').get(key)) {
      throw new CoreError('conflict', `A field with the key “${key}” exists already (keys never change, so pick another).`, ['key']);
    }
    const options = cleanOptions(input.type, input.options);
    const position = (ws.stmt<[], { p: number | null }>('SELECT max(position) AS p FROM field_definitions').get()?.p ?? 0) + 1;
    ws.stmt('INSERT INTO field_definitions (id, version, key, label, type, options, archived, position) VALUES (?, 0, ?, ?, ?, ?, 0, ?)').run(
      id, key, input.label, input.type, JSON.stringify(options), position,
    );
    ws.outbox.enqueue({ entity: 'field_definition', op: 'create', id, baseVersion: null, payload: { fields: { key, label: input.label, type: input.type, options, archived: false } } });
    ws.audit.append(ws.agent, { action: 'field.create', entity: 'field_definition', entityId: id, details: { key, type: input.type } });
  });
  changed(ws);
  return toField(load(ws, id));
}

/** Relabels, changes the options of a choice field, archives or restores. Key and type stay. */
export function updateField(ws: Workspace, id: string, changes: { label?: string | undefined; options?: string[] | undefined; archived?: boolean | undefined }): FieldDefinition {
  const didChange = ws.transaction(() => {
    const row = load(ws, id);
    const current = toField(row);
    const next = {
      label: changes.label ?? current.label,
      options: changes.options === undefined ? current.options : cleanOptions(row.type, changes.options),
      archived: changes.archived ?? current.archived,
    };
    const fields: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    if (next.label !== current.label) [fields['label'], base['label']] = [next.label, current.label];
    if (JSON.stringify(next.options) !== JSON.stringify(current.options)) [fields['options'], base['options']] = [next.options, current.options];
    if (next.archived !== current.archived) [fields['archived'], base['archived']] = [next.archived, current.archived];
    if (Object.keys(fields).length === 0) return false;
    ws.stmt('UPDATE field_definitions SET label = ?, options = ?, archived = ? WHERE id = ?').run(next.label, JSON.stringify(next.options), next.archived ? 1 : 0, id);
    ws.outbox.enqueue({ entity: 'field_definition', op: 'update', id, baseVersion: row.version, payload: { fields, base } });
    ws.audit.append(ws.agent, { action: 'field.update', entity: 'field_definition', entityId: id, details: { fields: Object.keys(fields) } });
    return true;
  });
  if (didChange) changed(ws);
  return toField(load(ws, id));
}

/** The order fields are shown in on this device: the given ids first, in that order. */
export function reorderFields(ws: Workspace, ids: string[]): FieldDefinition[] {
  ws.transaction(() => {
    const all = ws.stmt<[], { id: string }>('SELECT id FROM field_definitions ORDER BY archived, position, label').all().map((r) => r.id);
    const known = new Set(all);
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) throw notFound('Field', unknown);
    const order = [...new Set(ids), ...all.filter((id) => !ids.includes(id))];
    const set = ws.stmt('UPDATE field_definitions SET position = ? WHERE id = ?');
    order.forEach((id, index) => set.run(index + 1, id));
    ws.audit.append(ws.agent, { action: 'settings.fields_reordered', details: { count: order.length } });
  });
  changed(ws);
  return ws.fieldDefinitions();
}
