#!/usr/bin/env node
/**
 * Builds everything into dist/: the Node-side entry points with esbuild (node_modules stay
 * external and load at run time) and the renderer with Vite.
 *   node scripts/build.mjs             build all
 *   node scripts/build.mjs --if-stale  build only when a source is newer than dist/
 *   node scripts/build.mjs --no-renderer
 */
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const args = new Set(process.argv.slice(2));

const SOURCE_DIRS = ['main', 'preload', 'core', 'host', 'cli', 'bench', 'renderer', 'service'];
const STAMP = join(dist, '.built');

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  for (const file of ['package.json', 'vite.config.ts', 'scripts/build.mjs']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

const NODE_STAMP = join(dist, '.built-node');
const stamp = args.has('--no-renderer') ? NODE_STAMP : STAMP;
if (args.has('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSourceMtime()) process.exit(0);

const started = Date.now();
const nodeEntries = {
  main: 'main/main.ts',
  worker: 'core/worker/worker.ts',
  web: 'host/web.ts',
  cli: 'cli/cli.ts',
  bench: 'bench/bench.ts',
  'bench-sync': 'bench/bench-sync.ts',
  'bench-ui': 'bench/bench-ui.ts',
  'bench-export': 'bench/bench-export.ts',
  'bench-import': 'bench/bench-import.ts',
  'bench-analytics': 'bench/bench-analytics.ts',
  // The reference chatbot service in a thread of its own: the one-click demo workspace.
  'service-worker': 'service/worker-entry.ts',
  // A first sync fetches and prepares pages in this thread while the database worker writes.
  'pull-worker': 'core/sync/pull-worker.ts',
  // Analytics read directly (a segment, or while the rollups are built) in a thread of their own.
  'analytics-reader': 'core/analytics/reader-thread.ts',
  // The workspace's integrity check (quick_check) on a read-only connection of its own.
  'integrity-check': 'core/session/integrity-thread.ts',
};
const present = Object.fromEntries(Object.entries(nodeEntries).filter(([, file]) => existsSync(join(root, file))));

await build({
  absWorkingDir: root,
  entryPoints: present,
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

if (existsSync(join(root, 'preload/preload.ts'))) {
  // A sandboxed preload may only require('electron'): bundle everything else in, as CommonJS.
  await build({
    absWorkingDir: root,
    entryPoints: { preload: 'preload/preload.ts' },
    outdir: dist,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (!args.has('--no-renderer')) {
  // The config sets its own root (renderer/); passing `root` here would override it.
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

// The stamp means "everything is built": a partial build must not claim it.
const { writeFileSync } = await import('node:fs');
writeFileSync(NODE_STAMP, new Date().toISOString());
if (!args.has('--no-renderer')) writeFileSync(STAMP, new Date().toISOString());
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
