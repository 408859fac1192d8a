/**
 * The renderer's typed API: `api.call('contacts.get', { id })` resolves with the value or
 * throws an ApiError carrying the code, message and field path from the core.
 */
import type { ApiErrorBody, AppEvent, MethodInput, MethodName, MethodOutput, NexvioBridge } from '../../../preload/contract';
import { pickBridge } from './transport';

export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly path: (string | number)[] | undefined;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.path = body.path;
  }
}

let bridge: NexvioBridge | null = null;
function getBridge(): NexvioBridge {
  bridge ??= pickBridge();
  return bridge;
}

export const api = {
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const envelope = await getBridge().call(method, input);
    if (!envelope.ok) throw new ApiError(envelope.error);
    return envelope.value;
  },
  onEvent(listener: (event: AppEvent) => void): () => void {
    return getBridge().onEvent(listener);
  },
  get host(): 'electron' | 'browser' {
    return getBridge().host;
  },
};
