/**
 * Analytics (issue 7): who the contacts are and how they talk to the bot, for a date range and
 * a segment, and the data-health checks. Every figure comes from the core (computed from its
 * rollups); a click on a bar, a cell or a card opens the contacts behind it.
 */
import { ActionIcon, Alert, Card, Group, Progress, Select, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, TextInput, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconChartBar, IconClock, IconMessages, IconRefresh, IconStar, IconUserPlus, IconUsers, IconUserCheck, IconHeadset, IconWorld, IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo, type ReactNode } from 'react';
import type { AnalyticsOverview } from '../../../../preload/contract';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber, formatTime } from '../../lib/format';
import { useFieldDefinitions } from '../contacts/useFacets';
import { useSegments } from '../segments/useSegments';
import { TryDemoButton } from '../sync/SyncControls';
import { MAX_DAY_BUCKETS, RANGE_PRESETS, formatShare, type RangePreset } from './analyticsModel';
import { useAnalyticsView } from './analyticsView';
import { ConsentChart, ConversationCharts, FieldCharts, GrowthCharts, SectionHeading, WhoCharts } from './AnalyticsCharts';
import { FigureError } from './ChartCard';
import { DataHealthSection } from './DataHealthSection';
import { useAnalyticsAutoRefresh, useAnalyticsRefresh, useAnalyticsScope, useFigure, VIEWER_TIME_ZONE, type Scope } from './useAnalytics';
import classes from './Analytics.module.css';

export function AnalyticsView() {
  useAnalyticsAutoRefresh();
  const scope = useAnalyticsScope();
  const segment = useAnalyticsView((s) => s.segment);
  const fields = useFieldDefinitions();
  const overview = useFigure<AnalyticsOverview>(scope.scope ? `overview|${scope.key}` : null, () => api.call('analytics.overview', { scope: scope.scope! }));
  const loaded = useAnalyticsRefresh((s) => s.loaded);
  useEffect(() => {
    if (overview.data && !overview.stale) loaded();
  }, [overview.data, overview.stale, loaded]);

  const emptyWorkspace = overview.data?.totalContacts === 0 && !segment;
  return (
    <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="analytics-page">
      <ScopeBar scope={scope} />
      <Stack gap="lg" px={28} pt="lg" pb={48} mx="auto" style={{ maxWidth: 1480 }}>
        {scope.rangeError && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Choose a date range">
            {scope.rangeError}
          </Alert>
        )}
        {overview.data?.preparing && <PreparingNotice preparing={overview.data.preparing} />}
        {emptyWorkspace ? (
          <Card withBorder radius="md" className={classes.kpi}>
            <EmptyState icon={<IconChartBar size={26} />} title="Nothing to count yet" actions={<TryDemoButton label="Start demo workspace" />}>
              Charts fill in as people talk to your chatbot. Connect to your workspace, import contacts, or start the demo workspace to look around.
            </EmptyState>
          </Card>
        ) : (
          <>
            {scope.scope && (
              <>
                <KpiCards overview={overview.data} error={overview.error} retry={overview.retry} stale={overview.stale} />
                <SectionHeading title="Growth">New contacts and conversations over the period.</SectionHeading>
                <GrowthCharts scope={scope} />
                <SectionHeading title="Who they are">The contacts created in the period, by where they came from and what they are. Click a bar for the people.</SectionHeading>
                <WhoCharts scope={scope} />
                <ConsentChart scope={scope} />
                <SectionHeading title="Conversations">Conversations started in the period: how many, when, and how they went.</SectionHeading>
                <ConversationCharts scope={scope} />
                <FieldCharts scope={scope} fields={fields.data} />
              </>
            )}
            <DataHealthSection segment={segment} />
          </>
        )}
      </Stack>
    </div>
  );
}

