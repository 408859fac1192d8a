/**
 * The decisions of scripts/dist.mjs (`npm run dist`) and its afterPack check: which platform
 * and arches a run builds, what reaches electron-builder, the update feed, the one-line
 * failure messages, and the native module's CPU read from its header.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface DistScript {
  DistError: new (message: string) => Error;
  platformTarget(platform: string): { flag: string; section: 'win' | 'mac' | 'linux' };
  targetArches(config: Record<string, unknown>, section: 'win' | 'mac' | 'linux', extraArgs: string[], hostArch: string): string[];
  narrowedConfig(config: Record<string, unknown>, section: 'win' | 'mac' | 'linux', arches: string[], hostArch: string): Record<string, unknown> | null;
  updateFeed(env: NodeJS.ProcessEnv): { provider: 'generic'; url: string } | null;
  builderArgs(options: { platform: string; env: NodeJS.ProcessEnv; extraArgs: string[] }): string[];
  explainBuilderFailure(output: string, electronVersion: string): string;
  packagingBindingPath(root: string, platform: string, arch: string): string;
  nativeModuleArch(binary: Buffer): string | null;
  nativeModuleAbi(binary: Buffer): number | null;
  electronBindingProblem(binary: Buffer, expected: { arch: string; abi: number }): string | null;
  bindingAdvice(arch: string, hostArch: string): string;
  nodeVersionWarning(version: string): string | null;
}
interface AfterPackScript {
  PACKAGED_BINDING: string;
  packagedBindingProblem(resourcesDir: string, expected: { arch: string; abi: number }): string | null;
}

let dist: DistScript;
let afterPack: AfterPackScript;
const yaml = createRequire(join(ROOT, 'package.json'))('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const temps: string[] = [];

beforeAll(async () => {
  dist = (await import(/* @vite-ignore */ new URL('../scripts/dist.mjs', import.meta.url).href)) as DistScript;
  afterPack = (await import(/* @vite-ignore */ new URL('../scripts/dist-after-pack.mjs', import.meta.url).href)) as AfterPackScript;
});

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The first bytes of a native module for each format and CPU, as a compiler writes them. */
function elf(machine: number): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header.writeUInt16LE(machine, 18);
  return header;
}
function machO(cpuType: number): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(cpuType, 4);
  return header;
}
function pe(machine: number): Buffer {
  const image = Buffer.alloc(256);
  image.writeUInt16LE(0x5a4d, 0); // MZ
  image.writeUInt32LE(0x80, 0x3c);
  image.writeUInt32LE(0x00004550, 0x80); // PE\0\0
  image.writeUInt16LE(machine, 0x84);
  return image;
}

