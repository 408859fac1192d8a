import { Stack } from '@mantine/core';
import { Page } from '../../components/Page';
import { ConnectorsPanel } from './ConnectorsPanel';
import { WebhooksPanel } from './WebhooksPanel';

/**
 * Where contacts flow out to the tools a team already uses: webhooks to any HTTPS endpoint,
 * and connectors that push contacts and their consent to HubSpot, Salesforce and Mailchimp.
 */
export function IntegrationsPage() {
  return (
    <Page title="Integrations" maxWidth={1180} description="Send contact changes to your own endpoints, and keep HubSpot, Salesforce or Mailchimp up to date with the contacts here.">
      <Stack gap="lg">
        <ConnectorsPanel />
        <WebhooksPanel />
      </Stack>
    </Page>
  );
}
