import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactIdFor, fieldDefinitions } from '../../core/generator/index.js';
import { ENTITY_SCHEMAS, type EntityKind } from '../../core/spec/entities.js';
import { startService } from '../../service/main.js';
import { ServiceStore } from '../../service/store.js';
import { NEXT_INDEX_KEY } from '../../service/seed.js';
import { TOKEN, startTestService } from './helpers.js';

describe('seeding', () => {
  it('generates N contacts with their children and the field definitions, all valid per the spec', async () => {
    const svc = await startTestService({ seed: 250, generatorSeed: 42 });
    try {
      const counts = svc.store.counts();
      expect(counts.contact.live).toBe(250);
      expect(counts.field_definition.live).toBe(fieldDefinitions().length);
      expect(counts.conversation.live).toBeGreaterThan(100);
      expect(counts.event.live).toBeGreaterThan(100);
      expect(svc.store.get('contact', contactIdFor(42, 0))).toBeDefined();
      expect(svc.store.get('contact', contactIdFor(42, 249))).toBeDefined();
      expect(svc.store.getMeta(NEXT_INDEX_KEY)).toBe('250');
      const { changes } = await svc.pullAll(null, 5000);
      expect(changes.slice(0, fieldDefinitions().length).every((c) => c.entity === 'field_definition')).toBe(true);
      for (const c of changes) expect(ENTITY_SCHEMAS[c.entity as EntityKind].safeParse(c.data).success).toBe(true);
      expect(svc.logs.some((l) => /seeded 250 contacts .* contacts\/s/.test(l))).toBe(true);
      expect(svc.store.checksum()).toEqual(svc.store.recomputeChecksum());
    } finally {
      await svc.cleanup();
    }
  });

  it('keeps its data, agents and checksum across a restart and never seeds twice', async () => {
    const svc = await startTestService({ seed: 40 });
    const seq = svc.store.seq;
    const sums = svc.store.checksum();
    const agent = (await svc.api('GET', '/v1/workspace')).body.agent;
    const workspace = (await svc.api('GET', '/v1/workspace')).body.id;
    await svc.close();
    const logs: string[] = [];
    const again = await startService({ port: 0, dataDir: svc.dir, tokens: ['someone-new', TOKEN], seed: 40, log: (l) => logs.push(l) });
    try {
      expect(again.store.seq).toBe(seq);
      expect(again.store.checksum()).toEqual(sums);
      expect(logs.some((l) => l.includes('--seed ignored'))).toBe(true);
      const res = await fetch(`${again.url}/v1/workspace`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { id: string; agent: unknown };
      expect(body.agent).toEqual(agent);
      expect(body.id).toBe(workspace);
    } finally {
      await again.close();
      await svc.cleanup().catch(() => undefined);
    }
  });

  it('refuses a database that an interrupted seed left half-filled', async () => {
    const svc = await startTestService();
    await svc.close();
    const store = new ServiceStore({ dataDir: svc.dir });
    store.setMeta('bulk_load', 'running');
    store.close();
    expect(() => new ServiceStore({ dataDir: svc.dir })).toThrow(/interrupted seed/);
    await svc.cleanup().catch(() => undefined);
  });
});

describe('startService', () => {
  it('fails cleanly when the port is taken, and needs a token', async () => {
    const svc = await startTestService();
    try {
      await expect(startService({ port: svc.port, dataDir: svc.dir + '-other', tokens: [TOKEN], log: () => undefined })).rejects.toThrow(/EADDRINUSE/);
      await expect(startService({ port: 0, dataDir: svc.dir + '-other', tokens: [], log: () => undefined })).rejects.toThrow(/token/);
    } finally {
      await svc.cleanup();
      rmSync(svc.dir + '-other', { recursive: true, force: true });
    }
  });
});
