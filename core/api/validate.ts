/**
 * The one place where a call from the renderer is checked against the contract, used by
 * the Electron main process (main/ipc.ts) and the browser host (host/web.ts) before the
 * worker sees anything. A bad argument becomes a typed error with the path of the field.
 */
import type { z } from 'zod';
import { contract, type ApiErrorBody, type MethodName, type ParsedInput } from '../../preload/contract.js';

export type ValidatedCall = { ok: true; method: MethodName; input: ParsedInput<MethodName> } | { ok: false; error: ApiErrorBody };

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

export function validateCall(method: unknown, input: unknown): ValidatedCall {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `There is no method called ${JSON.stringify(String(method)).slice(0, 80)}.` } };
  }
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: zodErrorToApiError(parsed.error) };
  return { ok: true, method, input: parsed.data as ParsedInput<MethodName> };
}

export function zodErrorToApiError(error: z.ZodError): ApiErrorBody {
  const first = error.issues[0];
  const path = (first?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  return { code: 'bad_request', message: `${where}${first?.message ?? 'Invalid input'}`, path };
}
