import { Alert, Anchor, Badge, Button, Card, Group, Loader, Progress, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconAt, IconMapPin, IconPhone, IconRefresh, IconUsers } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DuplicatePair, DuplicateReason } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent, useReloadOn } from '../../api/useAppEvent';
import { ContactAvatar } from '../../components/ContactAvatar';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { SourceBadge } from '../../components/SourceBadge';
import { countryName, formatCount, formatDate, formatNumber, formatRelative } from '../../lib/format';
import { useUi } from '../../state/ui';
import classes from './Duplicates.module.css';
import { MergeDialog } from './MergeDialog';

const PAGE = 30;

const REASONS: Record<DuplicateReason, { label: string; icon: React.ReactNode; color: string }> = {
  email: { label: 'Same email', icon: <IconAt size={12} />, color: 'nexvio' },
  phone: { label: 'Same phone', icon: <IconPhone size={12} />, color: 'teal' },
  name: { label: 'Same name and city', icon: <IconMapPin size={12} />, color: 'orange' },
};

interface Queue {
  pairs: DuplicatePair[];
  nextCursor: string | null;
  total: number;
}

/**
 * The review queue of possible duplicates: each pair side by side with why it was proposed,
 * "Review and merge" (the merge dialog) or "Not duplicates" (never proposed again).
 */
