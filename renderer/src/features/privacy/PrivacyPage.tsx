import { Page } from '../../components/Page';
import { DataAccessPanel } from './DataAccessPanel';

/**
 * The Privacy page. On this branch it shows the data-access panel only; the full page
 * (Overview · Consent · Requests · Retention · Audit log) mounts the panel in its Requests tab.
 */
export function PrivacyPage() {
  return (
    <Page title="Privacy" description="Answer people’s requests about their data, with a record of every one.">
      <DataAccessPanel />
    </Page>
  );
}
