/**
 * Every action the core writes to the audit log has plain words in the viewer: a new action
 * without a label would show as a machine name ("Retention: rule create").
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_LABELS } from '../renderer/src/features/privacy/auditText.js';

const CORE = fileURLToPath(new URL('../core', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('audit action labels', () => {
  it('name every action the core records', () => {
    const actions = new Set<string>();
    for (const file of sources(CORE)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) actions.add(match[1] as string);
    }
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((action) => !(action in ACTION_LABELS)).sort()).toEqual([]);
  });
});
