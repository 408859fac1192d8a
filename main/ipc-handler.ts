/**
 * The body of the one IPC handler: sender check, then the contract, then the worker. Pure
 * (no electron import) and generic over the event, so tests drive it with plain objects.
 * It never throws: the renderer always gets an Envelope back.
 */
import { validateCall } from '../core/api/validate.js';
import type { Envelope, MethodName } from '../preload/contract.js';

export interface CallTarget {
  callUnchecked(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
}

export interface CallHandlerDeps<E> {
  isTrustedSender(event: E): boolean;
  /** The running worker, or null while it is not (starting, closed on quit). */
  target(): CallTarget | null;
  /** Told about refused senders, so they show up in the log. */
  onRefused?(event: E, method: unknown): void;
}

export type CallHandler<E> = (event: E, method: unknown, input: unknown) => Promise<Envelope<unknown>>;

export function createCallHandler<E>(deps: CallHandlerDeps<E>): CallHandler<E> {
  return async (event, method, input) => {
    if (!deps.isTrustedSender(event)) {
      deps.onRefused?.(event, method);
      return { ok: false, error: { code: 'bad_request', message: 'This call did not come from the Nexvio Contacts window.' } };
    }
    const call = validateCall(method, input);
    if (!call.ok) return { ok: false, error: call.error };
    const target = deps.target();
    if (!target) return { ok: false, error: { code: 'unavailable', message: 'The workspace is not open.' } };
    try {
      return await target.callUnchecked(call.method, call.input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'internal', message: `The call failed inside the app: ${message}` } };
    }
  };
}