function ScopeBar({ scope }: { scope: Scope }) {
  const range = useAnalyticsView((s) => s.range);
  const setRange = useAnalyticsView((s) => s.setRange);
  const segment = useAnalyticsView((s) => s.segment);
  const setSegment = useAnalyticsView((s) => s.setSegment);
  const setBucket = useAnalyticsView((s) => s.setBucket);
  const segments = useSegments((s) => s.segments);
  const at = useAnalyticsRefresh((s) => s.at);
  const bump = useAnalyticsRefresh((s) => s.bump);

  const segmentData = useMemo(() => {
    const of = (kind: 'filter' | 'list') => (segments ?? []).filter((s) => s.kind === kind).map((s) => ({ value: s.id, label: s.name }));
    return [
      { group: 'Everyone', items: [{ value: 'all', label: 'All contacts' }] },
      ...(of('filter').length ? [{ group: 'Segments', items: of('filter') }] : []),
      ...(of('list').length ? [{ group: 'Lists', items: of('list') }] : []),
    ];
  }, [segments]);
  // A segment deleted since it was chosen: back to everyone.
  useEffect(() => {
    if (segment && segments && !segments.some((s) => s.id === segment)) setSegment(null);
  }, [segment, segments, setSegment]);

  return (
    <div className={classes.scopeBar}>
      <Group justify="space-between" wrap="wrap" gap="sm" mx="auto" style={{ maxWidth: 1424 }}>
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <div>
            <Title order={1} size="h3" fw={650} style={{ letterSpacing: '-0.015em' }}>
              Analytics
            </Title>
            <Group gap={6} wrap="nowrap">
              <IconWorld size={13} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed" data-testid="analytics-time-zone">
                Times in {VIEWER_TIME_ZONE}
              </Text>
              <Text size="xs" c="dimmed" aria-hidden>
                ·
              </Text>
              <IconClock size={13} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed" data-testid="analytics-updated">
                Updated {formatTime(new Date(at).toISOString())}
              </Text>
              <Tooltip label="Refresh the figures">
                <ActionIcon size="sm" aria-label="Refresh the figures" onClick={bump}>
                  <IconRefresh size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </div>
        </Group>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Select
            aria-label="Date range"
            size="sm"
            w={170}
            allowDeselect={false}
            data={RANGE_PRESETS.map((p) => ({ value: p.value, label: p.label }))}
            value={range.preset}
            onChange={(value) => value && setRange({ ...range, preset: value as RangePreset })}
            comboboxProps={{ withinPortal: true }}
          />
          {range.preset === 'custom' && (
            <>
              <TextInput aria-label="First day" type="date" size="sm" w={150} value={range.from} max={range.to || undefined} onChange={(event) => setRange({ ...range, from: event.currentTarget.value })} error={Boolean(scope.rangeError)} />
              <Text size="sm" c="dimmed" pb={8}>
                to
              </Text>
              <TextInput aria-label="Last day" type="date" size="sm" w={150} value={range.to} min={range.from || undefined} onChange={(event) => setRange({ ...range, to: event.currentTarget.value })} error={Boolean(scope.rangeError)} />
            </>
          )}
          <Select
            aria-label="Segment"
            size="sm"
            w={200}
            allowDeselect={false}
            searchable
            data={segmentData}
            value={segment ?? 'all'}
            onChange={(value) => setSegment(!value || value === 'all' ? null : value)}
            leftSection={<IconUsers size={14} />}
            nothingFoundMessage="No segment of that name"
          />
          <Tooltip label={`Longer than ${MAX_DAY_BUCKETS} days: by week`} disabled={!scope.daysTooMany}>
            <SegmentedControl
              aria-label="Group charts by"
              size="sm"
              value={scope.bucket}
              onChange={(value) => setBucket(value as 'day' | 'week')}
              data={[
                { value: 'day', label: 'Day', disabled: scope.daysTooMany },
                { value: 'week', label: 'Week' },
              ]}
            />
          </Tooltip>
        </Group>
      </Group>
    </div>
  );
}

function PreparingNotice({ preparing }: { preparing: { done: number; total: number } }) {
  const percent = preparing.total > 0 ? Math.min(100, (preparing.done / preparing.total) * 100) : 0;
  return (
    <Alert color="blue" variant="light" title="Preparing analytics" role="status">
      <Text size="sm" mb={6}>
        The figures are right already; they get faster once this is done ({formatNumber(preparing.done)} of {formatNumber(preparing.total)}).
      </Text>
      <Progress value={percent} size="sm" animated aria-label="Preparing analytics" />
    </Alert>
  );
}

function Kpi({ label, value, hint, icon, color }: { label: string; value: ReactNode; hint: ReactNode; icon: ReactNode; color: string }) {
  return (
    <Card withBorder radius="md" padding="md" className={classes.kpi} role="group" aria-label={label}>
      <Group gap={8} wrap="nowrap" mb={6}>
        <ThemeIcon variant="light" color={color} size={26} radius="md">
          {icon}
        </ThemeIcon>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }} className="ellipsis">
          {label}
        </Text>
      </Group>
      <Text fz={28} fw={700} className={classes.kpiValue} data-testid={`kpi-${label}`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed" mt={4} lineClamp={2}>
        {hint}
      </Text>
    </Card>
  );
}

function KpiCards({ overview, error, retry, stale }: { overview: AnalyticsOverview | undefined; error: Error | undefined; retry(): void; stale: boolean }) {
  if (error && !overview) return <FigureError title="The figures could not be loaded" error={error} retry={retry} />;
  if (!overview) {
    return (
      <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }} spacing="md">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} height={118} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  const o = overview;
  return (
    <div className={classes.chartBody} data-stale={stale ? 'true' : undefined}>
      <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }} spacing="md">
        <Kpi label="Total contacts" value={formatNumber(o.totalContacts)} hint="Everyone in scope, however old." icon={<IconUsers size={15} />} color="nexvio" />
        <Kpi label="Active 7 days" value={formatNumber(o.active7)} hint={`${formatShare(o.active7, o.totalContacts)} seen in the last week.`} icon={<IconUserCheck size={15} />} color="teal" />
        <Kpi label="Active 30 days" value={formatNumber(o.active30)} hint={`${formatShare(o.active30, o.totalContacts)} seen in the last 30 days.`} icon={<IconUserCheck size={15} />} color="cyan" />
        <Kpi label="New contacts" value={formatNumber(o.newContacts)} hint="Created in the period." icon={<IconUserPlus size={15} />} color="blue" />
        <Kpi label="Conversations" value={formatNumber(o.conversations)} hint="Started in the period." icon={<IconMessages size={15} />} color="grape" />
        <Kpi
          label="Average rating"
          value={o.averageRating === null ? '—' : `${o.averageRating.toFixed(1)} / 5`}
          hint={o.rated ? `From ${formatNumber(o.rated)} rated ${o.rated === 1 ? 'conversation' : 'conversations'}.` : 'Nobody rated a conversation yet.'}
          icon={<IconStar size={15} />}
          color="yellow"
        />
        <Kpi
          label="Handoff rate"
          value={o.handoffRate === null ? '—' : formatShare(o.handoffs, o.conversations)}
          hint={o.conversations ? `${formatNumber(o.handoffs)} asked for a person.` : 'No conversations in the period.'}
          icon={<IconHeadset size={15} />}
          color="orange"
        />
      </SimpleGrid>
    </div>
  );
}
