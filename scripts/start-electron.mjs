#!/usr/bin/env node
/**
 * `npm start`: build if stale, make sure an Electron binary and an Electron build of
 * better-sqlite3 exist, then run the app.
 *
 * better-sqlite3 is native, and Node and Electron need different builds of it. The package's
 * own build (node_modules/better-sqlite3/build) stays the Node one for tests and the CLI;
 * the Electron one goes to .native/electron-<version>-<platform>-<arch>/ and reaches the app
 * through NEXVIO_SQLITE_BINDING (core/db/native-binding.ts). So `npm start` and `npm test`
 * work on one checkout in either order.
 *
 * Every failure ends with one line that says what went wrong and what to do, not a stack.
 * The helpers are exported for the Electron end-to-end tests (e2e-electron/).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronBindingProblem } from './dist.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A failure whose message is written for the person who ran the command. */
export class StartError extends Error {}

/**
 * @param {string} file
 * @returns {Record<string, unknown>}
 */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The installed electron package: where it is and which version.
 * @param {string} root
 * @returns {{ dir: string, version: string }}
 */
export function electronPackage(root) {
  const dir = join(root, 'node_modules', 'electron');
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) throw new StartError('the electron package is not installed; run `npm install` first');
  return { dir, version: String(readJson(manifest)['version']) };
}

/**
 * @param {string} root
 * @param {string} version
 * @param {string} platform
 * @param {string} arch
 */
export function nativeBindingDir(root, version, platform, arch) {
  return join(root, '.native', `electron-${version}-${platform}-${arch}`);
}

/**
 * The Electron binary, without downloading anything: NEXVIO_ELECTRON_PATH if set, else the
 * binary the electron package recorded in path.txt (it downloads lazily, on first use).
 * @param {string} electronDir
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | { path: null, reason: string }}
 */
export function findElectronBinary(electronDir, env) {
  const override = env['NEXVIO_ELECTRON_PATH'];
  if (override) {
    return existsSync(override) ? { path: override } : { path: null, reason: `NEXVIO_ELECTRON_PATH is ${override}, and no file is there` };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)' };
  }
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { path: null, reason: `the Electron binary ${binary} is missing` };
}

/**
 * The line of a tool's output that names the cause (ENOTFOUND, a missing compiler, ...),
 * for a one-line message. The full output goes to a log file.
 * @param {string} text
 * @returns {string}
 */
export function summarizeToolOutput(text) {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(gyp ERR! stack\s+)?at\s/.test(line) && !/^gyp info\b/.test(line));
  // An errno (ENOTFOUND, EACCES) names the cause best; then any line that says it failed.
  const cause = lines.find((line) => /\bE[A-Z]{3,}\b/.test(line)) ?? lines.find((line) => /failed|error|not found|cannot|unable/i.test(line));
  return (cause ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, timeoutMs: number }} options
 * @returns {{ ok: boolean, output: string }}
 */
function run(command, args, options) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm hands .npmrc's nodedir to children as npm_config_nodedir, and node-gyp then compiles
    // against THAT Node's headers whatever --target says: an Electron build needs Electron's.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined, npm_config_nodedir: undefined, NPM_CONFIG_NODEDIR: undefined },
  });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  return { ok: result.status === 0, output };
}

/**
 * Finds the Electron binary, downloading it the first time (what require('electron') would
 * do, but with a one-line error instead of the installer's stack trace).
 * @param {{ dir: string, version: string }} electron
 * @param {NodeJS.ProcessEnv} env
 * @param {(message: string) => void} log
 * @returns {string}
 */
export function ensureElectronBinary(electron, env, log) {
  const found = findElectronBinary(electron.dir, env);
  if (found.path !== null) return found.path;
  if (env['NEXVIO_ELECTRON_PATH']) throw new StartError(found.reason);
  log(`downloading Electron ${electron.version} (first run only)...`);
  const install = run(process.execPath, [join(electron.dir, 'install.js')], { timeoutMs: 15 * 60_000 });
  const after = findElectronBinary(electron.dir, env);
  if (install.ok && after.path !== null) return after.path;
  throw new StartError(
    `could not download the Electron ${electron.version} binary: ${summarizeToolOutput(install.output)}; ` +
      "check network access to github.com (Electron's releases) or set ELECTRON_MIRROR, " +
      'or point NEXVIO_ELECTRON_PATH at an Electron binary of this version',
  );
}

/**
 * The path of an Electron build of better-sqlite3 under .native/, built on first use in a
 * temporary copy of the package so node_modules/better-sqlite3/build (the Node build) is
 * never touched. A prebuilt binary first; else compile with node-gyp against Electron's headers.
 * @param {{ root: string, version: string, platform: string, arch: string, log: (message: string) => void }} options
 * @returns {string}
 */