describe('npm run dist: what it builds', () => {
  it('builds for the OS it runs on', () => {
    expect(dist.platformTarget('win32')).toEqual({ flag: '--win', section: 'win' });
    expect(dist.platformTarget('darwin')).toEqual({ flag: '--mac', section: 'mac' });
    expect(dist.platformTarget('linux')).toEqual({ flag: '--linux', section: 'linux' });
    expect(() => dist.platformTarget('freebsd')).toThrow(dist.DistError);
  });

  it("builds every arch the config lists for the platform's targets", () => {
    expect(dist.targetArches(config, 'win', [], 'x64').sort()).toEqual(['arm64', 'x64']);
    expect(dist.targetArches(config, 'mac', [], 'arm64').sort()).toEqual(['arm64', 'x64']);
    expect(dist.targetArches(config, 'linux', [], 'x64')).toContain('x64');
  });

  it('builds only the arches named on the command line, and the host arch for --dir', () => {
    expect(dist.targetArches(config, 'mac', ['--arm64'], 'x64')).toEqual(['arm64']);
    expect(dist.targetArches(config, 'win', ['--x64', '--arm64', '--x64'], 'x64')).toEqual(['x64', 'arm64']);
    expect(dist.targetArches(config, 'linux', ['--dir'], 'arm64')).toEqual(['arm64']);
    expect(dist.targetArches({ linux: { target: ['AppImage'] } }, 'linux', [], 'x64')).toEqual(['x64']);
  });

  it("narrows the config's targets to those arches, since electron-builder's --x64 does not", () => {
    expect(dist.narrowedConfig(config, 'win', ['arm64', 'x64'], 'x64')).toBeNull();
    const narrowed = dist.narrowedConfig(config, 'mac', ['arm64'], 'x64') as { mac: { target: { target: string; arch: string[] }[]; hardenedRuntime: boolean }; win: unknown };
    expect(narrowed.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64'] },
      { target: 'zip', arch: ['arm64'] },
    ]);
    expect(narrowed.mac.hardenedRuntime).toBe(true);
    expect(narrowed.win).toEqual(config['win']);
  });

  it('passes extra arguments through after its own, never publishes, and keeps to its OS', () => {
    expect(dist.builderArgs({ platform: 'linux', env: {}, extraArgs: ['--dir'] })).toEqual(['--linux', '--publish', 'never', '--dir']);
    expect(dist.builderArgs({ platform: 'darwin', env: {}, extraArgs: ['--arm64', '-c.mac.identity=null'] })).toEqual(['--mac', '--publish', 'never', '--arm64', '-c.mac.identity=null']);
    expect(() => dist.builderArgs({ platform: 'linux', env: {}, extraArgs: ['--win'] })).toThrow(/builds for the OS it runs on/);
    expect(() => dist.builderArgs({ platform: 'linux', env: {}, extraArgs: ['--publish', 'always'] })).toThrow(/never publishes/);
  });

  it('adds the generic update feed only when NEXVIO_UPDATE_URL is set, and only over https', () => {
    expect(dist.updateFeed({})).toBeNull();
    expect(dist.updateFeed({ NEXVIO_UPDATE_URL: '  ' })).toBeNull();
    expect(dist.updateFeed({ NEXVIO_UPDATE_URL: 'https://updates.nexvio.ai/contacts/' })).toEqual({ provider: 'generic', url: 'https://updates.nexvio.ai/contacts/' });
    expect(dist.updateFeed({ NEXVIO_UPDATE_URL: 'http://localhost:8080/feed' })?.url).toBe('http://localhost:8080/feed');
    expect(() => dist.updateFeed({ NEXVIO_UPDATE_URL: 'http://updates.nexvio.ai/' })).toThrow(/must be https/);
    expect(() => dist.updateFeed({ NEXVIO_UPDATE_URL: 'updates.nexvio.ai' })).toThrow(/not a URL/);
    expect(dist.builderArgs({ platform: 'win32', env: { NEXVIO_UPDATE_URL: 'https://u.example/f/' }, extraArgs: [] })).toEqual([
      '--win',
      '--publish',
      'never',
      '-c.publish.provider=generic',
      '-c.publish.url=https://u.example/f/',
    ]);
  });

  it('puts the Electron build of better-sqlite3 where electron-builder.yml takes it from', () => {
    const native = (config['files'] as unknown[]).find((entry) => typeof entry === 'object') as { from: string };
    const expected = native.from.replace('${platform}', 'darwin').replace('${arch}', 'arm64');
    expect(dist.packagingBindingPath('/repo', 'darwin', 'arm64')).toBe(join('/repo', expected, 'better_sqlite3.node'));
  });
});

describe('npm run dist: the Node it runs on', () => {
  it('warns below the Node 22.12 that Electron 45 and @electron/get declare', () => {
    const declared = createRequire(join(ROOT, 'package.json'))('electron/package.json') as { engines: { node: string } };
    expect(declared.engines.node.replace(/\s/g, '')).toBe('>=22.12.0');
    expect(dist.nodeVersionWarning('20.19.0')).toMatch(/Node 20\.19\.0 is older than the 22\.12/);
    expect(dist.nodeVersionWarning('22.11.9')).not.toBeNull();
    expect(dist.nodeVersionWarning('22.12.0')).toBeNull();
    expect(dist.nodeVersionWarning('24.1.0')).toBeNull();
  });
});

