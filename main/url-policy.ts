/**
 * Where the app's windows may go and what they may load. Pure, so each rule is a unit test.
 */
import { APP_ORIGIN, isAppUrl, parseUrl } from './app-origin.js';

/** In-app navigation stays on app://nexvio; everything else is denied. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * The URL to hand to the OS browser, or null to drop it. Only plain http(s) with a host and
 * no credentials: a `file:`, `smb:` or custom-scheme URL from chat text could launch a local
 * program, and `https://user:pass@host` is a classic phishing disguise.
 */
export function externalUrlToOpen(raw: string): string | null {
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  const url = parseUrl(raw);
  if (!url) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href;
}

/**
 * Requests the session lets through: the app's own files, DevTools, and inline data the
 * page built itself. No remote content, ever: the core talks to the network, not the page.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('devtools://')) return true;
  if (url.startsWith('data:')) return true;
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/** Deny by default; copying text (an email address) from our own page is the one exception. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}
