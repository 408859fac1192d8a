/** The tag manager: counts, colour, and rename, merge and delete across every contact, each synced per contact. */
import { afterEach, describe, expect, it } from 'vitest';
import { deleteTag, listTags, mergeTags, renameTag, setTagColor } from '../core/services/tags.js';
import { getContact } from '../core/services/contacts.js';
import { contact, load, openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

function seed(n = 2500) {
  ws = openTestWorkspace();
  load(ws, {
    contacts: Array.from({ length: n }, (_, i) => contact({ id: `c${i}`, tags: [...(i % 2 === 0 ? ['vip'] : []), ...(i % 3 === 0 ? ['VIP customer'] : []), 'all'] })),
  });
}
const tagId = (name: string) => listTags(ws).find((t) => t.name === name)!.id;
const mutations = (op: string, tag: string) => ws.db.prepare("SELECT count(*) FROM outbox WHERE op = ? AND json_extract(payload, '$.tag') = ?").pluck().get(op, tag) as number;

describe('tag manager', () => {
  it('lists tags with their usage and keeps a colour', () => {
    seed(30);
    expect(listTags(ws).map((t) => [t.name, t.count])).toEqual([
      ['all', 30],
      ['vip', 15],
      ['VIP customer', 10],
    ]);
    const tags = setTagColor(ws, tagId('vip'), '#12b886');
    expect(tags.find((t) => t.name === 'vip')?.color).toBe('#12b886');
  });

  it('renames a tag on every contact in batches, with a remove and an add per contact, reporting progress', async () => {
    seed();
    const steps: number[] = [];
    await renameTag(ws, tagId('vip'), 'priority', (done) => steps.push(done));
    expect(steps).toEqual([1000, 1250]);
    expect(listTags(ws).map((t) => t.name)).toEqual(['all', 'priority', 'VIP customer']);
    expect(getContact(ws, 'c0').tags).toContain('priority');
    expect(getContact(ws, 'c0').tags).not.toContain('vip');
    expect(mutations('tag_remove', 'vip')).toBe(1250);
    expect(mutations('tag_add', 'priority')).toBe(1250);
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'tag.rename'").pluck().get()).toBe(1);
  });

  it('refuses a rename onto another tag (that is a merge) and changes nothing', async () => {
    seed(10);
    await expect(renameTag(ws, tagId('vip'), 'all', () => undefined)).rejects.toThrow(/merge into it instead/);
    expect(listTags(ws).find((t) => t.name === 'vip')?.count).toBe(5);
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });

  it('changes only the letter case of a tag in place', async () => {
    seed(10);
    await renameTag(ws, tagId('vip'), 'VIP', () => undefined);
    expect(listTags(ws).find((t) => t.name === 'VIP')?.count).toBe(5);
    expect(mutations('tag_add', 'VIP')).toBe(5);
  });

  it('merges one tag into another: contacts with both keep one, the first tag goes', async () => {
    seed(12);
    await mergeTags(ws, tagId('VIP customer'), tagId('vip'), () => undefined);
    const tags = listTags(ws);
    expect(tags.map((t) => t.name)).toEqual(['all', 'vip']);
    // c0, c6 had both; c3, c9 only the merged one: they gain vip.
    expect(tags.find((t) => t.name === 'vip')?.count).toBe(8);
    expect(mutations('tag_remove', 'VIP customer')).toBe(4);
    expect(mutations('tag_add', 'vip')).toBe(2);
  });

  it('deletes a tag from every contact', async () => {
    seed(2100);
    await deleteTag(ws, tagId('all'), () => undefined);
    expect(listTags(ws).map((t) => t.name)).toEqual(['vip', 'VIP customer']);
    expect(mutations('tag_remove', 'all')).toBe(2100);
    expect(getContact(ws, 'c5').tags).toEqual([]);
  });
});
