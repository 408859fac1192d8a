import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/csp.js';
import { contentTypeFor, createAppRequestHandler, resolveAppPath } from '../../main/protocol-handler.js';

let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  // base/renderer is the served root; base/secret.txt must never be reachable.
  base = mkdtempSync(join(tmpdir(), 'nexvio-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Nexvio</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  handle = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

describe('app:// protocol handler', () => {
  it('serves index.html for the root with the CSP header', async () => {
    const response = await get('app://nexvio/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Nexvio</title>');
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const response = await get(`app://nexvio/${path}?v=1#x`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await get('app://nexvio/contacts/42');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const missing = await get('app://nexvio/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    ['app://nexvio/../secret.txt', 404], // the URL parser folds it to /secret.txt inside root
    ['app://nexvio/..%2Fsecret.txt', 403],
    ['app://nexvio/assets/..%2F..%2Fsecret.txt', 403],
    ['app://nexvio/%2e%2e/secret.txt', 404],
    ['app://nexvio/assets/%2E%2E%2F%2E%2E%2Fsecret.txt', 403],
    ['app://nexvio/..%5Csecret.txt', 400],
    ['app://nexvio/index.html%00.js', 400],
    ['app://nexvio/C:%2FWindows%2Fwin.ini', 400],
    ['app://nexvio/index.html::$DATA', 400],
    ['app://nexvio/%E0%A4%A', 400],
    ['app://evil/index.html', 403],
  ])('refuses %s with %i and never leaks the file', async (url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toContain('secret');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://nexvio/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://nexvio/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('answers 500, not a crash, when a file cannot be read', async () => {
    const failing = createAppRequestHandler(root, () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })));
    expect((await failing(new Request('app://nexvio/index.html'))).status).toBe(500);
  });
});

describe('resolveAppPath', () => {
  it('keeps every resolved file inside the root', () => {
    const resolved = resolveAppPath(root, 'app://nexvio/assets/index-abc.js');
    expect(resolved).toEqual({ ok: true, file: join(root, 'assets', 'index-abc.js'), route: false });
    expect(resolveAppPath(root, 'app://nexvio/')).toEqual({ ok: true, file: join(root, 'index.html'), route: false });
  });

  it('refuses other hosts and credentials (a Request cannot even carry them)', () => {
    expect(resolveAppPath(root, 'app://nexvio@evil/index.html')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://u:p@nexvio/index.html')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'https://nexvio/index.html')).toEqual({ ok: false, status: 403 });
  });
});

describe('contentTypeFor', () => {
  it('knows module scripts, fonts and wasm, and defaults to octet-stream', () => {
    expect(contentTypeFor('a.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('LICENSE')).toBe('application/octet-stream');
  });
});
