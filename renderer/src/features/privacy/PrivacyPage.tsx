import { Page } from '../../components/Page';
import { RetentionPanel } from './RetentionPanel';

/** The Privacy page (on this branch: its Retention part; the full page with its tabs comes with the other privacy tools). */
export function PrivacyPage() {
  return (
    <Page title="Privacy" description="How long personal data is kept, and what happens to it after that." maxWidth={1040}>
      <RetentionPanel />
    </Page>
  );
}
