/** Shared set-up of the connector tests: a workspace, a fake vendor, a fast connector service. */
import { ConnectorService } from '../../core/connectors/service.js';
import type { ConnectorVendor } from '../../preload/contract.js';
import { recordConsent } from '../../core/services/consent.js';
import type { Workspace } from '../../core/services/workspace.js';

export function fastConnectors(ws: Workspace, vendor: ConnectorVendor, url: string, rate = { burst: 100, perSecond: 1000 }): ConnectorService {
  return new ConnectorService(ws, { baseUrls: { [vendor]: url }, rateLimits: { [vendor]: rate }, retry: { backoffMs: 20, maxAttempts: 3, timeoutMs: 5000 } });
}

export function consent(ws: Workspace, contactId: string, status: 'granted' | 'denied' | 'withdrawn', purpose = 'marketing_email'): void {
  recordConsent(ws, { contactId, purpose, status, source: 'web form', evidence: 'form 42' });
}

export async function push(service: ConnectorService, vendor: ConnectorVendor) {
  service.start(vendor, 'manual');
  await service.whenDone(vendor);
  const info = service.info(vendor);
  if (!info.lastRun) throw new Error('no run recorded');
  return info.lastRun;
}
