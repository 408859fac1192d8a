/**
 * The analytics reader thread (bundled as dist/analytics-reader.js): computes the figures
 * that are read directly from the base tables (a segment, or while the rollups are built)
 * on its own read-only connection, so the database worker, which every other call waits
 * for, is never held for the seconds they take at a million contacts. WAL lets it read
 * while the worker writes; each figure is one consistent snapshot.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorBody } from '../api/errors.js';
import { openReadOnlyDatabase } from '../db/database.js';
import { Workspace } from '../services/workspace.js';
import { computeFigure, isFigureMethod, type FigureMethod } from './figures.js';
import type { ParsedInput } from '../../preload/contract.js';
import type { ReaderReply, ReaderRequest, ReaderThreadData } from './reader-client.js';

const data = workerData as ReaderThreadData;
const port = parentPort;
if (!port) throw new Error('analytics-reader.js runs as a worker thread');

let ws: Workspace | null = null;
let seenVersion: unknown = null;

/** The workspace, its memoised reads (field definitions…) dropped when the worker has committed since the last call. */
function workspace(): Workspace {
  ws ??= new Workspace(openReadOnlyDatabase(data.databasePath), { databasePath: data.databasePath, host: 'cli', slowQueryMs: 0 });
  const version = ws.db.pragma('data_version', { simple: true });
  if (version !== seenVersion) {
    if (seenVersion !== null) ws.contactsChanged(null);
    seenVersion = version;
  }
  return ws;
}

port.on('message', (request: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    if (!isFigureMethod(request.method)) throw new Error(`Not a figure: ${request.method}`);
    reply = { id: request.id, ok: true, value: computeFigure(workspace(), request.method, request.input as ParsedInput<FigureMethod>) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: toErrorBody(error) };
  }
  port.postMessage(reply);
});
