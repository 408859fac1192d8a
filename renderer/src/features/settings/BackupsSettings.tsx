import { SectionCard } from '../../components/SectionCard';
import { BackupsPanel } from '../backups/BackupsPanel';

/** The workspace's backups (the session's panel): back up now, check one, restore it — the window then loads the restored data afresh. */
export function BackupsSettings() {
  return (
    <SectionCard id="settings-backups" title="Backups">
      <BackupsPanel mode="settings" onRestored={(result) => result.state.phase === 'open' && window.location.reload()} />
    </SectionCard>
  );
}
