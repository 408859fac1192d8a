#!/usr/bin/env node
/**
 * `npm run dist`: installers for the OS it runs on (docs/packaging.md).
 *
 *   1. build dist/ (scripts/build.mjs)
 *   2. regenerate the icons if resources/icon.svg changed (scripts/icons.mjs --if-stale)
 *   3. an Electron build of better-sqlite3 per target arch, put where electron-builder.yml's
 *      `files` picks it up (.native/packaging/<platform>-<arch>/). node_modules keeps its Node
 *      build untouched, so `npm test` works right after a dist.
 *   4. electron-builder --win / --mac / --linux (the arches electron-builder.yml lists),
 *      --publish never, with the update feed from NEXVIO_UPDATE_URL when it is set.
 *
 * Extra arguments go to electron-builder: `npm run dist -- --dir`, `npm run dist -- --arm64`.
 * Every failure ends with one line that says what went wrong and what to do.
 * The decisions are exported for tests/packaging-dist.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A failure whose message is written for the person who ran the command. */
export class DistError extends Error {}

/** process.platform → electron-builder's platform flag and its section in the config. */
const PLATFORMS = /** @type {const} */ ({
  win32: { flag: '--win', section: 'win' },
  darwin: { flag: '--mac', section: 'mac' },
  linux: { flag: '--linux', section: 'linux' },
});

const ARCH_FLAGS = ['--x64', '--arm64', '--ia32', '--armv7l', '--universal'];
/** Flags that name the platform; `dist` chooses it, a second one would build for another OS. */
const PLATFORM_FLAGS = ['--win', '--windows', '-w', '--mac', '--macos', '-m', '--linux', '-l'];

/**
 * @param {string} platform process.platform
 * @returns {{ flag: string, section: 'win' | 'mac' | 'linux' }}
 */
export function platformTarget(platform) {
  const target = PLATFORMS[/** @type {keyof typeof PLATFORMS} */ (platform)];
  if (!target) throw new DistError(`installers are built on Windows, macOS or Linux, not on ${platform}`);
  return target;
}

/**
 * The arches one run builds: those named on the command line, else the current one for a
 * `--dir` build (an unpacked app to try out), else every arch the config lists for the
 * platform's targets.
 * @param {Record<string, unknown>} config electron-builder.yml, parsed
 * @param {'win' | 'mac' | 'linux'} section
 * @param {string[]} extraArgs
 * @param {string} hostArch process.arch
 * @returns {string[]}
 */
export function targetArches(config, section, extraArgs, hostArch) {
  const named = extraArgs.filter((arg) => ARCH_FLAGS.includes(arg)).map((arg) => arg.slice(2));
  if (named.length > 0) return [...new Set(named)];
  if (extraArgs.includes('--dir')) return [hostArch];
  const platformConfig = /** @type {{ target?: unknown } | undefined} */ (config[section]);
  const targets = Array.isArray(platformConfig?.target) ? platformConfig.target : [];
  /** @type {Set<string>} */
  const arches = new Set();
  for (const target of targets) {
    const list = typeof target === 'object' && target !== null ? /** @type {{ arch?: unknown }} */ (target).arch : undefined;
    if (Array.isArray(list)) for (const arch of list) arches.add(String(arch));
    else arches.add(hostArch);
  }
  return arches.size > 0 ? [...arches] : [hostArch];
}

/**
 * electron-builder's own arch flags do not narrow targets that list their arches, so a run for
 * fewer arches than the config lists gets a copy of the config with the platform's targets
 * narrowed; null when the config already builds exactly these.
 * @param {Record<string, unknown>} config
 * @param {'win' | 'mac' | 'linux'} section
 * @param {string[]} arches
 * @param {string} hostArch
 * @returns {Record<string, unknown> | null}
 */
export function narrowedConfig(config, section, arches, hostArch) {
  const listed = targetArches(config, section, [], hostArch);
  if (listed.length === arches.length && listed.every((arch) => arches.includes(arch))) return null;
  const platformConfig = /** @type {{ target?: unknown }} */ (config[section] ?? {});
  const targets = Array.isArray(platformConfig.target) ? platformConfig.target : [];
  return {
    ...config,
    [section]: {
      ...platformConfig,
      target: targets.map((target) => (typeof target === 'object' && target !== null ? { ...target, arch: [...arches] } : { target, arch: [...arches] })),
    },
  };
}

