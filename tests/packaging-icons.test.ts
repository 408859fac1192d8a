/**
 * The app icons (scripts/icons.mjs): the committed ICO, ICNS and PNGs parse back to the sizes
 * each platform needs, and are exactly what resources/icon.svg renders to, so an SVG changed
 * without `npm run icons` fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface IconsScript {
  SOURCE: string;
  LINUX_SIZES: number[];
  ICO_SIZES: number[];
  ICNS_TYPES: readonly (readonly [string, number])[];
  encodeIco(images: { size: number; png: Buffer }[]): Buffer;
  encodeIcns(images: { type: string; png: Buffer }[]): Buffer;
  renderIconSet(svg: Buffer): Promise<Map<string, Buffer>>;
  staleFiles(root: string, files: Map<string, Buffer>): string[];
  withViewBox(svg: Buffer, viewBox: string): Buffer;
  ICO_VIEWBOX: string;
}

let icons: IconsScript;

beforeAll(async () => {
  const specifier = new URL('../scripts/icons.mjs', import.meta.url).href;
  icons = (await import(/* @vite-ignore */ specifier)) as IconsScript;
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height from its IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Parses an ICO: its header, and each entry's declared size and embedded image. */
function parseIco(ico: Buffer): { width: number; height: number; bitCount: number; png: Buffer }[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return {
      width: ico.readUInt8(entry) || 256,
      height: ico.readUInt8(entry + 1) || 256,
      bitCount: ico.readUInt16LE(entry + 6),
      png: ico.subarray(offset, offset + length),
    };
  });
}

/** Parses an ICNS: the 'icns' header and its length, then each typed chunk. */
function parseIcns(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const chunks: { type: string; png: Buffer }[] = [];
  for (let offset = 8; offset < icns.length; ) {
    const length = icns.readUInt32BE(offset + 4);
    expect(length).toBeGreaterThan(8);
    chunks.push({ type: icns.toString('latin1', offset, offset + 4), png: icns.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return chunks;
}

describe('app icons', () => {
  it('are exactly what resources/icon.svg renders to (run `npm run icons` after changing it)', async () => {
    const files = await icons.renderIconSet(readFileSync(join(ROOT, icons.SOURCE)));
    expect(files.size).toBe(icons.LINUX_SIZES.length + 2);
    expect(icons.staleFiles(ROOT, files)).toEqual([]);
  });

  it('render the same bytes twice: the check above compares like with like', async () => {
    const svg = readFileSync(join(ROOT, icons.SOURCE));
    const first = await icons.renderIconSet(svg);
    const second = await icons.renderIconSet(svg);
    for (const [path, bytes] of first) expect(second.get(path)!.equals(bytes), path).toBe(true);
  });

  it('tell a changed SVG from the committed icons', async () => {
    const svg = readFileSync(join(ROOT, icons.SOURCE), 'utf8').replace('</svg>', '<circle cx="512" cy="512" r="60" fill="#000"/></svg>');
    const stale = icons.staleFiles(ROOT, await icons.renderIconSet(Buffer.from(svg)));
    expect(stale).toContain('resources/icon.ico');
    expect(stale).toContain('resources/icon.icns');
    expect(stale).toContain('resources/icons/1024x1024.png');
  });

  it('give Windows an ICO of PNG entries at 16, 24, 32, 48, 64, 128 and 256 px', () => {
    const entries = parseIco(readFileSync(join(ROOT, 'resources/icon.ico')));
    expect(entries.map((entry) => entry.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) {
      expect(entry.height).toBe(entry.width);
      expect(entry.bitCount).toBe(32);
      expect(pngSize(entry.png)).toEqual({ width: entry.width, height: entry.width });
    }
  });

  it('give macOS an ICNS of the PNG types ic07 to ic14, each at its pixel size', () => {
    const chunks = parseIcns(readFileSync(join(ROOT, 'resources/icon.icns')));
    const expected: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    expect(chunks.map((chunk) => chunk.type).sort()).toEqual(Object.keys(expected).sort());
    for (const chunk of chunks) expect(pngSize(chunk.png), chunk.type).toEqual({ width: expected[chunk.type], height: expected[chunk.type] });
  });

  it('give Linux a PNG per size from 16 to 1024 px', () => {
    expect(icons.LINUX_SIZES).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const size of icons.LINUX_SIZES) {
      expect(pngSize(readFileSync(join(ROOT, `resources/icons/${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it("show Windows the icon's rounded square edge to edge: the same SVG through another viewBox", () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024"><rect width="1" height="1"/></svg>');
    expect(icons.withViewBox(svg, '84 84 856 856').toString()).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="856" height="856" viewBox="84 84 856 856"><rect width="1" height="1"/></svg>',
    );
    expect(() => icons.withViewBox(Buffer.from('<svg width="1"/>'), '0 0 1 1')).toThrow(/needs a viewBox/);
    // The source's body square (x, y 100, 824 wide) fits inside the Windows view.
    const [x, y, size] = icons.ICO_VIEWBOX.split(' ').map(Number);
    expect(x! <= 100 && y! <= 100 && x! + size! >= 924).toBe(true);
    expect(readFileSync(join(ROOT, icons.SOURCE), 'utf8')).toMatch(/<rect x="100" y="100" width="824" height="824"/);
  });

  it('encode ICO and ICNS headers byte for byte', () => {
    const png = (marker: number) => Buffer.concat([PNG_SIGNATURE, Buffer.from([marker])]);
    const ico = icons.encodeIco([
      { size: 16, png: png(1) },
      { size: 256, png: png(2) },
    ]);
    expect([...ico.subarray(0, 6)]).toEqual([0, 0, 1, 0, 2, 0]);
    // 256 px is written as 0; offsets follow the 6 + 2 x 16 header bytes.
    expect([ico[6], ico[7], ico[22], ico[23]]).toEqual([16, 16, 0, 0]);
    expect(ico.readUInt32LE(6 + 12)).toBe(38);
    expect(ico.readUInt32LE(22 + 12)).toBe(38 + 9);
    expect(ico.length).toBe(38 + 18);
    expect(() => icons.encodeIco([{ size: 512, png: png(3) }])).toThrow(/1 to 256/);

    const icns = icons.encodeIcns([{ type: 'ic07', png: png(4) }]);
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(8 + 8 + 9);
    expect(icns.toString('latin1', 8, 12)).toBe('ic07');
    expect(icns.readUInt32BE(12)).toBe(8 + 9);
    expect(() => icons.encodeIcns([{ type: 'ic7', png: png(5) }])).toThrow(/four characters/);
  });
});