export function ensureElectronNativeBinding({ root, version, platform, arch, log }) {
  const packageDir = join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(packageDir, 'package.json'))) throw new StartError('better-sqlite3 is not installed; run `npm install` first');
  const sqliteVersion = String(readJson(join(packageDir, 'package.json'))['version']);
  const outDir = nativeBindingDir(root, version, platform, arch);
  const target = join(outDir, 'better_sqlite3.node');
  const stampFile = join(outDir, 'source.json');
  const stamp = JSON.stringify({ betterSqlite3: sqliteVersion, electron: version });
  if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return target;

  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'nexvio-better-sqlite3-'));
  const logFile = join(outDir, 'build.log');
  const transcript = [];
  try {
    cpSync(packageDir, work, { recursive: true, filter: (source) => source !== join(packageDir, 'build') });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    const resolveFrom = createRequire(join(packageDir, 'package.json'));

    log(`preparing better-sqlite3 ${sqliteVersion} for Electron ${version} (${platform}-${arch})...`);
    const prebuilt = run(
      process.execPath,
      [resolveFrom.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform, '--verbose'],
      { cwd: work, timeoutMs: 5 * 60_000 },
    );
    transcript.push('$ prebuild-install', prebuilt.output);
    if (!prebuilt.ok || !existsSync(built)) {
      log('no prebuilt binary could be fetched; compiling with node-gyp (a few minutes)...');
      const compiled = run(
        process.execPath,
        [
          createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'),
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          `--arch=${arch}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        { cwd: work, timeoutMs: 20 * 60_000 },
      );
      transcript.push('$ node-gyp rebuild', compiled.output);
      if (!compiled.ok || !existsSync(built)) {
        writeFileSync(logFile, transcript.join('\n'));
        throw new StartError(
          `could not build better-sqlite3 for Electron ${version}: ${summarizeToolOutput(compiled.output)}; ` +
            'check network access to electronjs.org headers (node-gyp) and github.com (prebuilt binaries), ' +
            `and for compiling a C++ toolchain and Python. Full log: ${relative(root, logFile)}`,
        );
      }
    }
    // A build that came out for Node's ABI or another CPU would load nowhere in the app: never cache it.
    const abiFile = join(root, 'node_modules', 'electron', 'abi_version');
    if (existsSync(abiFile)) {
      const problem = electronBindingProblem(readFileSync(built), { arch, abi: Number(readFileSync(abiFile, 'utf8').trim()) });
      if (problem) {
        transcript.push(`the result was refused: ${problem}`);
        writeFileSync(logFile, transcript.join('\n'));
        throw new StartError(`better-sqlite3 for Electron ${version} ${platform}-${arch} came out wrong: ${problem}. Full log: ${relative(root, logFile)}`);
      }
    }
    // Copy then rename, so an interrupted run never leaves a half-written binary in place.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    writeFileSync(stampFile, stamp);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Electron starts the file named by package.json "main"; make sure the build produced it.
 * @param {string} root
 * @returns {string}
 */
export function checkMainEntry(root) {
  const main = readJson(join(root, 'package.json'))['main'];
  if (typeof main !== 'string') throw new StartError('package.json has no "main"; set it to the built main process, dist/main.js');
  if (!existsSync(join(root, main))) {
    throw new StartError(
      `package.json "main" is "${main}", and that file does not exist after the build; ` +
        'the build writes the main process (main/main.ts) to dist/main.js, so "main" must be "dist/main.js"',
    );
  }
  return main;
}

/**
 * @param {string} platform
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | null}
 */
export function displayProblem(platform, env) {
  if (platform !== 'linux' || env['DISPLAY'] || env['WAYLAND_DISPLAY']) return null;
  return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset); run it in a desktop session, or under xvfb-run';
}

/** @param {string} message */
function log(message) {
  console.log(`npm start: ${message}`);
}

/**
 * @param {string[]} args extra arguments for the app
 * @returns {Promise<number>} the app's exit code
 */
export async function main(args) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) throw new StartError('the build failed (see above); fix it and run `npm start` again');
  checkMainEntry(ROOT);
  const noDisplay = displayProblem(process.platform, process.env);
  if (noDisplay) throw new StartError(`cannot open a window: ${noDisplay}`);

  const electron = electronPackage(ROOT);
  const binary = ensureElectronBinary(electron, process.env, log);
  const binding = ensureElectronNativeBinding({ root: ROOT, version: electron.version, platform: process.platform, arch: process.arch, log });

  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NEXVIO_SQLITE_BINDING: binding };
  // Set in the shell, it would turn Electron into plain Node and the app would not start.
  delete env['ELECTRON_RUN_AS_NODE'];
  const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit', env, windowsHide: false });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new StartError(`could not run Electron at ${binary}: ${error.message}`)));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof StartError) console.error(`npm start: ${error.message}`);
      else console.error(`npm start: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env['NEXVIO_DEBUG'] && error instanceof Error) console.error(error.stack);
      process.exit(1);
    },
  );
}
