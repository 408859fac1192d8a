/**
 * Connectors on the Integrations page: connect Salesforce (a local server that follows its
 * sObject Collections API), map fields with validation at the row, push now, read the error
 * log. A host of its own: connectors are workspace-wide settings.
 */
import { expect, test } from './fixtures';
import { startHost, type Running } from './sync-helpers';
import { fakeSalesforce, SALESFORCE_TOKEN } from '../tests/support/fake-vendors';

let host: Running;
let salesforce: ReturnType<typeof fakeSalesforce>;
test.beforeAll(async () => {
  host = await startHost({ seed: 60 });
  salesforce = await fakeSalesforce().start();
});
test.afterAll(async () => {
  await host.stop();
  await salesforce.stop();
});

test('Salesforce is connected with a checked field mapping, pushed to, and its refusals are logged', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Integrations/ }).click();
  const card = page.getByRole('region', { name: 'Salesforce' });
  await expect(card).toContainText('Not connected');
  await card.getByRole('button', { name: 'Connect Salesforce' }).click();

  const dialog = page.getByRole('dialog', { name: 'Salesforce: connection and field mapping' });
  // The defaults are there, with the opt-out field.
  await expect(dialog.getByRole('textbox', { name: 'Salesforce field (API name) for No marketing (yes/no)' })).toHaveValue('HasOptedOutOfEmail');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByText('Give the access token to connect')).toBeVisible();

  await dialog.getByLabel('Access token').fill(SALESFORCE_TOKEN);
  await dialog.getByRole('textbox', { name: 'Salesforce address' }).fill(salesforce.url);
  await dialog.getByRole('button', { name: 'Add field' }).click();
  const added = dialog.getByRole('textbox', { name: /Salesforce field \(API name\) for/ }).last();
  await added.fill('Lead Source');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByText('Use the field’s API name (e.g. MailingCity or Nexvio_Score__c)')).toBeVisible();
  await dialog.getByRole('button', { name: /Remove the row for/ }).last().click();
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toHaveCount(0);

  await expect(card).toContainText('Connected');
  await card.getByRole('button', { name: 'Push to Salesforce now' }).click();
  await expect(card).toContainText(/Last push .*: \d+ sent/);
  await expect.poll(() => salesforce.records.size).toBeGreaterThan(0);
  // The secret never reaches the page again: only that one is set.
  await card.getByRole('button', { name: 'Salesforce settings and field mapping' }).click();
  await expect(dialog.getByLabel('Access token')).toHaveValue('');
  await expect(dialog.getByText('A secret is set and kept on this device only')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Seeded contacts without a last name are refused by Salesforce: logged against each.
  await expect(card).toContainText(/\d+ refused/);
  await card.getByRole('button', { name: /Salesforce error log/ }).click();
  const log = page.getByRole('dialog', { name: 'Salesforce: error log' });
  await expect(log.getByRole('table', { name: 'Salesforce error log' })).toContainText('REQUIRED_FIELD_MISSING');
  await log.getByRole('button', { name: 'Close' }).click();
  await expect(log).toHaveCount(0);
});
