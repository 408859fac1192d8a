/** Electron glue for app://nexvio/: the scheme's privileges and the file handler. */
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './app-origin.js';
import { createAppRequestHandler } from './protocol-handler.js';

/**
 * Must run before `ready`. standard: real origin and relative URLs; secure: a secure context
 * like https; supportFetchAPI: the page may fetch its own assets. No service workers, no
 * CSP bypass, no CORS exceptions.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, allowServiceWorkers: false, bypassCSP: false },
    },
  ]);
}

export function serveAppProtocol(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererRoot));
}
