/** Messages between the thread that serves the UI and the database worker. */
import type { AppEvent, ConnectorVendor, Envelope, MethodName } from '../../preload/contract.js';

export interface WorkerInit {
  databasePath: string;
  host: 'electron' | 'browser';
  /** Log queries slower than this many milliseconds (0 turns it off). */
  slowQueryMs: number;
  /** Where the reference service's worker script is, for the one-click demo (default: beside worker.js). */
  demoWorkerUrl?: string;
  demoExecArgv?: string[];
}

export type ToWorker =
  | { kind: 'call'; id: number; method: MethodName; input: unknown }
  /** From the host at start: the token it keeps for the connected service (null: none). */
  | { kind: 'resume-sync'; token: string | null }
  /** From the host at start: the connectors' secrets its vault keeps (core/connectors/). */
  | { kind: 'connector-secrets'; secrets: Partial<Record<ConnectorVendor, string>> }
  /** From the host's session: an entry for the workspace's audit log (a restore it did while the worker was closed). */
  | { kind: 'audit'; id: number; action: string; details: Record<string, unknown> }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string; code?: string }
  | { kind: 'result'; id: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'closed' };
