/**
 * Electron glue: nexvio-contacts:// links reach the app here. Parsing and queueing are in
 * deep-link.ts. Windows and Linux pass the link as an argument (the first start's argv, or
 * the second instance's argv through `second-instance`); macOS sends `open-url`, possibly
 * before `ready`. Everything goes into the queue, which opens once the window can take it.
 *
 * Registration: a packaged app registers itself (the installers also declare the scheme).
 * In development the OS is told to start this Electron with the repository folder, so
 * links open the dev app; not when a test's throwaway profile is in use
 * (NEXVIO_USER_DATA_DIR), which must leave the machine's handler alone.
 */
import { app } from 'electron';
import { DeepLinkQueue, findDeepLinkInArgv, parseDeepLink, protocolClientRegistration } from './deep-link.js';

export function listenForDeepLinks(options: { register: boolean }): DeepLinkQueue {
  const queue = new DeepLinkQueue();
  if (options.register) {
    const registration = protocolClientRegistration({
      isPackaged: app.isPackaged,
      defaultApp: process.defaultApp === true,
      execPath: process.execPath,
      argv: process.argv,
      cwd: process.cwd(),
    });
    const registered = 'path' in registration ? app.setAsDefaultProtocolClient(registration.scheme, registration.path, registration.args) : app.setAsDefaultProtocolClient(registration.scheme);
    if (!registered) console.warn(`[deep-link] could not register as the handler of ${registration.scheme}:// links`);
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    queue.push(parseDeepLink(url));
  });
  app.on('second-instance', (_event, argv: string[] | undefined) => {
    const link = findDeepLinkInArgv(Array.isArray(argv) ? argv : []);
    if (link !== null) queue.push(parseDeepLink(link));
  });
  const atStart = findDeepLinkInArgv(process.argv);
  if (atStart !== null) queue.push(parseDeepLink(atStart));
  return queue;
}
