/**
 * electron-builder.yml and what it points at: valid for electron-builder's own schema, every
 * target and arch the release needs, the macOS hardened runtime's entitlements, the fuses of
 * ARCHITECTURE.md, the native module unpacked, the deep-link scheme, the update feed, and a
 * `files` list that ships what the bundles import and nothing of the renderer's packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(join(ROOT, 'package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };
const plist = require('plist') as { parse(xml: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean };

type Target = { target: string; arch: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  artifactName: string;
  files: (string | { from: string; to: string; filter: string[] })[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  protocols: { name: string; schemes: string[] }[];
  publish: unknown;
  win: { target: Target[]; icon: string };
  mac: { target: Target[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; gatekeeperAssess: boolean; icon: string };
  linux: { target: Target[]; icon: string };
  directories: { buildResources: string };
}

function loadConfig(): BuilderConfig {
  return yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  await validateConfiguration(config, { isEnabled: false, add() {} });
}

/** `files` as electron-builder reads it: the last pattern that matches a path decides. */
function shipped(config: BuilderConfig, path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (typeof pattern !== 'string') continue;
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

const config = loadConfig();

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, which rejects an unknown or misplaced key", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, signing: true })).rejects.toThrow(/unknown property 'signing'/);
    await expect(validate({ ...config, mac: { ...config.mac, oneClick: true } })).rejects.toThrow(/configuration\.mac/);
  });

  it('names the app and its artifacts by version, OS and arch', () => {
    expect(config.appId).toBe('ai.nexvio.contacts');
    expect(config.productName).toBe('Nexvio Contacts');
    for (const macro of ['${version}', '${os}', '${arch}', '${ext}']) expect(config.artifactName).toContain(macro);
  });

  it('builds every target and arch the release needs', () => {
    const arches = (targets: Target[], name: string) => targets.find((target) => target.target === name)?.arch.slice().sort();
    expect(arches(config.win.target, 'nsis')).toEqual(['arm64', 'x64']);
    expect(arches(config.mac.target, 'dmg')).toEqual(['arm64', 'x64']);
    expect(arches(config.mac.target, 'zip')).toEqual(['arm64', 'x64']);
    expect(arches(config.linux.target, 'AppImage')).toContain('x64');
    expect(arches(config.linux.target, 'deb')).toContain('x64');
  });

  it('signs macOS builds with the hardened runtime and only the JIT entitlement', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.gatekeeperAssess).toBe(false);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<!DOCTYPE plist/);
      // Parsed by the plist package electron-builder's signing reads it with: exactly these keys.
      expect(plist.parse(text), file).toEqual({ 'com.apple.security.cs.allow-jit': true });
    }
  });

  it('flips the fuses ARCHITECTURE.md lists', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('ships the Electron build of better-sqlite3, unpacked from the asar, and never rebuilds node_modules', () => {
    expect(config.npmRebuild).toBe(false);
    const native = config.files.find((entry) => typeof entry !== 'string');
    expect(native).toEqual({ from: '.native/packaging/${platform}-${arch}', to: 'node_modules/better-sqlite3/build/Release', filter: ['better_sqlite3.node'] });
    // The Node build in node_modules stays out; the one from .native/packaging takes its place.
    expect(shipped(config, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(shipped(config, 'node_modules/better-sqlite3/lib/index.js')).toBe(true);
    // electron-builder matches asarUnpack against the source path, here under .native/.
    const unpacked = (path: string) => config.asarUnpack.some((pattern) => minimatch(path, pattern, { dot: true }));
    expect(unpacked('.native/packaging/linux-x64/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('dist/main.js')).toBe(false);
  });

  it('registers the nexvio-contacts deep-link scheme', () => {
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['nexvio-contacts'] })]);
  });

  it('has no update feed of its own: dist adds the generic one from NEXVIO_UPDATE_URL', () => {
    expect(config.publish).toBeNull();
  });

  it('ships the built app without source maps, the browser host, the CLI or the benchmarks', () => {
    for (const path of ['dist/main.js', 'dist/worker.js', 'dist/preload.cjs', 'dist/renderer/index.html', 'dist/pull-worker.js', 'package.json']) {
      expect(shipped(config, path), path).toBe(true);
    }
    for (const path of ['dist/main.js.map', 'dist/web.js', 'dist/cli.js', 'dist/bench.js', 'dist/bench-sync.js', 'main/main.ts', 'core/db/db.ts', 'tests/packaging.test.ts', 'electron-builder.yml']) {
      expect(shipped(config, path), path).toBe(false);
    }
  });

  it('points at icons that exist', () => {
    const resources = join(ROOT, config.directories.buildResources);
    expect(existsSync(join(resources, config.win.icon))).toBe(true);
    expect(existsSync(join(resources, config.mac.icon))).toBe(true);
    expect(existsSync(join(resources, config.linux.icon, '512x512.png'))).toBe(true);
  });
});

