/**
 * Where things are: the bundle files beside dist/main.js, and the workspace database in
 * the user-data folder. Pure.
 */
import { isAbsolute, join } from 'node:path';

export interface BundlePaths {
  /** CommonJS: a sandboxed preload can only require('electron'). */
  preload: string;
  rendererRoot: string;
}

export function bundlePaths(distDir: string): BundlePaths {
  return { preload: join(distDir, 'preload.cjs'), rendererRoot: join(distDir, 'renderer') };
}

export function workspaceDatabasePath(userDataDir: string): string {
  return join(userDataDir, 'workspaces', 'default.db');
}

/** Environment switches for development and the Electron end-to-end tests. */
export interface DevOverrides {
  /** A throwaway user-data folder (tests must not touch a real workspace). */
  userDataDir?: string;
}

export const DEV_ONLY_ENV = ['NEXVIO_USER_DATA_DIR', 'NEXVIO_SQLITE_BINDING'] as const;

/**
 * Reads the development switches, and in a packaged build removes them from the
 * environment instead: a released app must not load a native module or a profile named by
 * whoever starts it (the same reason the NODE_OPTIONS fuse is off).
 */
export function takeDevOverrides(env: NodeJS.ProcessEnv, isPackaged: boolean): DevOverrides {
  if (isPackaged) {
    for (const name of DEV_ONLY_ENV) delete env[name];
    return {};
  }
  const userDataDir = env['NEXVIO_USER_DATA_DIR'];
  return userDataDir && isAbsolute(userDataDir) ? { userDataDir } : {};
}