describe('npm run dist: failures in one line', () => {
  const packagingLog = '  • packaging       platform=linux arch=x64 electron=45.5.0 appOutDir=out/linux-unpacked\n';

  it('says Electron could not be downloaded, and how to get it without github.com', () => {
    const message = dist.explainBuilderFailure(`${packagingLog}  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError`, '45.5.0');
    expect(message).toMatch(/could not download Electron 45\.5\.0 \(ENOTFOUND\)/);
    expect(message).toMatch(/ELECTRON_MIRROR/);
    expect(message).toMatch(/electron-v45\.5\.0-<platform>-<arch>\.zip/);
    expect(message).toMatch(/-c\.electronDist=/);
  });

  it("tells a target's tool download from Electron's", () => {
    const output = `${packagingLog}  • building        target=AppImage arch=x64 file=out/x.AppImage\n  ⨯ failed to build AppImage  error=getaddrinfo ENOTFOUND github.com`;
    expect(dist.explainBuilderFailure(output, '45.5.0')).toMatch(/tools it downloads .*ELECTRON_BUILDER_BINARIES_MIRROR/);
  });

  it("names electron-builder's own error otherwise", () => {
    expect(dist.explainBuilderFailure('  ⨯ Invalid configuration object. blah\n', '45.5.0')).toBe('electron-builder failed: Invalid configuration object. blah');
    expect(dist.explainBuilderFailure('', '45.5.0')).toBe('electron-builder failed (see its output above)');
  });
});

describe('the native module check', () => {
  it("reads the CPU from an ELF, Mach-O or PE header, and knows when it can't", () => {
    expect(dist.nativeModuleArch(elf(0x3e))).toBe('x64');
    expect(dist.nativeModuleArch(elf(0xb7))).toBe('arm64');
    expect(dist.nativeModuleArch(machO(0x01000007))).toBe('x64');
    expect(dist.nativeModuleArch(machO(0x0100000c))).toBe('arm64');
    expect(dist.nativeModuleArch(pe(0x8664))).toBe('x64');
    expect(dist.nativeModuleArch(pe(0xaa64))).toBe('arm64');
    expect(dist.nativeModuleArch(Buffer.from('not a binary at all, just text'))).toBeNull();
    expect(dist.nativeModuleArch(elf(0x99))).toBeNull();
  });

  it("reads this machine's own better-sqlite3 build (node_modules: the Node one) as this machine's arch and Node's ABI", () => {
    const binary = readFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
    expect(dist.nativeModuleArch(binary)).toBe(process.arch);
    expect(dist.nativeModuleAbi(binary)).toBe(Number(process.versions.modules));
  });

  it('refuses a build for another CPU or against Node instead of Electron', () => {
    const electronAbi = Number(readFileSync(join(ROOT, 'node_modules/electron/abi_version'), 'utf8'));
    const module = (machine: number, abi: number) => Buffer.concat([elf(machine), Buffer.from(`\0node_register_module_v${abi}\0`)]);
    expect(dist.electronBindingProblem(module(0x3e, electronAbi), { arch: 'x64', abi: electronAbi })).toBeNull();
    expect(dist.electronBindingProblem(module(0x3e, electronAbi), { arch: 'arm64', abi: electronAbi })).toBe('it is built for x64, not arm64');
    expect(dist.electronBindingProblem(module(0xb7, 115), { arch: 'arm64', abi: electronAbi })).toBe(`it is built for Node ABI 115, not Electron's ${electronAbi}`);
  });

  it('says what a failed Electron build of better-sqlite3 needs: the network, or the right machine for another arch', () => {
    expect(dist.bindingAdvice('x64', 'x64')).toMatch(/github\.com .*electronjs\.org/);
    expect(dist.bindingAdvice('x64', 'x64')).not.toMatch(/--x64/);
    expect(dist.bindingAdvice('arm64', 'x64')).toMatch(/cross-compiler.*on an arm64 machine.*npm run dist -- --x64$/);
  });

  it('fails a package without the Electron build for its arch, unpacked', () => {
    const resources = mkdtempSync(join(tmpdir(), 'nexvio-after-pack-'));
    temps.push(resources);
    const expected = { arch: 'x64', abi: 150 };
    expect(afterPack.packagedBindingProblem(resources, expected)).toMatch(/has no .*better_sqlite3\.node.*npm run dist/);
    const file = join(resources, afterPack.PACKAGED_BINDING);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, Buffer.concat([elf(0x3e), Buffer.from('node_register_module_v150')]));
    expect(afterPack.packagedBindingProblem(resources, expected)).toBeNull();
    expect(afterPack.packagedBindingProblem(resources, { arch: 'arm64', abi: 150 })).toBe('the packaged better_sqlite3.node is wrong: it is built for x64, not arm64');
    writeFileSync(file, Buffer.concat([elf(0x3e), Buffer.from('node_register_module_v115')]));
    expect(afterPack.packagedBindingProblem(resources, expected)).toMatch(/Node ABI 115, not Electron's 150/);
  });
});
