/**
 * The connectors' secrets (HubSpot token, Salesforce token, Mailchimp API key) are kept like
 * the service token: by the host, in a vault of their own per vendor (Electron: safeStorage;
 * browser host: an owner-only file), never in the workspace database. The worker holds them
 * in memory only; this wrapper keeps the vaults in step with the calls that change them.
 */
import { CONNECTOR_VENDORS, type ConnectorVendor, type ParsedInput } from '../../preload/contract.js';
import type { CallTarget, TokenVault } from './token-keeper.js';

export type ConnectorVaults = Record<ConnectorVendor, TokenVault>;

export function connectorVaults(make: (fileName: string) => TokenVault): ConnectorVaults {
  return { hubspot: make('connector-hubspot.secret'), salesforce: make('connector-salesforce.secret'), mailchimp: make('connector-mailchimp.secret') };
}

export function loadConnectorSecrets(vaults: ConnectorVaults): Partial<Record<ConnectorVendor, string>> {
  const secrets: Partial<Record<ConnectorVendor, string>> = {};
  for (const vendor of CONNECTOR_VENDORS) {
    const secret = vaults[vendor].load();
    if (secret) secrets[vendor] = secret;
  }
  return secrets;
}

/** `input` must have been validated against the contract already. */
export function keepConnectorSecretsIn(vaults: ConnectorVaults, target: CallTarget): CallTarget {
  return {
    async callUnchecked(method, input) {
      const envelope = await target.callUnchecked(method, input);
      if (!envelope.ok) return envelope;
      try {
        if (method === 'connectors.save') {
          const { vendor, secret } = input as ParsedInput<'connectors.save'>;
          if (secret !== undefined) vaults[vendor].save(secret);
        } else if (method === 'connectors.disconnect') vaults[(input as ParsedInput<'connectors.disconnect'>).vendor].clear();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `Saved, but the secret could not be stored safely: ${message}` } };
      }
      return envelope;
    },
  };
}
