/**
 * Files the app writes for people to take away (exports, audit copies) go to the workspace's
 * `exports/` folder beside its database, named by kind and time, never overwriting one another.
 */
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Workspace } from './workspace.js';

export function exportsFolder(ws: Workspace): string {
  return join(dirname(ws.options.databasePath), 'exports');
}

/** Opens a new file `<prefix>-<yyyy-mm-dd-hhmm>[-n].<extension>` for writing. */
export function newExportFile(ws: Workspace, prefix: string, extension: string): { path: string; fd: number } {
  const folder = exportsFolder(ws);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  for (let n = 1; ; n++) {
    const path = join(folder, `${prefix}-${stamp}${n > 1 ? `-${n}` : ''}.${extension}`);
    try {
      return { path, fd: openSync(path, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw error;
    }
  }
}