/**
 * The update feed from NEXVIO_UPDATE_URL: a generic provider (a folder of latest*.yml and the
 * installers on any HTTPS server), or null when unset (no app-update.yml: the updater is off).
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ provider: 'generic', url: string } | null}
 */
export function updateFeed(env) {
  const raw = env['NEXVIO_UPDATE_URL']?.trim();
  if (!raw) return null;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new DistError(`NEXVIO_UPDATE_URL is "${raw}", which is not a URL; set it to the https:// folder that holds latest.yml`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new DistError(`NEXVIO_UPDATE_URL must be https:// (updates are code the app will run), not ${url.protocol}//; http:// only for localhost`);
  }
  return { provider: 'generic', url: url.href };
}

/** The oldest Node that @electron/get and the electron package (45) declare in their engines. */
export const BUILDER_NODE = /** @type {const} */ ([22, 12]);

/**
 * A warning when this Node is older than Electron 45's tooling asks for, else null. Only a
 * warning: the steps before Electron's download work on Node 20 (the tests' minimum), and
 * what fails later fails with its own message.
 * @param {string} version process.versions.node
 * @returns {string | null}
 */
export function nodeVersionWarning(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = BUILDER_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return `Node ${version} is older than the ${needMajor}.${needMinor} that Electron 45's tooling (@electron/get, electron) declares; build releases with Node ${needMajor}.${needMinor} or newer`;
}

/**
 * electron-builder's arguments: the platform, no publishing, the feed, then the caller's.
 * @param {{ platform: string, env: NodeJS.ProcessEnv, extraArgs: string[] }} options
 * @returns {string[]}
 */
export function builderArgs({ platform, env, extraArgs }) {
  const clash = extraArgs.find((arg) => PLATFORM_FLAGS.includes(arg));
  if (clash) {
    throw new DistError(`${clash}: dist builds for the OS it runs on (${platformTarget(platform).flag}); build each OS's installers on that OS`);
  }
  if (extraArgs.some((arg) => arg === '--publish' || arg === '-p' || arg.startsWith('--publish='))) {
    throw new DistError('dist never publishes; upload the files in out/ to the update feed yourself');
  }
  const args = [platformTarget(platform).flag, '--publish', 'never'];
  const feed = updateFeed(env);
  if (feed) args.push(`-c.publish.provider=${feed.provider}`, `-c.publish.url=${feed.url}`);
  return [...args, ...extraArgs];
}

/**
 * One line that names why electron-builder failed and what to do. Without network it fails
 * downloading Electron's zip from github.com; say how to get it another way.
 * @param {string} output electron-builder's stdout and stderr
 * @param {string} electronVersion
 * @returns {string}
 */
