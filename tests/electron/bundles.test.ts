/**
 * Guards on what the Electron files pull in, checked with esbuild (type-only imports vanish
 * in a bundle, so these see what really loads at run time).
 */
import { build, type Metafile } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function bundle(entry: string, external: string[]): Promise<{ metafile: Metafile; bytes: number }> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external,
    logLevel: 'silent',
  });
  return { metafile: result.metafile, bytes: result.outputFiles[0]?.contents.byteLength ?? 0 };
}

function runtimeImports(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
}

/** Modules whose logic is unit-tested in plain Node: they must not load electron. */
const PURE_MODULES = [
  'main/app-origin.ts',
  'main/csp.ts',
  'main/url-policy.ts',
  'main/protocol-handler.ts',
  'main/sender.ts',
  'main/ipc-handler.ts',
  'main/window-options.ts',
  'main/menu-template.ts',
  'main/paths.ts',
  'main/lifecycle.ts',
  'main/deep-link.ts',
  'main/log-redaction.ts',
  'main/update-policy.ts',
  'main/window-state.ts',
  'main/notify-rules.ts',
  'main/output-lines.ts',
  'preload/bridge.ts',
];

describe('bundles', () => {
  it.each(PURE_MODULES)('%s does not load electron at run time', async (entry) => {
    const { metafile } = await bundle(entry, ['electron', 'zod']);
    expect(runtimeImports(metafile)).not.toContain('electron');
  });

  it('the preload requires only electron and bundles no zod', async () => {
    const { metafile, bytes } = await bundle('preload/preload.ts', ['electron']);
    expect([...new Set(runtimeImports(metafile))]).toEqual(['electron']);
    expect(Object.keys(metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(bytes).toBeLessThan(8 * 1024);
  });
});
