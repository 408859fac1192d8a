#!/usr/bin/env node
// The `nexvio-contacts` command. It runs the bundled CLI in dist/, building it first only
// when it is missing (run `npm run build` after changing the sources).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('nexvio-contacts: the build failed; run `npm run build` to see why.');
    process.exit(1);
  }
}
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv.slice(2));
