/** Connector settings: validation of mappings, audit, and secrets kept out of the database. */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorService } from '../core/connectors/service.js';
import { DEFAULT_MAPPINGS } from '../core/connectors/mapping.js';
import { connectorVaults, keepConnectorSecretsIn, loadConnectorSecrets } from '../core/worker/connector-secret-keeper.js';
import { FileTokenVault } from '../host/token-file.js';
import { CoreError } from '../core/api/errors.js';
import { CoreWorker } from '../core/worker/client.js';
import type { Envelope } from '../preload/contract.js';
import { contract } from '../preload/contract.js';
import { contact, load, openTestWorkspace, tempDir } from './helpers.js';
import { HUBSPOT_TOKEN, MAILCHIMP_KEY, MAILCHIMP_LIST } from './support/fake-vendors.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

function pathOf(fn: () => unknown): (string | number)[] | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoreError) return error.path;
    throw error;
  }
  throw new Error('did not throw');
}

describe('connector settings', () => {
  it('refuses bad mappings at the row and field, and writes nothing', () => {
    ws = openTestWorkspace();
    const service = new ConnectorService(ws);
    const hubspot = (mapping: { appField: string; vendorField: string }[]) => () => service.save({ vendor: 'hubspot', settings: { mapping, consentPurpose: 'marketing_email' } });
    expect(pathOf(hubspot([{ appField: 'email', vendorField: 'email' }, { appField: 'city', vendorField: 'City Name' }]))).toEqual(['settings', 'mapping', 1, 'vendorField']);
    expect(pathOf(hubspot([{ appField: 'email', vendorField: 'email' }, { appField: 'city', vendorField: 'email' }]))).toEqual(['settings', 'mapping', 1, 'vendorField']);
    expect(pathOf(hubspot([{ appField: 'city', vendorField: 'city' }]))).toEqual(['settings', 'mapping']);
    expect(pathOf(hubspot([{ appField: 'email', vendorField: 'email' }, { appField: 'custom:nope', vendorField: 'nope' }]))).toEqual(['settings', 'mapping', 1, 'appField']);
    expect(pathOf(() => service.save({ vendor: 'mailchimp', settings: { mapping: [{ appField: 'firstName', vendorField: 'first_name' }], consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST } }))).toEqual(['settings', 'mapping', 0, 'vendorField']);
    expect(pathOf(() => service.save({ vendor: 'mailchimp', settings: { mapping: [], consentPurpose: 'marketing_email' } }))).toEqual(['settings', 'listId']);
    expect(pathOf(() => service.save({ vendor: 'salesforce', settings: { mapping: [], consentPurpose: 'marketing_email', instanceUrl: 'ftp://acme', externalIdField: 'Nexvio_Id__c' } }))).toEqual(['settings', 'instanceUrl']);
    expect(pathOf(() => service.save({ vendor: 'salesforce', settings: { mapping: [], consentPurpose: 'marketing_email', instanceUrl: 'https://acme.my.salesforce.com', externalIdField: 'Email' } }))).toEqual(['settings', 'externalIdField']);
    expect(pathOf(() => service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'nope' } }))).toEqual(['settings', 'consentPurpose']);
    expect(pathOf(() => service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, enabled: true }))).toEqual(['secret']);
    expect(ws.db.prepare('SELECT count(*) FROM connectors').pluck().get()).toBe(0);
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'connector.%'").pluck().get()).toBe(0);
  });

  it('the contract refuses an app field that is not one', () => {
    const parsed = contract['connectors.save'].input.safeParse({ vendor: 'hubspot', settings: { mapping: [{ appField: 'password', vendorField: 'x' }], consentPurpose: 'marketing_email' } });
    expect(parsed.success).toBe(false);
  });

  it('keeps the secret out of the database file, the audit and the settings; says only that one is set', () => {
    ws = openTestWorkspace();
    load(ws, { contacts: [contact({ id: 'x1' })] });
    const service = new ConnectorService(ws);
    const info = service.save({ vendor: 'mailchimp', settings: { mapping: DEFAULT_MAPPINGS.mailchimp, consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST }, secret: MAILCHIMP_KEY, enabled: true });
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
    expect(info).toMatchObject({ secretSet: true, enabled: true, configured: true });
    expect(JSON.stringify(info)).not.toContain(MAILCHIMP_KEY);
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'connector.settings_changed'").pluck().get()).toBe(2);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = ws.options.databasePath;
    for (const path of [file, `${file}-wal`]) {
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      expect(bytes.includes(Buffer.from(MAILCHIMP_KEY))).toBe(false);
      expect(bytes.includes(Buffer.from(MAILCHIMP_KEY.slice(0, 32)))).toBe(false);
      expect(bytes.includes(Buffer.from(HUBSPOT_TOKEN))).toBe(false);
    }
    // A new session knows no secret until the host hands it over.
    const fresh = new ConnectorService(ws);
    expect(fresh.info('mailchimp').secretSet).toBe(false);
    fresh.setSecrets({ mailchimp: MAILCHIMP_KEY });
    expect(fresh.info('mailchimp').secretSet).toBe(true);
    expect(fresh.disconnect('mailchimp')).toMatchObject({ secretSet: false, enabled: false });
  });

  it('the host keeps secrets in owner-only files beside the database and hands them back at start', async () => {
    ws = openTestWorkspace();
    const dir = tempDir();
    const vaults = connectorVaults((name) => new FileTokenVault(dir.path, name));
    const calls: string[] = [];
    const target = keepConnectorSecretsIn(vaults, {
      callUnchecked: (method) => {
        calls.push(method);
        return Promise.resolve({ ok: true, value: null } as Envelope<unknown>);
      },
    });
    await target.callUnchecked('connectors.save', { vendor: 'hubspot', settings: { mapping: [], consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
    const file = join(dir.path, 'connector-hubspot.secret');
    expect(readFileSync(file, 'utf8')).toBe(HUBSPOT_TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConnectorSecrets(vaults)).toEqual({ hubspot: HUBSPOT_TOKEN });
    await target.callUnchecked('connectors.disconnect', { vendor: 'hubspot' });
    expect(existsSync(file)).toBe(false);
    expect(calls).toEqual(['connectors.save', 'connectors.disconnect']);
    dir.cleanup();
  });

  it('a run the app was closed during is marked failed when the connectors start again', () => {
    ws = openTestWorkspace();
    ws.db.prepare("INSERT INTO connector_runs (connector_id, trigger, state, started_at) VALUES ('hubspot', 'manual', 'running', 't')").run();
    const service = new ConnectorService(ws);
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' } });
    expect(service.info('hubspot')).toMatchObject({ running: false, lastRun: { state: 'failed', message: 'The app was closed during this push' } });
  });

  it('a changed mapping forgets what was pushed so everything goes again', () => {
    ws = openTestWorkspace();
    load(ws, { contacts: [contact({ id: 'x1' })] });
    const service = new ConnectorService(ws);
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' } });
    ws.db.prepare("INSERT INTO connector_contacts (connector_id, contact_id, contact_version, contact_updated_at, digest) VALUES ('hubspot', 'x1', 1, 't', 'd')").run();
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, enabled: false });
    expect(ws.db.prepare('SELECT count(*) FROM connector_contacts').pluck().get()).toBe(1);
    service.save({ vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot.slice(0, 3), consentPurpose: 'marketing_email' } });
    expect(ws.db.prepare('SELECT count(*) FROM connector_contacts').pluck().get()).toBe(0);
  });
});

