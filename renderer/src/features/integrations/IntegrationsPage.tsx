import { Page } from '../../components/Page';
import { WebhooksPanel } from './WebhooksPanel';

/** Integrations: how data leaves this app for other systems (the lead adds connectors here at merge). */
export function IntegrationsPage() {
  return (
    <Page title="Integrations" maxWidth={1180} description="Send what happens in this workspace to your other systems.">
      <WebhooksPanel />
    </Page>
  );
}
