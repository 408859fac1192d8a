/**
 * Electron glue for the security rules in url-policy.ts: session-wide (permissions, no
 * remote requests) and per web contents (navigation, new windows, webviews). Applied to
 * every web contents the app ever creates, not only the main window.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { externalUrlToOpen, isAllowedNavigation, isAllowedRequest, isPermissionGranted } from './url-policy.js';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) console.warn(`[security] blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

function openExternally(url: string): void {
  const safe = externalUrlToOpen(url);
  if (!safe) {
    console.warn(`[security] refused to open ${url.slice(0, 200)}`);
    return;
  }
  shell.openExternal(safe).catch((error: unknown) => console.warn(`[security] could not open ${safe}:`, error));
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) {
      event.preventDefault();
      console.warn(`[security] blocked navigation to ${event.url.slice(0, 200)}`);
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  // No new windows. A link with target=_blank opens in the OS browser, after the URL check.
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
