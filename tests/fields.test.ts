/** Custom field definitions made and changed here: validated, queued for the service, ordered locally. */
import { afterEach, describe, expect, it } from 'vitest';
import { createField, keyFromLabel, reorderFields, updateField } from '../core/services/fields.js';
import { openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

const queued = () =>
  (ws.db.prepare("SELECT op, payload FROM outbox WHERE entity = 'field_definition' ORDER BY seq").all() as { op: string; payload: string }[]).map((r) => ({ op: r.op, ...(JSON.parse(r.payload) as object) }));

describe('custom field definitions', () => {
  it('creates a field with a key made from its label and queues the spec create', () => {
    ws = openTestWorkspace();
    const field = createField(ws, { label: 'Preferred plan', type: 'select', options: [' Basic ', 'Pro', 'pro', '', 'Team'] });
    expect(field).toMatchObject({ key: 'preferred_plan', label: 'Preferred plan', type: 'select', options: ['Basic', 'Pro', 'Team'], archived: false });
    expect(queued()).toEqual([{ op: 'create', fields: { key: 'preferred_plan', label: 'Preferred plan', type: 'select', options: ['Basic', 'Pro', 'Team'], archived: false } }]);
    expect(ws.fieldDefinitions().map((f) => f.key)).toContain('preferred_plan');
    expect(keyFromLabel(ws, 'Preferred plan')).toBe('preferred_plan_2');
    expect(keyFromLabel(ws, 'Größe (cm)')).toBe('grosse_cm');
    expect(keyFromLabel(ws, '2nd contact')).toBe('f_2nd_contact');
  });

  it('refuses a taken or malformed key and a choice field without options, writing nothing', () => {
    ws = openTestWorkspace();
    createField(ws, { label: 'Plan', type: 'text' });
    expect(() => createField(ws, { label: 'Plan again', key: 'plan', type: 'text' })).toThrow(/exists already/);
    expect(() => createField(ws, { label: 'Bad', key: 'Bad Key', type: 'text' })).toThrow(/starts with a letter/);
    expect(() => createField(ws, { label: 'Size', type: 'multi_select', options: [' ', ''] })).toThrow(/at least one option/);
    expect(queued()).toHaveLength(1);
    expect(ws.db.prepare('SELECT count(*) FROM field_definitions').pluck().get()).toBe(1);
  });

  it('relabels, changes options, archives and restores with the old values as base; a no-op queues nothing', () => {
    ws = openTestWorkspace();
    const field = createField(ws, { label: 'Size', type: 'select', options: ['S', 'M'] });
    updateField(ws, field.id, { label: 'Shirt size', options: ['S', 'M', 'L'] });
    updateField(ws, field.id, { archived: true });
    updateField(ws, field.id, { archived: true });
    const restored = updateField(ws, field.id, { archived: false });
    expect(restored).toMatchObject({ label: 'Shirt size', options: ['S', 'M', 'L'], archived: false, key: 'size' });
    expect(queued().slice(1)).toEqual([
      { op: 'update', fields: { label: 'Shirt size', options: ['S', 'M', 'L'] }, base: { label: 'Size', options: ['S', 'M'] } },
      { op: 'update', fields: { archived: true }, base: { archived: false } },
      { op: 'update', fields: { archived: false }, base: { archived: true } },
    ]);
  });

  it('orders fields on this device only', () => {
    ws = openTestWorkspace();
    const a = createField(ws, { label: 'A', type: 'text' });
    const b = createField(ws, { label: 'B', type: 'number' });
    const c = createField(ws, { label: 'C', type: 'date' });
    const before = queued().length;
    expect(reorderFields(ws, [c.id, a.id]).map((f) => f.label)).toEqual(['C', 'A', 'B']);
    expect(ws.fieldDefinitions().map((f) => f.id)).toEqual([c.id, a.id, b.id]);
    expect(queued()).toHaveLength(before);
    expect(() => reorderFields(ws, ['nope'])).toThrow(/does not exist/);
  });
});
