import { Button, Group, Skeleton, Stack, Tabs } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useRef, useState, type CSSProperties } from 'react';
import { IconAlertTriangle, IconId, IconMessages, IconNotes } from '@tabler/icons-react';
import { ApiError } from '../../../api/client';
import { EmptyState } from '../../../components/EmptyState';
import { useUi, type DetailTab } from '../../../state/ui';
import { NotesTab } from '../timeline/NotesTab';
import { TimelineTab } from '../timeline/TimelineTab';
import classes from './ContactDetail.module.css';
import { DetailHeader } from './DetailHeader';
import { DetailsTab } from './DetailsTab';
import { useContact } from './useContact';
import { deleteWithUndo } from './deleteWithUndo';
import { MergeDialog } from '../../duplicates/MergeDialog';
import { usePossibleDuplicates } from '../../duplicates/usePossibleDuplicates';
import { EraseContactDialog } from '../../privacy/EraseContactDialog';

/** The open contact: header, then Details / Timeline / Notes tabs. */
export function ContactDetailPane({ id }: { id: string }) {
  const contact = useContact(id);
  const tab = useUi((s) => s.detailTab);
  const setTab = useUi((s) => s.setDetailTab);
  const select = useUi((s) => s.select);
  const scroll = useRef<HTMLDivElement>(null);
  // The tab bar sticks to the top; what sticks below it (the timeline's filter) needs its height.
  const tabBar = useElementSize<HTMLDivElement>();
  // "Merge with…" (pick the other contact) or the header's "Possible duplicate" (the ids found).
  const [merging, setMerging] = useState<{ ids: string[] | null } | null>(null);
  const duplicates = usePossibleDuplicates(id);
  const [erasing, setErasing] = useState(false);

  if (contact.error && !contact.data) {
    const gone = contact.error instanceof ApiError && contact.error.code === 'not_found';
    return (
      <EmptyState
        icon={<IconAlertTriangle size={26} />}
        color={gone ? 'gray' : 'red'}
        title={gone ? 'This contact no longer exists' : 'The contact could not be loaded'}
        actions={
          <Group mt="sm">
            {!gone && <Button onClick={contact.reload}>Try again</Button>}
            <Button variant="default" onClick={() => select(null)}>
              Close
            </Button>
          </Group>
        }
      >
        {gone ? 'It may have been deleted or merged with another contact.' : contact.error.message}
      </EmptyState>
    );
  }
  if (!contact.data) return <DetailSkeleton />;
  const current = contact.data;

  return (
    <div className={classes.scroll} key={id} ref={scroll} style={{ '--detail-tabs-height': `${tabBar.height}px` } as CSSProperties}>
      <DetailHeader
        contact={contact.data}
        onClose={() => select(null)}
        onDelete={() => void deleteWithUndo(current, select)}
        onErase={() => setErasing(true)}
        onMerge={() => setMerging({ ids: null })}
        possibleDuplicates={duplicates.length}
        onReviewDuplicates={() => setMerging({ ids: [current.id, ...duplicates] })}
      />
      <EraseContactDialog contactId={erasing ? current.id : null} onClose={() => setErasing(false)} onErased={() => select(null)} />
      <MergeDialog
        opened={merging !== null}
        ids={merging?.ids ?? null}
        pickFor={{ id: current.id, name: current.displayName.slice(0, 80) }}
        onClose={() => setMerging(null)}
        onMerged={(primaryId) => select(primaryId)}
      />
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!value) return;
          setTab(value as DetailTab);
          startTabAtTop(scroll.current);
        }}
        keepMounted={false}
      >
        <Tabs.List className={classes.tabs} ref={tabBar.ref}>
          <Tabs.Tab value="details" leftSection={<IconId size={16} />}>
            Details
          </Tabs.Tab>
          <Tabs.Tab value="timeline" leftSection={<IconMessages size={16} />}>
            Timeline
          </Tabs.Tab>
          <Tabs.Tab value="notes" leftSection={<IconNotes size={16} />}>
            Notes
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" className={classes.panel}>
          <DetailsTab contact={contact.data} actions={contact} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" className={classes.panel}>
          <TimelineTab contact={contact.data} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" className={classes.panel}>
          <NotesTab contact={contact.data} />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

/** Scrolled below the header, a newly chosen tab starts at its top (not somewhere in its middle). */
function startTabAtTop(scroller: HTMLDivElement | null): void {
  const header = scroller?.firstElementChild;
  if (scroller && header instanceof HTMLElement && scroller.scrollTop > header.offsetHeight) scroller.scrollTop = header.offsetHeight;
}

function DetailSkeleton() {
  return (
    <Stack p={24} gap="md" aria-busy aria-label="Loading contact">
      <Group gap="md">
        <Skeleton circle height={64} />
        <Stack gap={8} style={{ flex: 1 }}>
          <Skeleton height={20} width="60%" />
          <Skeleton height={12} width="40%" />
        </Stack>
      </Group>
      <Skeleton height={56} />
      <Skeleton height={14} width="30%" mt="md" />
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} height={12} width={`${60 + ((i * 17) % 35)}%`} />
      ))}
    </Stack>
  );
}
