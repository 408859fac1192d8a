/**
 * The object the preload exposes as `window.nexvio`, built over a minimal IPC surface so it
 * is unit-tested without Electron. Only type imports from the contract: zod stays out of
 * the preload bundle. Nothing raw crosses over: no ipcRenderer, no IPC event objects.
 */
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './channels.js';
import type { AppEvent, Envelope, MethodName, MethodOutput, NexvioBridge } from './contract.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: BridgeIpc): NexvioBridge {
  return {
    host: 'electron',
    async call<M extends MethodName>(method: M, input: unknown): Promise<Envelope<MethodOutput<M>>> {
      try {
        // main/ipc-handler.ts validates the input and always answers with an Envelope.
        return (await ipc.invoke(IPC_CALL_CHANNEL, method, input)) as Envelope<MethodOutput<M>>;
      } catch (error) {
        // Only when main has no handler (starting, quitting) or the IPC itself broke.
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'unavailable', message: `The app could not answer: ${message}` } };
      }
    },
    onEvent(listener: (event: AppEvent) => void): () => void {
      const forward = (_event: unknown, payload: unknown) => listener(payload as AppEvent);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
  };
}
