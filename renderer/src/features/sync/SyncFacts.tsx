import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SyncStatus } from '../../../../preload/contract';
import { formatCountdown, formatDateTime, formatNumber, formatRelative } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useUi, type SyncTab } from '../../state/ui';
import { serviceHost } from './useSyncActions';
import { syncState } from './describe';
import classes from './Sync.module.css';

/**
 * What a person wants to know about the sync, as label/value pairs: the service, when it last
 * synced and will next, and what waits for them (pending, conflicts, rejected, quarantined).
 */
export function SyncFacts({ status, layout, onNavigate }: { status: SyncStatus; layout: 'rows' | 'tiles'; onNavigate?(): void }) {
  const now = useNow(1000);
  const openSync = useUi((s) => s.openSync);
  const review = (tab: SyncTab, what: string) => (
    <Anchor
      component="button"
      size="sm"
      fw={500}
      aria-label={`Review ${what}`}
      onClick={() => {
        openSync(tab);
        onNavigate?.();
      }}
    >
      Review
    </Anchor>
  );
  const count = (n: number, link: ReactNode) => (
    <>
      {n > 0 && link}
      <span>{formatNumber(n)}</span>
    </>
  );
  return (
    <dl className={layout === 'rows' ? classes.facts : classes.tiles} data-wide-first={layout === 'tiles' || undefined}>
      <Fact label="Service">
        <span className="ellipsis" title={status.serviceUrl ?? undefined}>
          {serviceHost(status.serviceUrl)}
        </span>
      </Fact>
      <Fact label="Last sync">
        {status.lastSyncAt ? (
          <time dateTime={status.lastSyncAt} title={formatDateTime(status.lastSyncAt)}>
            {formatRelative(status.lastSyncAt, now)}
          </time>
        ) : (
          'Never'
        )}
      </Fact>
      <Fact label="Next sync">{nextSync(status, now)}</Fact>
      <Fact label="Pending changes">{formatNumber(status.pendingChanges)}</Fact>
      <Fact label="Open conflicts">{count(status.openConflicts, review('conflicts', 'open conflicts'))}</Fact>
      <Fact label="Rejected changes">{count(status.rejectedChanges, review('rejected', 'rejected changes'))}</Fact>
      <Fact label="Quarantined">{count(status.quarantined, review('quarantined', 'quarantined items'))}</Fact>
    </dl>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function nextSync(status: SyncStatus, now: number): string {
  switch (syncState(status)) {
    case 'disconnected':
      return '—';
    case 'syncing':
      return 'Now';
    case 'unauthorized':
      return 'After you reconnect';
    case 'offline':
      if (!status.online) return 'When back online';
      break;
    default:
      break;
  }
  if (!status.nextAttemptAt) return '—';
  const countdown = formatCountdown(status.nextAttemptAt, now);
  return countdown === 'now' ? 'Now' : countdown;
}
