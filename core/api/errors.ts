import type { ApiErrorBody, ErrorCode } from '../../preload/contract.js';

/** An error a handler throws on purpose: it reaches the renderer with its code and path. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: (string | number)[],
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return this.path ? { code: this.code, message: this.message, path: this.path } : { code: this.code, message: this.message };
  }
}

export function notFound(what: string, id: string): CoreError {
  return new CoreError('not_found', `${what} ${id} does not exist (it may have been deleted or merged).`, ['id']);
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof CoreError) return error.toBody();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside the app: ${message}` };
}