export function explainBuilderFailure(output, electronVersion) {
  // The errno names the cause best (it follows "getaddrinfo" in Node's message).
  const offline =
    /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)\b/.exec(output) ??
    /(getaddrinfo|network is unreachable|no such host|dial tcp|proxyconnect)/i.exec(output);
  // Electron's zip is fetched while packaging, before any target is built; the targets' own
  // tools (NSIS, appimagetool, fpm) are fetched later, under a "building target=" line.
  const beforeTargets = !/building\s+target=/.test(output);
  const electronZip = /(electron-v\d[^\s"']*\.zip|github\.com\/electron\/electron\/releases)/i.test(output);
  if (offline && (electronZip || beforeTargets)) {
    return (
      `electron-builder could not download Electron ${electronVersion} (${offline[1]}): no network to its download server (github.com, or ELECTRON_MIRROR if set). ` +
      'Set ELECTRON_MIRROR to a reachable mirror (e.g. https://npmmirror.com/mirrors/electron/), ' +
      `or put electron-v${electronVersion}-<platform>-<arch>.zip (one per arch) in a folder and pass it: ` +
      'npm run dist -- -c.electronDist=/path/to/that/folder'
    );
  }
  if (offline) {
    return `electron-builder needed the network and could not reach it (${offline[1]}); the tools it downloads (NSIS, AppImage, fpm) come from github.com: check the network or ELECTRON_BUILDER_BINARIES_MIRROR`;
  }
  const line = output
    .split(/\r?\n/)
    .map((text) => text.trim())
    .find((text) => /^⨯|error|failed|cannot/i.test(text));
  return `electron-builder failed${line ? `: ${line.replace(/^⨯\s*/, '').slice(0, 300)}` : ' (see its output above)'}`;
}

/**
 * Where electron-builder.yml's `files` takes the Electron build of better-sqlite3 from (its
 * `${platform}-${arch}` macros are process.platform and the arch name).
 * @param {string} root
 * @param {string} platform
 * @param {string} arch
 */
export function packagingBindingPath(root, platform, arch) {
  return join(root, '.native', 'packaging', `${platform}-${arch}`, 'better_sqlite3.node');
}

/** ELF e_machine, Mach-O cputype and PE machine values of the arches we ship. */
const MACHINE_ARCH = {
  elf: new Map([[0x3e, 'x64'], [0xb7, 'arm64'], [0x03, 'ia32'], [0x28, 'armv7l']]),
  macho: new Map([[0x01000007, 'x64'], [0x0100000c, 'arm64']]),
  pe: new Map([[0x8664, 'x64'], [0xaa64, 'arm64'], [0x014c, 'ia32']]),
};

/**
 * The CPU a native module was compiled for, read from its header (ELF, Mach-O or PE), or null
 * when the header is none of them. A cross-arch build that quietly compiled for the host would
 * otherwise ship a module the app cannot load.
 * @param {Buffer} binary
 * @returns {string | null}
 */
export function nativeModuleArch(binary) {
  if (binary.length >= 20 && binary.readUInt32BE(0) === 0x7f454c46) {
    const little = binary[5] === 1;
    return MACHINE_ARCH.elf.get(little ? binary.readUInt16LE(18) : binary.readUInt16BE(18)) ?? null;
  }
  if (binary.length >= 8 && binary.readUInt32LE(0) === 0xfeedfacf) return MACHINE_ARCH.macho.get(binary.readUInt32LE(4)) ?? null;
  if (binary.length >= 64 && binary.readUInt16LE(0) === 0x5a4d) {
    const pe = binary.readUInt32LE(0x3c);
    if (pe + 6 <= binary.length && binary.readUInt32LE(pe) === 0x00004550) return MACHINE_ARCH.pe.get(binary.readUInt16LE(pe + 4)) ?? null;
  }
  return null;
}

/**
 * The Node ABI a native module was compiled against, from the `node_register_module_v<ABI>`
 * symbol Node's module macro exports, or null when there is none to read. Electron's ABI is
 * not Node's: a build against Node's headers loads under Node and fails inside the app.
 * @param {Buffer} binary
 * @returns {number | null}
 */
export function nativeModuleAbi(binary) {
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/**
 * What is wrong with a native module meant for Electron on `arch`, or null when nothing is.
 * @param {Buffer} binary
 * @param {{ arch: string, abi: number }} expected
 * @returns {string | null}
 */
export function electronBindingProblem(binary, expected) {
  const arch = nativeModuleArch(binary);
  if (arch !== expected.arch) return `it is built for ${arch ?? 'an unknown CPU'}, not ${expected.arch}`;
  const abi = nativeModuleAbi(binary);
  if (abi !== null && abi !== expected.abi) return `it is built for Node ABI ${abi}, not Electron's ${expected.abi}`;
  return null;
}

/**
 * What to do when the Electron build of better-sqlite3 for `arch` could not be made.
 * @param {string} arch
 * @param {string} hostArch
 * @returns {string}
 */
export function bindingAdvice(arch, hostArch) {
  if (arch === hostArch) {
    return (
      'It needs a prebuilt binary from github.com (prebuild-install) or, to compile, Electron\'s headers from electronjs.org: ' +
      'build with network access to either (a proxy: HTTPS_PROXY)'
    );
  }
  return (
    `No prebuilt ${arch} binary could be fetched (github.com), and compiling for ${arch} on ${hostArch} needs a cross-compiler: ` +
    `build with network access, or on an ${arch} machine, or only this machine's arch: npm run dist -- --${hostArch}`
  );
}

/** @param {string} message */
function log(message) {
  console.log(`npm run dist: ${message}`);
}

/**
 * Runs a command with its output on the console and kept for the failure message.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<{ code: number, output: string }>}
 */
function runTee(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const keep = (/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ stream) => {
      stream.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * @param {string[]} extraArgs
 * @returns {Promise<void>}
 */
export async function main(extraArgs) {
  const started = Date.now();
  const oldNode = nodeVersionWarning(process.versions.node);
  if (oldNode) log(`warning: ${oldNode}`);
  const target = platformTarget(process.platform);
  const args = builderArgs({ platform: process.platform, env: process.env, extraArgs });
  const require = createRequire(join(ROOT, 'package.json'));
  const yaml = /** @type {{ load(text: string): unknown }} */ (require('js-yaml'));
  const config = /** @type {Record<string, unknown>} */ (yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')));
  const arches = targetArches(config, target.section, extraArgs, process.arch);

  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) throw new DistError('the build failed (see above); fix it and run `npm run dist` again');

  const { generateIcons } = await import('./icons.mjs');
  await generateIcons(ROOT, { ifStale: true, log });

  const { electronPackage, ensureElectronNativeBinding, StartError } = await import('./start-electron.mjs');
  const electron = electronPackage(ROOT);
  const electronAbi = Number(readFileSync(join(electron.dir, 'abi_version'), 'utf8').trim());
  // npm passes .npmrc's nodedir to node-gyp as npm_config_nodedir, and node-gyp then compiles
  // against THAT Node's headers whatever --target says: the Electron build needs Electron's.
  delete process.env['npm_config_nodedir'];
  delete process.env['NPM_CONFIG_NODEDIR'];
  // Only this run's builds: a binding left from an earlier run must not be packaged.
  rmSync(join(ROOT, '.native', 'packaging'), { recursive: true, force: true });
  for (const arch of arches) {
    try {
      const built = ensureElectronNativeBinding({ root: ROOT, version: electron.version, platform: process.platform, arch, log });
      const problem = electronBindingProblem(readFileSync(built), { arch, abi: electronAbi });
      if (problem) {
        // A wrong build must not stay cached under .native/ as if it were the Electron one.
        rmSync(dirname(built), { recursive: true, force: true });
        throw new DistError(`better-sqlite3 for Electron ${electron.version} ${process.platform}-${arch} came out wrong: ${problem}. ${bindingAdvice(arch, process.arch)}`);
      }
      const destination = packagingBindingPath(ROOT, process.platform, arch);
      mkdirSync(dirname(destination), { recursive: true });
      copyFileSync(built, `${destination}.partial`);
      renameSync(`${destination}.partial`, destination);
    } catch (error) {
      if (error instanceof StartError) throw new DistError(error.message);
      throw error;
    }
  }

  const narrowed = narrowedConfig(config, target.section, arches, process.arch);
  if (narrowed) {
    const configFile = join(ROOT, '.native', 'packaging', 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify(narrowed, null, 2));
    args.push('--config', configFile);
  }

  const feed = updateFeed(process.env);
  log(`electron-builder ${args.join(' ')} (${arches.join(', ')}; update feed: ${feed ? feed.url : 'none, the updater will be off'})`);
  const builderCli = require.resolve('electron-builder/cli.js');
  const result = await runTee(process.execPath, [builderCli, ...args]);
  if (result.code !== 0) throw new DistError(explainBuilderFailure(result.output, electron.version));
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; the installers are in out/`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error) => {
      if (error instanceof DistError) console.error(`npm run dist: ${error.message}`);
      else console.error(`npm run dist: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env['NEXVIO_DEBUG'] && error instanceof Error) console.error(error.stack);
      process.exit(1);
    },
  );
}
