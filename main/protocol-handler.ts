/**
 * Serves the built renderer (dist/renderer) for app://nexvio/. Pure Node (node:fs, the
 * global Request/Response), so path traversal and headers are tested without Electron;
 * main/protocol.ts only registers it.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-origin.js';
import { SECURITY_HEADERS } from './csp.js';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Module scripts are refused unless served with a JavaScript type, so this table matters. */
export function contentTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type PathResolution =
  | { ok: true; file: string; /** A route without a file extension: fall back to index.html. */ route: boolean }
  | { ok: false; status: 400 | 403 };

/**
 * Maps an app:// URL to a file under rootDir, or refuses. The URL parser already folds
 * "/../"; what is left to catch is what decoding reintroduces: %2F and %5C separators,
 * "..%2F..", NUL bytes and drive letters. The resolved path must stay inside rootDir.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): PathResolution {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) {
    return { ok: false, status: 403 };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // ':' too: no drive letters or NTFS alternate streams (index.html::$DATA) on Windows.
  if (/[\0\\:]/.test(pathname)) return { ok: false, status: 400 };
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';

  const root = resolve(rootDir);
  const file = resolve(root, `.${sep}${pathname.replace(/^\/+/, '')}`);
  if (!file.startsWith(root + sep)) return { ok: false, status: 403 };
  return { ok: true, file, route: extname(file) === '' };
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && NOT_FOUND_CODES.has(String(error.code));
}

function respond(status: number, body: Uint8Array | string | null, contentType: string): Response {
  // Copy into a fresh ArrayBuffer-backed view: Response wants a plain BufferSource.
  const payload = typeof body === 'string' || body === null ? body : new Uint8Array(body);
  return new Response(payload, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-cache' },
  });
}

function errorResponse(status: number): Response {
  return respond(status, `${status}`, 'text/plain; charset=utf-8');
}

/** The handler for protocol.handle('app', ...): GET and HEAD on files under rootDir. */
export function createAppRequestHandler(rootDir: string, readFile: ReadFile = fsReadFile): (request: Request) => Promise<Response> {
  const indexFile = resolve(rootDir, 'index.html');
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405);
    const resolved = resolveAppPath(rootDir, request.url);
    if (!resolved.ok) return errorResponse(resolved.status);

    let file = resolved.file;
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch (error) {
      if (!isNotFound(error)) return errorResponse(500);
      if (!resolved.route) return errorResponse(404);
      // A client-side route (app://nexvio/contacts/42) survives a reload.
      file = indexFile;
      try {
        body = await readFile(file);
      } catch {
        return errorResponse(404);
      }
    }
    return respond(200, request.method === 'HEAD' ? null : body, contentTypeFor(file));
  };
}
