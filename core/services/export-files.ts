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

/**
 * Opens a new file `<prefix>-<yyyy-mm-dd-hhmm><suffix>` for writing (`suffix` ends with the
 * extension, e.g. ".csv" or "-ab12.zip"); a number goes before the extension when the name is taken.
 */
export function newExportFile(ws: Workspace, prefix: string, suffix: string): { path: string; fd: number } {
  const folder = exportsFolder(ws);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  const dot = suffix.lastIndexOf('.');
  const [stem, extension] = dot >= 0 ? [suffix.slice(0, dot), suffix.slice(dot)] : [suffix, ''];
  for (let n = 1; ; n++) {
    const path = join(folder, `${prefix}-${stamp}${stem}${n > 1 ? `-${n}` : ''}${extension}`);
    try {
      return { path, fd: openSync(path, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw error;
    }
  }
}
