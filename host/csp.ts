/**
 * The Content-Security-Policy of every page of the app, in Electron (main/protocol.ts) and
 * in the browser host. Mantine sets inline styles, hence 'unsafe-inline' for styles only;
 * scripts come from the app's own origin and nowhere else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