export function DuplicatesView() {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scan, setScan] = useState<{ done: number; total: number } | null>(null);
  const [scanning, setScanning] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [merging, setMerging] = useState<string[] | null>(null);
  const openContact = useUi((s) => s.openContact);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const id = ++generation.current;
    try {
      const page = await api.call('duplicates.list', { limit: PAGE });
      if (id === generation.current) {
        setQueue(page);
        setError(null);
      }
    } catch (e) {
      if (id === generation.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  /** Brings the pairs up to date (only new and changed contacts after the first time), then lists them. */
  const rescan = useCallback(async () => {
    setScanning(true);
    try {
      await api.call('duplicates.scan', {});
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setScanning(false);
      setScan(null);
    }
  }, [load]);

  useEffect(() => {
    void rescan();
  }, [rescan]);
  useAppEvent((event) => {
    if (event.type === 'progress' && event.job === 'duplicates') setScan(event.done < event.total ? { done: event.done, total: event.total } : null);
  });
  useReloadOn(() => void rescan(), (event) => event.type === 'contacts.changed' || event.type === 'workspace.changed', 1500);

  const loadMore = async () => {
    if (!queue?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.call('duplicates.list', { limit: PAGE, cursor: queue.nextCursor });
      setQueue({ pairs: [...queue.pairs, ...page.pairs], nextCursor: page.nextCursor, total: page.total });
    } catch (e) {
      notifications.show({ color: 'red', title: 'More pairs could not be loaded', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setLoadingMore(false);
    }
  };

  const dismiss = async (pair: DuplicatePair) => {
    try {
      await api.call('duplicates.dismiss', { aId: pair.a.id, bId: pair.b.id });
      setQueue((q) => q && { ...q, pairs: q.pairs.filter((p) => p !== pair), total: Math.max(0, q.total - 1) });
      notifications.show({ title: 'Marked as different people', message: `${pair.a.displayName.slice(0, 60)} and ${pair.b.displayName.slice(0, 60)} will not be proposed again.`, autoClose: 3000 });
    } catch (e) {
      notifications.show({ color: 'red', title: 'The pair could not be dismissed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const count = queue?.total ?? 0;
  return (
    <Page
      title="Duplicates"
      maxWidth={1100}
      description="People who reached you more than once: the same email, the same phone, or the same name in the same city. Merge them into one contact, or mark them as different people."
      actions={
        <Group gap="sm">
          {queue && (
            <Badge size="lg" variant="light" color={count > 0 ? 'orange' : 'gray'} style={{ textTransform: 'none' }}>
              {formatCount(count, 'possible duplicate', 'possible duplicates')}
            </Badge>
          )}
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={scanning} onClick={() => void rescan()} aria-label="Check again for duplicates">
            Check again
          </Button>
        </Group>
      }
    >
      {scan && (
        <Card withBorder radius="md" padding="md" aria-live="polite">
          <Text size="sm" fw={600} mb={6}>
            Looking for duplicates… {formatNumber(scan.done)} of {formatNumber(scan.total)} contacts
          </Text>
          <Progress value={(scan.done / Math.max(1, scan.total)) * 100} aria-label="Looking for duplicates" animated />
          <Text size="xs" c="dimmed" mt={6}>
            The first check looks at every contact once; later ones only at new and changed contacts. You can keep working meanwhile.
          </Text>
        </Card>
      )}
      {error && (
        <Alert color="red" variant="light" title="Duplicates could not be loaded">
          {error}
        </Alert>
      )}
      {!queue && !error ? (
        <Stack gap="md" aria-busy aria-label="Loading duplicates">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={190} radius="md" />
          ))}
        </Stack>
      ) : queue && queue.pairs.length === 0 ? (
        <Card withBorder radius="md">
          <EmptyState icon={<IconUsers size={26} />} title="No duplicates to review">
            No two contacts share an email, a phone, or a name in the same city. New contacts are checked each time you open this page.
          </EmptyState>
        </Card>
      ) : (
        queue && (
          <Stack gap="md" component="ul" aria-label="Possible duplicates" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {queue.pairs.map((pair) => (
              <li key={`${pair.a.id}:${pair.b.id}`}>
                <PairCard pair={pair} onMerge={() => setMerging([pair.a.id, pair.b.id])} onDismiss={() => void dismiss(pair)} onOpen={openContact} />
              </li>
            ))}
          </Stack>
        )
      )}
      {queue?.nextCursor && (
        <Group justify="center">
          <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
            Show more pairs
          </Button>
        </Group>
      )}
      {scanning && !scan && queue && (
        <Group gap="xs" justify="center" c="dimmed">
          <Loader size="xs" aria-label="Checking for new duplicates" />
          <Text size="xs">Checking new and changed contacts…</Text>
        </Group>
      )}
      <MergeDialog opened={merging !== null} ids={merging} onClose={() => setMerging(null)} onMerged={() => void load()} />
    </Page>
  );
}

function PairCard({ pair, onMerge, onDismiss, onOpen }: { pair: DuplicatePair; onMerge(): void; onDismiss(): void; onOpen(id: string): void }) {
  const reason = REASONS[pair.reason];
  const names = `${pair.a.displayName.slice(0, 100)} and ${pair.b.displayName.slice(0, 100)}`;
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={`Possible duplicate: ${names}`}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap="xs">
          <Badge variant="light" color={reason.color} leftSection={reason.icon} style={{ textTransform: 'none' }}>
            {reason.label}
          </Badge>
          <Text size="xs" c="dimmed">
            found {formatRelative(pair.foundAt)}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="xs" onClick={onDismiss} aria-label={`Not duplicates: ${names}`}>
            Not duplicates
          </Button>
          <Button size="xs" leftSection={<IconArrowsJoin size={14} />} onClick={onMerge} aria-label={`Review and merge ${names}`}>
            Review and merge
          </Button>
        </Group>
      </Group>
      <div className={classes.pair}>
        <Side side={pair.a} other={pair.b} reason={pair.reason} onOpen={onOpen} />
        <Side side={pair.b} other={pair.a} reason={pair.reason} onOpen={onOpen} />
      </div>
    </Card>
  );
}

function Side({ side, other, reason, onOpen }: { side: DuplicatePair['a']; other: DuplicatePair['a']; reason: DuplicateReason; onOpen(id: string): void }) {
  const same = (a: string | null, b: string | null) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());
  const place = [side.city, side.country ? countryName(side.country) : null].filter(Boolean).join(', ');
  return (
    <div className={classes.side}>
      <Group gap="sm" wrap="nowrap" mb="xs">
        <ContactAvatar id={side.id} name={side.displayName} size={36} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Anchor component="button" type="button" c="var(--mantine-color-text)" className={`${classes.nameLink} ellipsis untrusted`} dir="auto" onClick={() => onOpen(side.id)} aria-label={`Open ${side.displayName.slice(0, 200)}`}>
            {side.displayName}
          </Anchor>
          <Group gap={6} mt={2}>
            <SourceBadge source={side.source} />
            <Text size="xs" c="dimmed">
              since {formatDate(side.createdAt)}
            </Text>
          </Group>
        </div>
      </Group>
      <dl className={classes.facts}>
        <dt>Email</dt>
        <dd className={`untrusted ${reason === 'email' && same(side.email, other.email) ? classes.match : ''}`} dir="auto" title={side.email ?? undefined}>
          {side.email ?? '—'}
        </dd>
        <dt>Phone</dt>
        <dd className={reason === 'phone' && same(side.phone, other.phone) ? classes.match : undefined}>{side.phone ?? '—'}</dd>
        <dt>Location</dt>
        <dd className={`untrusted ${reason === 'name' ? classes.match : ''}`} dir="auto">
          {place || '—'}
        </dd>
        <dt>Conversations</dt>
        <dd>{formatNumber(side.conversationCount)}</dd>
        <dt>Last seen</dt>
        <dd>{side.lastSeenAt ? formatRelative(side.lastSeenAt) : '—'}</dd>
        <dt>Tags</dt>
        <dd>
          {side.tags.length === 0 ? (
            '—'
          ) : (
            <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
              {side.tags.slice(0, 4).map((tag) => (
                <Badge key={tag} size="xs" variant="light" color="gray" style={{ textTransform: 'none' }} className="untrusted">
                  {tag}
                </Badge>
              ))}
              {side.tags.length > 4 && (
                <Text size="xs" c="dimmed">
                  +{side.tags.length - 4}
                </Text>
              )}
            </Group>
          )}
        </dd>
      </dl>
    </div>
  );
}
