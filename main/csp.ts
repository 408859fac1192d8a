/**
 * The headers on every app:// response. The policy itself is shared with the browser host
 * (host/csp.ts), so both ways of serving the renderer enforce the same rules. Pure.
 */
import { CONTENT_SECURITY_POLICY } from '../host/csp.js';

export { CONTENT_SECURITY_POLICY };

/** Sent with every response of the app protocol, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // Files are served with their real type; never let the renderer guess (a .json as script).
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