describe('connector secrets through the worker and the host vaults', () => {
  it('a secret saved through the host survives a restart of the worker, and never reaches the database', async () => {
    ws = openTestWorkspace(); // for afterEach
    const dir = tempDir();
    const databasePath = join(dir.path, 'w.db');
    const workerUrl = new URL('./support/ts-worker.mjs', import.meta.url);
    const vaults = connectorVaults((name) => new FileTokenVault(dir.path, name));
    const first = await CoreWorker.start({ databasePath, host: 'browser', workerUrl, execArgv: [] });
    try {
      const target = keepConnectorSecretsIn(vaults, first);
      const saved = await target.callUnchecked('connectors.save', { vendor: 'hubspot', settings: { mapping: DEFAULT_MAPPINGS.hubspot, consentPurpose: 'marketing_email' }, secret: HUBSPOT_TOKEN });
      expect(saved).toMatchObject({ ok: true, value: { secretSet: true } });
    } finally {
      await first.close();
    }
    expect(readFileSync(databasePath).includes(Buffer.from(HUBSPOT_TOKEN))).toBe(false);
    const second = await CoreWorker.start({ databasePath, host: 'browser', workerUrl, execArgv: [] });
    try {
      expect(await second.call('connectors.list', {})).toMatchObject({ ok: true, value: [{ vendor: 'hubspot', secretSet: false }, {}, {}] });
      second.provideConnectorSecrets(loadConnectorSecrets(vaults));
      expect(await second.call('connectors.list', {})).toMatchObject({ ok: true, value: [{ vendor: 'hubspot', secretSet: true, configured: true }, {}, {}] });
    } finally {
      await second.close();
      dir.cleanup();
    }
  });
});
