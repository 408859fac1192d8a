/**
 * better-sqlite3 is a native module, and Node and Electron need different builds of it.
 * `npm install` builds it for Node (tests, CLI, browser host). `npm start` prepares a second
 * build for Electron under .native/ (scripts/start-electron.mjs) and passes its path in
 * NEXVIO_SQLITE_BINDING, so both commands work on one checkout in either order.
 * Returns undefined to use the package's own build.
 */
export function nativeBindingPath(): string | undefined {
  const fromEnv = process.env['NEXVIO_SQLITE_BINDING'];
  if (fromEnv && process.versions['electron']) return fromEnv;
  return undefined;
}
