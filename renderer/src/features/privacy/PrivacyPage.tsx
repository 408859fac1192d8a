import { Page } from '../../components/Page';
import { ErasurePanel } from './ErasurePanel';

/**
 * The Privacy page. On this branch it holds erasure only; the full page (Overview, Consent,
 * Requests, Retention, Audit log) replaces this file and mounts ErasurePanel in its tab.
 */
export function PrivacyPage() {
  return (
    <Page title="Privacy" description="Handle erasure requests and keep erased people from coming back." maxWidth={1040}>
      <ErasurePanel />
    </Page>
  );
}
