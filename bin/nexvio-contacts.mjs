#!/usr/bin/env node
// The `nexvio-contacts` command: builds dist/ when the sources changed, then runs the CLI.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--no-renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0 && !existsSync(new URL('../dist/cli.js', import.meta.url))) {
  console.error('nexvio-contacts: the build failed; run `npm run build` to see why.');
  process.exit(1);
}
const { runCli } = await import('../dist/cli.js');
process.exitCode = await runCli(process.argv.slice(2));
