/**
 * electron-builder's afterPack hook (electron-builder.yml): before the app is signed and put in
 * an installer, check that it carries an Electron build of better-sqlite3 for its own arch,
 * unpacked from the asar. Without it the app starts and fails at its first database call;
 * `files` only warns when .native/packaging/<platform>-<arch>/ is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronBindingProblem } from './dist.mjs';

export const PACKAGED_BINDING = join('app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** electron-builder's Arch enum (builder-util), by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * What is wrong with the packaged native module, or null when it is right.
 * @param {string} resourcesDir the packaged app's resources folder
 * @param {{ arch: string, abi: number }} expected the arch being packaged and Electron's ABI
 * @returns {string | null}
 */
export function packagedBindingProblem(resourcesDir, expected) {
  const file = join(resourcesDir, PACKAGED_BINDING);
  if (!existsSync(file)) {
    return `the packaged app has no ${PACKAGED_BINDING}: run \`npm run dist\`, which prepares .native/packaging/<platform>-${expected.arch}/, not electron-builder directly`;
  }
  // A universal macOS app merges the two arch builds itself; this project does not build one.
  if (expected.arch === 'universal') return null;
  const problem = electronBindingProblem(readFileSync(file), expected);
  return problem ? `the packaged better_sqlite3.node is wrong: ${problem}` : null;
}

/**
 * @param {{ appOutDir: string, arch: number, packager: { projectDir: string, getResourcesDir(appOutDir: string): string } }} context
 */
export default async function afterPack(context) {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const abi = Number(readFileSync(join(context.packager.projectDir, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
  const problem = packagedBindingProblem(context.packager.getResourcesDir(context.appOutDir), { arch, abi });
  if (problem) throw new Error(`better-sqlite3 check: ${problem}`);
}
