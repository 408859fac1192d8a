/**
 * The service token is a secret: it never goes into the workspace database (backups,
 * exports). The host keeps it in a TokenVault (Electron: safeStorage; browser host: an
 * owner-only file) and this wrapper keeps the vault in step with the calls that change it.
 */
import type { Envelope, MethodName, ParsedInput } from '../../preload/contract.js';

export interface TokenVault {
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export interface CallTarget {
  callUnchecked(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
}

/** `input` must have been validated against the contract already. */
export function keepTokensIn(vault: TokenVault, target: CallTarget): CallTarget {
  return {
    async callUnchecked(method, input) {
      const envelope = await target.callUnchecked(method, input);
      if (!envelope.ok) return envelope;
      try {
        if (method === 'sync.connect') vault.save((input as ParsedInput<'sync.connect'>).token);
        else if (method === 'sync.disconnect' && (input as ParsedInput<'sync.disconnect'>).forgetToken) vault.clear();
        else if (method === 'sync.startDemo') vault.clear(); // the demo's own token lives with the demo
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `Connected, but the token could not be stored safely: ${message}` } };
      }
      return envelope;
    },
  };
}
