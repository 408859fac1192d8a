import { Badge, Card, Stack, Tabs } from '@mantine/core';
import { IconBan, IconGitMerge, IconShieldX } from '@tabler/icons-react';
import type { SyncStatus } from '../../../../preload/contract';
import { formatNumber } from '../../lib/format';
import { Page } from '../../components/Page';
import { useUi, type SyncTab } from '../../state/ui';
import { ConflictsPanel } from './ConflictsPanel';
import { isConnected } from './describe';
import { IssuesPanel } from './IssuesPanel';
import { SyncControls } from './SyncControls';
import { SyncFacts } from './SyncFacts';
import { SyncHeading } from './SyncHeading';
import classes from './SyncView.module.css';
import { useSyncStatus } from './useSyncStatus';

/** The Sync page: the state and its controls, then what needs a person: conflicts, rejected changes, quarantined records. */
export function SyncView() {
  const { data: status } = useSyncStatus();
  const tab = useUi((s) => s.syncTab);
  const openSync = useUi((s) => s.openSync);
  return (
    <Page title="Sync" description="How this device keeps in step with your Nexvio.ai workspace, and what needs your decision." maxWidth={1120}>
      {status && <Overview status={status} />}
      <Tabs value={tab} onChange={(value) => value && openSync(value as SyncTab)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="conflicts" leftSection={<IconGitMerge size={16} />} rightSection={<Count n={status?.openConflicts} color="orange" />}>
            Conflicts
          </Tabs.Tab>
          <Tabs.Tab value="rejected" leftSection={<IconBan size={16} />} rightSection={<Count n={status?.rejectedChanges} color="red" />}>
            Rejected changes
          </Tabs.Tab>
          <Tabs.Tab value="quarantined" leftSection={<IconShieldX size={16} />} rightSection={<Count n={status?.quarantined} color="gray" />}>
            Quarantined from the service
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="conflicts" pt="lg">
          <ConflictsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rejected" pt="lg">
          <IssuesPanel kind="rejected" />
        </Tabs.Panel>
        <Tabs.Panel value="quarantined" pt="lg">
          <IssuesPanel kind="quarantined" />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function Overview({ status }: { status: SyncStatus }) {
  return (
    <Card withBorder radius="lg" p="lg" component="section" aria-label="Sync status">
      <Stack gap="lg">
        <div className={classes.overview}>
          <div style={{ minWidth: 0 }}>
            <SyncHeading status={status} size="lg" />
          </div>
          <div className={classes.controls}>
            <SyncControls status={status} />
          </div>
        </div>
        {isConnected(status) && <SyncFacts status={status} layout="tiles" />}
      </Stack>
    </Card>
  );
}

function Count({ n, color }: { n: number | undefined; color: string }) {
  if (!n) return null;
  return (
    <Badge size="sm" variant="light" color={color} radius="xl">
      {formatNumber(n)}
    </Badge>
  );
}
