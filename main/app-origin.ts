/**
 * The one origin the app's own content comes from. Every trust decision in main (IPC
 * senders, navigation, permissions, the protocol handler) compares against this.
 * Pure: no electron import, so the checks are unit-tested in plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'nexvio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True for URLs on exactly app://nexvio. `app:` is not a "special" scheme for the WHATWG
 * parser in Node, so URL.origin is "null" here: compare the parts instead, and refuse
 * credentials and ports (app://nexvio@evil/ has host "evil", but be explicit anyway).
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}
