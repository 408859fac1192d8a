import { Page } from '../../components/Page';
import { ConnectorsPanel } from './ConnectorsPanel';

/** Integrations (issue 6): assembled by the lead at merge; this branch shows the connectors. */
export function IntegrationsPage() {
  return (
    <Page title="Integrations" maxWidth={1180} description="Connect the tools you use and send your contacts to them.">
      <ConnectorsPanel />
    </Page>
  );
}