describe("electron-builder.yml's node_modules", () => {
  /** Bare package names the app's shipped bundles import at run time. */
  let runtimeImports: Set<string>;

  beforeAll(async () => {
    // The Node entry points scripts/build.mjs bundles, those whose dist/<name>.js ships, with
    // node_modules external as there: what stays an import must be in the package.
    const buildScript = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
    const entriesBlock = /const nodeEntries = \{([\s\S]*?)\n\};/.exec(buildScript)?.[1] ?? '';
    const entries = [...entriesBlock.matchAll(/^\s*'?([\w-]+)'?: '([^']+\.ts)',/gm)].map((match) => ({ name: match[1]!, source: match[2]! }));
    expect(entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(['main', 'worker', 'web', 'cli']));
    const entryPoints = entries.filter((entry) => shipped(config, `dist/${entry.name}.js`) && existsSync(join(ROOT, entry.source))).map((entry) => entry.source);
    expect(entryPoints).toContain('main/main.ts');
    expect(entryPoints).not.toContain('host/web.ts');
    const result = await build({ absWorkingDir: ROOT, entryPoints, bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outdir: 'out-test', logLevel: 'silent' });
    runtimeImports = new Set();
    for (const output of Object.values(result.metafile.outputs)) {
      for (const { path, external } of output.imports) {
        if (!external || isBuiltin(path) || path === 'electron') continue;
        runtimeImports.add(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!);
      }
    }
  }, 60_000);

  /** The packages a package needs at run time, itself included (package-lock's dependencies). */
  function closure(roots: Iterable<string>, skip: Set<string>): Set<string> {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> };
    const seen = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (seen.has(name) || skip.has(name)) continue;
      seen.add(name);
      const entry = lock.packages[`node_modules/${name}`];
      queue.push(...Object.keys(entry?.dependencies ?? {}), ...Object.keys(entry?.optionalDependencies ?? {}));
    }
    return seen;
  }

  it('ships every package the bundles import and what those need, and nothing else', () => {
    expect(runtimeImports.has('better-sqlite3')).toBe(true);
    // The updater and the log files of main/ (issue 8's desktop part) import these; listed here
    // too so this test holds before and after that part is merged.
    const roots = new Set([...runtimeImports, 'electron-updater', 'electron-log']);
    // prebuild-install only runs when better-sqlite3 is installed.
    const needed = closure(roots, new Set(['prebuild-install']));
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const everyInstalled = closure(Object.keys(packageJson.dependencies), new Set());
    const missing = [...needed].filter((name) => !shipped(config, `node_modules/${name}/package.json`));
    const extra = [...everyInstalled].filter((name) => !needed.has(name) && shipped(config, `node_modules/${name}/package.json`));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("leaves out the renderer's packages, which Vite bundled", () => {
    for (const name of ['react', 'react-dom', '@mantine/core', '@tanstack/react-table', 'recharts', 'zustand', 'prebuild-install']) {
      expect(shipped(config, `node_modules/${name}/package.json`), name).toBe(false);
    }
  });

  it("drops the packages' docs, type declarations and source maps", () => {
    expect(shipped(config, 'node_modules/zod/README.md')).toBe(false);
    expect(shipped(config, 'node_modules/zod/index.d.ts')).toBe(false);
    expect(shipped(config, 'node_modules/electron-updater/out/main.js.map')).toBe(false);
    expect(shipped(config, 'node_modules/electron-updater/out/main.js')).toBe(true);
  });
});
