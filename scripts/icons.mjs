#!/usr/bin/env node
/**
 * `npm run icons`: every platform's app icon from ONE source, resources/icon.svg.
 *
 *   resources/icons/<n>x<n>.png  Linux (electron-builder's linux.icon folder), 16 to 1024
 *   resources/icon.ico           Windows: 16, 24, 32, 48, 64, 128, 256, each a PNG-in-ICO entry
 *                                (edge to edge: ICO_VIEWBOX)
 *   resources/icon.icns          macOS: the PNG-based types ic07 to ic14
 *
 * The outputs are committed (a reviewer sees the icon, a dist needs no renderer) and must be
 * exactly what the SVG renders to: tests/packaging-icons.test.ts renders again and compares
 * bytes, and `npm run dist` regenerates them first when they differ (`--if-stale`).
 * `--check` only reports whether they are current (exit 1 if not).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = 'resources/icon.svg';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/**
 * Windows draws icons edge to edge, with no room kept for a Dock shadow: the ICO shows the
 * SVG's rounded square (824 px at 100 in the 1024 grid) with a thin margin, so the 16 px
 * taskbar icon is not a 13 px one. The same source, another view of it.
 */
export const ICO_VIEWBOX = '84 84 856 856';
/** Apple's PNG-based icon types and the pixel size each holds (@2x types hold twice the points). */
export const ICNS_TYPES = /** @type {const} */ ([
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]);

/**
 * Windows ICO with PNG entries (Vista and later read them; 256 px is stored as 0 in the byte).
 * ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image, then the PNGs in that order.
 * @param {{ size: number, png: Buffer }[]} images
 * @returns {Buffer}
 */
export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    if (size < 1 || size > 256) throw new Error(`an ICO image is 1 to 256 px, not ${size}`);
    const entry = 6 + 16 * index;
    header.writeUInt8(size === 256 ? 0 : size, entry);
    header.writeUInt8(size === 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/**
 * Apple ICNS: 'icns' + total length, then per image its 4-character type + length (both
 * big-endian, the length counting its own 8 header bytes) + the PNG.
 * @param {{ type: string, png: Buffer }[]} images
 * @returns {Buffer}
 */
export function encodeIcns(images) {
  const chunks = images.map(({ type, png }) => {
    if (!/^[a-z0-9]{4}$/i.test(type)) throw new Error(`an ICNS type is four characters, not "${type}"`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/**
 * Renders the SVG to a PNG of size x size. resvg is deterministic: the same SVG and resvg
 * version give the same bytes, which is what makes "are the icons current" a byte compare.
 * @param {Buffer} svg
 * @param {number} size
 * @returns {Promise<Buffer>}
 */
async function renderPng(svg, size) {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/**
 * The SVG seen through another viewBox (its width and height follow, so it stays square).
 * @param {Buffer} svg
 * @param {string} viewBox
 * @returns {Buffer}
 */
export function withViewBox(svg, viewBox) {
  const text = svg.toString('utf8');
  const [, , width, height] = viewBox.split(/\s+/);
  const root = /<svg\b[^>]*>/.exec(text);
  if (!root || !/viewBox="[^"]*"/.test(root[0])) throw new Error('the icon SVG needs a viewBox on its <svg> element');
  const replaced = root[0]
    .replace(/viewBox="[^"]*"/, `viewBox="${viewBox}"`)
    .replace(/\bwidth="[^"]*"/, `width="${width}"`)
    .replace(/\bheight="[^"]*"/, `height="${height}"`);
  return Buffer.from(text.replace(root[0], replaced));
}

/**
 * Every output file (path relative to the root) and its bytes, rendered from the SVG.
 * @param {Buffer} svg
 * @returns {Promise<Map<string, Buffer>>}
 */
export async function renderIconSet(svg) {
  const sizes = new Set([...LINUX_SIZES, ...ICNS_TYPES.map(([, size]) => size)]);
  /** @type {Map<number, Buffer>} */
  const pngs = new Map();
  for (const size of [...sizes].sort((a, b) => a - b)) pngs.set(size, await renderPng(svg, size));
  const png = (/** @type {number} */ size) => /** @type {Buffer} */ (pngs.get(size));

  /** @type {Map<string, Buffer>} */
  const files = new Map();
  for (const size of LINUX_SIZES) files.set(`resources/icons/${size}x${size}.png`, png(size));
  const windowsSvg = withViewBox(svg, ICO_VIEWBOX);
  /** @type {{ size: number, png: Buffer }[]} */
  const icoImages = [];
  for (const size of ICO_SIZES) icoImages.push({ size, png: await renderPng(windowsSvg, size) });
  files.set('resources/icon.ico', encodeIco(icoImages));
  files.set('resources/icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  return files;
}

/**
 * The outputs that are missing or differ from what the SVG renders to.
 * @param {string} root
 * @param {Map<string, Buffer>} files
 * @returns {string[]}
 */
export function staleFiles(root, files) {
  return [...files].filter(([path, bytes]) => {
    const target = join(root, path);
    return !existsSync(target) || !readFileSync(target).equals(bytes);
  }).map(([path]) => path);
}

/**
 * @param {string} root
 * @param {{ check?: boolean, ifStale?: boolean, log?: (message: string) => void }} [options]
 * @returns {Promise<{ stale: string[], written: string[] }>}
 */
export async function generateIcons(root, options = {}) {
  const log = options.log ?? ((message) => console.log(`icons: ${message}`));
  const files = await renderIconSet(readFileSync(join(root, SOURCE)));
  const stale = staleFiles(root, files);
  if (options.check || (options.ifStale && stale.length === 0)) return { stale, written: [] };
  const written = options.ifStale ? stale : [...files.keys()];
  for (const path of written) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), /** @type {Buffer} */ (files.get(path)));
  }
  log(`wrote ${written.length} file(s) from ${SOURCE}`);
  return { stale, written };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const args = new Set(process.argv.slice(2));
  const check = args.has('--check');
  generateIcons(ROOT, { check, ifStale: args.has('--if-stale') }).then(
    ({ stale }) => {
      if (!check) return;
      if (stale.length === 0) console.log(`icons: current with ${SOURCE}`);
      else {
        console.error(`icons: out of date with ${SOURCE}: ${stale.join(', ')}; run \`npm run icons\``);
        process.exit(1);
      }
    },
    (error) => {
      console.error(`icons: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
