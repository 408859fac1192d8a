import { Button } from '@mantine/core';
import { memo } from 'react';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { EmptyState } from '../../components/EmptyState';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';
import { isConnected } from '../sync/describe';
import { FirstSyncProgress, ResyncBanner } from '../sync/FirstSyncProgress';
import { useSyncStatus } from '../sync/useSyncStatus';
import classes from './ContactsView.module.css';
import { BulkBar } from './bulk/BulkBar';
import { ExportDialog } from './export/ExportDialog';
import { ImportWizard } from './import/ImportWizard';
import { ContactDetailPane } from './detail/ContactDetailPane';
import { EmptyWorkspace } from './empty/EmptyWorkspace';
import { NoResults } from './empty/NoResults';
import { ContactGrid } from './list/ContactGrid';
import { ContactsToolbar } from './list/ContactsToolbar';
import { useContactList, useContactQuery } from './list/useContactList';
import { FacetsContext, useFacets } from './useFacets';
import { useSegmentViewAutosave } from '../segments/ListActions';

/**
 * Contacts: the list (full width, or on the left when a contact is open) and its detail; until
 * the first sync with a service has finished, its progress instead.
 */
export function ContactsView() {
  const sync = useSyncStatus().data;
  if (isConnected(sync) && sync.lastSyncAt === null) return <FirstSyncProgress status={sync} />;
  return (
    <>
      <ContactsList />
      <ImportWizard />
    </>
  );
}

/** Memoised: the sync status changes a few times a second while syncing, and the list does not depend on it. */
const ContactsList = memo(function ContactsList() {
  const facets = useFacets();
  const { query, key, searching } = useContactQuery();
  const list = useContactList(query, key);
  const selectedId = useUi((s) => s.selectedId);
  const inSegment = useListView((s) => s.open !== null);
  useSegmentViewAutosave();

  const narrowed = searching || inSegment || Object.keys(query.filter).length > 0;
  const count = list.count.data;
  if (!count && list.count.error) {
    return (
      <EmptyState
        icon={<IconPlugConnectedX size={26} />}
        color="red"
        title="The workspace cannot be reached"
        actions={
          <Button mt="sm" onClick={list.count.reload}>
            Try again
          </Button>
        }
      >
        {list.count.error.message}
      </EmptyState>
    );
  }
  if (list.empty && !narrowed) {
    return <EmptyWorkspace onSeeded={() => list.count.reload()} />;
  }

  return (
    <FacetsContext.Provider value={facets}>
      <div className={classes.view}>
        <div className={classes.toolbar}>
          <ContactsToolbar count={count} loading={list.counting} searching={searching} />
        </div>
        <BulkBar filter={query.filter} count={list.counting ? undefined : count} />
        <ExportDialog listFilter={query.filter} listCount={list.counting ? undefined : count} />
        <ResyncBanner />
        <div className={classes.split}>
          <section
            className={classes.listPane}
            aria-label="Contact list"
            // What the list shows and whether its answer is on screen (first rows, or "no results"):
            // the UI benchmark waits on these.
            data-query={key}
            data-ready={list.ready ? 'true' : 'false'}
          >
            {list.empty ? <NoResults searching={searching} /> : <ContactGrid list={list} query={query} searching={searching} />}
          </section>
          {selectedId && (
            <section className={classes.detailPane} aria-label="Contact details">
              <ContactDetailPane id={selectedId} />
            </section>
          )}
        </div>
      </div>
    </FacetsContext.Provider>
  );
});
