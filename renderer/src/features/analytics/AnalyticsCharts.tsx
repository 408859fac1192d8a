/** The chart cards of the Analytics page: growth, who the contacts are, consent, conversations, custom fields. */
import { BarChart, type BarChartProps, type BarChartSeries } from '@mantine/charts';
import { Badge, Group, MultiSelect, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useInViewport } from '@mantine/hooks';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { ReferenceArea } from 'recharts';
import type { AnalyticsBreakdown, AnalyticsBucketSize, AnalyticsConsent, AnalyticsConversations, AnalyticsGrowth, BreakdownDimension, FieldDefinition } from '../../../../preload/contract';
import { api } from '../../api/client';
import { formatNumber } from '../../lib/format';
import { bucketLabel, bucketTick, formatShare } from './analyticsModel';
import { useAnalyticsView } from './analyticsView';
import { ChartCard } from './ChartCard';
import { breakdownValueLabel } from './labels';
import { HourHeatmap, RankedBars } from './SvgCharts';
import { useDrill, useFigure, type Figure, type Scope } from './useAnalytics';
import classes from './Analytics.module.css';

/** Legends in the order the series are given (recharts sorts them by name otherwise). */
const LEGEND_PROPS = { verticalAlign: 'bottom', height: 36, itemSorter: null } as const;

const CHART_PROPS = { h: 240, tickLine: 'none', gridAxis: 'x', strokeDasharray: '4 4', valueFormatter: formatNumber, tooltipAnimationDuration: 120, maxBarWidth: 36 } as const;

export function SectionHeading({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mt="md" wrap="wrap">
      <div>
        <Title order={2} size="h4" fw={650} className={classes.sectionTitle}>
          {title}
        </Title>
        {children && (
          <Text size="sm" c="dimmed">
            {children}
          </Text>
        )}
      </div>
      {actions}
    </Group>
  );
}

function bucketWord(bucket: AnalyticsBucketSize): string {
  return bucket === 'week' ? 'Week' : 'Day';
}

/** A tooltip titled with the bucket in words ("Week of Mar 2, 2026"). */
function bucketTooltip(bucket: AnalyticsBucketSize) {
  return { labelFormatter: (_: unknown, payload: readonly { payload?: { date?: string } }[]) => bucketLabel(payload[0]?.payload?.date ?? '', bucket) };
}

/**
 * A Mantine bar chart made usable from the keyboard: focus it, pick a bar with the arrow keys
 * along its axis (it is highlighted and read out), and with the other two arrows a part of a
 * stacked bar (`layers`); Enter opens its contacts. recharts' own keyboard layer is off, so
 * the chart is one tab stop.
 */
function KeyboardBars({
  name,
  keys,
  layers = [],
  vertical = false,
  describe,
  onOpen,
  children,
}: {
  name: string;
  keys: string[];
  layers?: string[];
  /** Bars along the y axis (one row each). */
  vertical?: boolean;
  describe(index: number, layer: number): string;
  onOpen(index: number, layer: number): void;
  children(highlight: ReactNode): ReactNode;
}) {
  const [active, setActive] = useState<number | null>(null);
  const [layer, setLayer] = useState(0);
  const [next, previous] = vertical ? ['ArrowDown', 'ArrowUp'] : ['ArrowRight', 'ArrowLeft'];
  const [nextLayer, previousLayer] = vertical ? ['ArrowRight', 'ArrowLeft'] : ['ArrowUp', 'ArrowDown'];
  const onKeyDown = (event: KeyboardEvent) => {
    if (keys.length === 0) return;
    const last = keys.length - 1;
    const moves: Record<string, number> = { [next]: Math.min(last, (active ?? -1) + 1), [previous]: active === null ? last : Math.max(0, active - 1), Home: 0, End: last };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (layers.length > 1 && (event.key === nextLayer || event.key === previousLayer)) {
      event.preventDefault();
      setActive((a) => a ?? 0);
      setLayer((l) => (event.key === nextLayer ? Math.min(layers.length - 1, l + 1) : Math.max(0, l - 1)));
    } else if ((event.key === 'Enter' || event.key === ' ') && active !== null) {
      event.preventDefault();
      onOpen(active, layer);
    }
  };
  const key = active === null ? undefined : keys[active];
  const area = { fill: 'var(--mantine-color-nexvio-light-hover)', fillOpacity: 1, stroke: 'var(--mantine-color-nexvio-5)', strokeOpacity: 0.6 };
  const highlight = key === undefined ? null : vertical ? <ReferenceArea yAxisId="left" y1={key} y2={key} {...area} /> : <ReferenceArea yAxisId="left" x1={key} x2={key} {...area} />;
  const how = layers.length > 1 ? `${vertical ? 'Up and down' : 'Left and right'} choose a bar, ${vertical ? 'left and right' : 'up and down'} a part of it` : 'Arrow keys choose a bar';
  return (
    <div tabIndex={0} role="group" aria-label={`${name}. ${how}, Enter opens its contacts.`} onKeyDown={onKeyDown} onBlur={() => setActive(null)} className={classes.keyboardChart}>
      {children(highlight)}
      <VisuallyHidden aria-live="polite">{active === null ? '' : describe(active, layer)}</VisuallyHidden>
    </div>
  );
}

const NO_RECHARTS_KEYBOARD = { accessibilityLayer: false } as const;

/** Bars per day or week, by pointer or keyboard; `onOpen` gets the bucket and, from a click, the series clicked. */
function TimeBars<T extends { date: string }>({ name, bucket, points, series, describe, onOpen }: { name: string; bucket: AnalyticsBucketSize; points: T[]; series: BarChartSeries[]; describe(point: T): string; onOpen(index: number, series?: string): void }) {
  const stacked = series.length > 1;
  const spansYears = points.length > 0 && points[0]!.date.slice(0, 4) !== points[points.length - 1]!.date.slice(0, 4) && points.length > 20;
  return (
    <KeyboardBars name={name} keys={points.map((p) => p.date)} describe={(i) => `${bucketLabel(points[i]!.date, bucket)}: ${describe(points[i]!)}`} onOpen={(i) => onOpen(i)}>
      {(highlight) => (
        <BarChart
          {...CHART_PROPS}
          {...(stacked ? { type: 'stacked', withLegend: true, legendProps: LEGEND_PROPS } : {})}
          data={points}
          dataKey="date"
          xAxisProps={{ tickFormatter: (date: string) => bucketTick(date, spansYears) }}
          barChartProps={NO_RECHARTS_KEYBOARD}
          series={series}
          tooltipProps={bucketTooltip(bucket)}
          barProps={(one) => ({ cursor: 'pointer', onClick: (_: unknown, index: number) => onOpen(index, one.name) })}
        >
          {highlight}
        </BarChart>
      )}
    </KeyboardBars>
  );
}

/** One bar per channel, by pointer or keyboard. */
function ChannelBars<T extends { label: string }>({ name, rows, series, describe, onOpen, chartProps }: { name: string; rows: T[]; series: BarChartSeries; describe(row: T): string; onOpen(index: number): void; chartProps: Partial<BarChartProps> }) {
  return (
    <KeyboardBars name={name} keys={rows.map((r) => r.label)} describe={(i) => `${rows[i]!.label}: ${describe(rows[i]!)}`} onOpen={onOpen}>
      {(highlight) => (
        <BarChart
          {...CHART_PROPS}
          h={220}
          xAxisProps={{ interval: 0 }}
          barChartProps={NO_RECHARTS_KEYBOARD}
          data={rows}
          dataKey="label"
          series={[series]}
          barProps={{ cursor: 'pointer', onClick: (_: unknown, index: number) => onOpen(index) }}
          {...chartProps}
        >
          {highlight}
        </BarChart>
      )}
    </KeyboardBars>
  );
}

function noneIn<T>(points: T[] | undefined, value: (p: T) => number): boolean {
  return points !== undefined && points.every((p) => value(p) === 0);
}

export function GrowthCharts({ scope }: { scope: Scope }) {
  const bucket = scope.bucket;
  const drill = useDrill();
  const growth = useFigure<AnalyticsGrowth>(scope.scope ? `growth|${scope.key}|${bucket}` : null, () => api.call('analytics.growth', { scope: scope.scope!, bucket }));
  const points = growth.data?.points ?? [];
  const per = bucket === 'week' ? 'per week' : 'per day';
  const openNew = (index: number) => points[index] && drill({ kind: 'newContacts', from: points[index].from, to: points[index].to });
  const openConversations = (index: number, firstOnly = false) => points[index] && drill({ kind: 'conversations', from: points[index].from, to: points[index].to, ...(firstOnly ? { firstOnly } : {}) });
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <ChartCard
        title="New contacts"
        hint={`Contacts created ${per}. Click a bar to see them.`}
        figure={growth}
        empty={noneIn(growth.data?.points, (p) => p.newContacts) ? 'No contacts were created in this period.' : undefined}
        table={() => growth.data && { header: [bucketWord(bucket), 'New contacts'], rows: points.map((p) => [p.date, p.newContacts]) }}
      >
        <TimeBars
          name="New contacts"
          bucket={bucket}
          points={points}
          series={[{ name: 'newContacts', label: 'New contacts', color: 'nexvio.5' }]}
          describe={(p) => `${formatNumber(p.newContacts)} new contacts`}
          onOpen={openNew}
        />
      </ChartCard>
      <ChartCard
        title="New and returning conversations"
        hint={`A person's first conversation, and everyone who came back, ${per}.`}
        figure={growth}
        empty={noneIn(growth.data?.points, (p) => p.firstConversations + p.returningConversations) ? 'No conversations started in this period.' : undefined}
        table={() => growth.data && { header: [bucketWord(bucket), 'First conversations', 'Returning conversations'], rows: points.map((p) => [p.date, p.firstConversations, p.returningConversations]) }}
      >
        <TimeBars
          name="New and returning conversations"
          bucket={bucket}
          points={points}
          series={[
            { name: 'firstConversations', label: 'New', color: 'teal.5' },
            { name: 'returningConversations', label: 'Returning', color: 'nexvio.4' },
          ]}
          describe={(p) => `${formatNumber(p.firstConversations)} new, ${formatNumber(p.returningConversations)} returning`}
          onOpen={(i, series) => openConversations(i, series === 'firstConversations')}
        />
      </ChartCard>
    </SimpleGrid>
  );
}

function useBreakdown(scope: Scope, dimension: BreakdownDimension, enabled = true): Figure<AnalyticsBreakdown> {
  return useFigure<AnalyticsBreakdown>(scope.scope && enabled ? `breakdown:${dimension}|${scope.key}` : null, () => api.call('analytics.breakdown', { scope: scope.scope!, dimension, limit: 10 }));
}

/** A breakdown as ranked bars; each bar opens its contacts. */
export function BreakdownCard({ scope, dimension, title, hint, fieldType, enabled = true, controls }: { scope: Scope; dimension: BreakdownDimension; title: string; hint: string; fieldType?: string; enabled?: boolean; controls?: ReactNode }) {
  const figure = useBreakdown(scope, dimension, enabled);
  const drill = useDrill();
  const data = figure.data;
  const items = (data?.items ?? []).map((item) => ({ value: item.value, label: breakdownValueLabel(dimension, item.value, fieldType), count: item.count }));
  return (
    <ChartCard
      title={title}
      hint={hint}
      controls={controls}
      figure={figure}
      deferred={!enabled && !data}
      height={200}
      empty={data && data.items.length === 0 && data.otherCount === 0 ? 'No contacts were created in this period.' : undefined}
      table={() =>
        data && {
          header: ['Value', 'Label', 'Contacts', 'Share'],
          rows: [...items.map((i) => [i.value, i.label, i.count, formatShare(i.count, data.contacts)]), ...(data.otherCount > 0 ? [['', 'Other', data.otherCount, formatShare(data.otherCount, data.contacts)]] : [])],
        }
      }
    >
      {data && <RankedBars items={items} otherCount={data.otherCount} total={data.contacts} unit="contacts" onSelect={(item) => drill({ kind: 'breakdown', dimension, value: item.value })} />}
    </ChartCard>
  );
}

export function WhoCharts({ scope }: { scope: Scope }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <BreakdownCard scope={scope} dimension="source" title="Source channel" hint="Where the contacts created in this period first reached you." />
      <BreakdownCard scope={scope} dimension="country" title="Country" hint="The ten biggest countries; the rest as Other." />
      <BreakdownCard scope={scope} dimension="locale" title="Language" hint="The language their browser or app asked for." />
      <BreakdownCard scope={scope} dimension="tag" title="Tags" hint="A contact with several tags counts once for each." />
    </SimpleGrid>
  );
}

type ConsentStatus = 'granted' | 'denied' | 'withdrawn' | 'none';

const CONSENT_SERIES: { name: ConsentStatus; label: string; color: string }[] = [
  { name: 'granted', label: 'Granted', color: 'teal.6' },
  { name: 'denied', label: 'Denied', color: 'red.6' },
  { name: 'withdrawn', label: 'Withdrawn', color: 'orange.5' },
  { name: 'none', label: 'Not asked', color: 'gray.5' },
];

export function ConsentChart({ scope }: { scope: Scope }) {
  const drill = useDrill();
  const consent = useFigure<AnalyticsConsent>(scope.scope ? `consent|${scope.key}` : null, () => api.call('analytics.consent', { scope: scope.scope! }));
  const purposes = consent.data?.purposes ?? [];
  const openConsent = (index: number, status: ConsentStatus) => purposes[index] && drill({ kind: 'consent', purpose: purposes[index].purpose, status });
  return (
    <ChartCard
      title="Consent by purpose"
      hint="Share of the contacts created in this period, by what they said. Hover for counts; click to see them."
      figure={consent}
      height={Math.max(160, purposes.length * 52)}
      empty={consent.data && (purposes.length === 0 || consent.data.contacts === 0) ? 'No contacts were created in this period.' : undefined}
      table={() =>
        consent.data && {
          header: ['Purpose', 'Granted', 'Denied', 'Withdrawn', 'Not asked', 'Contacts'],
          rows: purposes.map((p) => [p.label, p.granted, p.denied, p.withdrawn, p.none, consent.data!.contacts]),
        }
      }
    >
      <KeyboardBars
        name="Consent by purpose"
        keys={purposes.map((p) => p.label)}
        layers={CONSENT_SERIES.map((c) => c.name)}
        vertical
        describe={(i, layer) => {
          const purpose = purposes[i]!;
          const status = CONSENT_SERIES[layer]!;
          const total = purpose.granted + purpose.denied + purpose.withdrawn + purpose.none;
          return `${purpose.label}, ${status.label}: ${formatNumber(purpose[status.name])} (${formatShare(purpose[status.name], total)})`;
        }}
        onOpen={(i, layer) => openConsent(i, CONSENT_SERIES[layer]!.name)}
      >
        {(highlight) => (
          <BarChart
            {...CHART_PROPS}
            h={Math.max(160, purposes.length * 52) + 36}
            type="percent"
            orientation="vertical"
            gridAxis="none"
            withLegend
            legendProps={LEGEND_PROPS}
            data={purposes}
            dataKey="label"
            yAxisProps={{ width: 130 }}
            tooltipProps={{ cursor: false, labelFormatter: (_: unknown, payload: readonly { payload?: { label?: string } }[]) => payload[0]?.payload?.label ?? '' }}
            barChartProps={NO_RECHARTS_KEYBOARD}
            series={CONSENT_SERIES.map((s) => ({ ...s }))}
            barProps={(series) => ({ cursor: 'pointer', onClick: (_: unknown, index: number) => openConsent(index, series.name as ConsentStatus) })}
          >
            {highlight}
          </BarChart>
        )}
      </KeyboardBars>
    </ChartCard>
  );
}

export function ConversationCharts({ scope }: { scope: Scope }) {
  const bucket = scope.bucket;
  const drill = useDrill();
  const figure = useFigure<AnalyticsConversations>(scope.scope ? `conversations|${scope.key}|${bucket}` : null, () => api.call('analytics.conversations', { scope: scope.scope!, bucket }));
  const data = figure.data;
  const points = data?.points ?? [];
  const channels = (data?.byChannel ?? []).map((c) => ({
    ...c,
    handoffRate: c.conversations > 0 ? Math.round((c.handoffs / c.conversations) * 1000) / 10 : 0,
    averageRating: c.rated > 0 ? Math.round((c.ratingSum / c.rated) * 10) / 10 : 0,
  }));
  const nothing = data !== undefined && points.every((p) => p.conversations === 0);
  const emptyText = nothing ? 'No conversations started in this period.' : undefined;
  const per = bucket === 'week' ? 'per week' : 'per day';
  const openBucket = (index: number, handoff = false) => points[index] && drill({ kind: 'conversations', from: points[index].from, to: points[index].to, ...(handoff ? { handoff } : {}) });
  const channelRows = channels.map((c) => ({ ...c, label: breakdownValueLabel('source', c.channel) }));
  const openChannel = (index: number, handoff = false) => channels[index] && drill({ kind: 'conversations', channel: channels[index].channel, ...(handoff ? { handoff } : {}) });
  return (
    <Stack gap="md">
      <ChartCard
        title="Conversation volume"
        hint={`Conversations started ${per}, and how many were handed to a person. Click a bar for the people.`}
        figure={figure}
        empty={emptyText}
        table={() => data && { header: [bucketWord(bucket), 'Conversations', 'Handed off', 'Rated', 'Average rating'], rows: points.map((p) => [p.date, p.conversations, p.handoffs, p.rated, p.rated ? Math.round((p.ratingSum / p.rated) * 100) / 100 : null]) }}
      >
        <TimeBars
          name="Conversation volume"
          bucket={bucket}
          points={points.map((p) => ({ ...p, handledByBot: p.conversations - p.handoffs }))}
          series={[
            { name: 'handledByBot', label: 'Handled by the bot', color: 'nexvio.5' },
            { name: 'handoffs', label: 'Handed to a person', color: 'orange.5' },
          ]}
          describe={(p) => `${formatNumber(p.conversations)} conversations, ${formatNumber(p.handoffs)} handed to a person`}
          onOpen={(i, series) => openBucket(i, series === 'handoffs')}
        />
      </ChartCard>
      <ChartCard
        title="When people talk to the bot"
        hint="Conversations started by weekday and hour, in your time zone. Select a cell to see who."
        figure={figure}
        table={() => data && { header: ['Weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)], rows: data.heatmap.map((row, day) => [['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][day] ?? '', ...row]) }}
      >
        {data && <HourHeatmap heatmap={data.heatmap} onSelect={(weekday, hour) => drill({ kind: 'conversations', weekday, hour })} />}
      </ChartCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard
          title="Handoff rate by channel"
          hint="Share of conversations handed to a person. Click a bar for the people."
          figure={figure}
          height={200}
          empty={channels.length === 0 ? emptyText ?? 'No conversations started in this period.' : undefined}
          table={() => data && { header: ['Channel', 'Conversations', 'Handed off', 'Handoff rate %'], rows: channels.map((c) => [c.channel, c.conversations, c.handoffs, c.handoffRate]) }}
        >
          <ChannelBars
            name="Handoff rate by channel"
            rows={channelRows}
            series={{ name: 'handoffRate', label: 'Handoff rate', color: 'orange.5' }}
            describe={(c) => `${c.handoffRate}% handed to a person`}
            onOpen={(i) => openChannel(i, true)}
            chartProps={{ unit: '%', valueFormatter: (v: number) => `${v}` }}
          />
        </ChartCard>
        <ChartCard
          title="Average rating by channel"
          hint="Of the conversations people rated, from 1 to 5. Click a bar for the people."
          figure={figure}
          height={200}
          empty={channels.every((c) => c.rated === 0) && data ? 'Nobody rated a conversation in this period.' : undefined}
          table={() => data && { header: ['Channel', 'Conversations', 'Rated', 'Average rating'], rows: channels.map((c) => [c.channel, c.conversations, c.rated, c.rated ? c.averageRating : null]) }}
        >
          <ChannelBars
            name="Average rating by channel"
            rows={channelRows}
            series={{ name: 'averageRating', label: 'Average rating', color: 'teal.6' }}
            describe={(c) => (c.rated ? `${c.averageRating.toFixed(1)} from ${formatNumber(c.rated)} ratings` : 'not rated')}
            onOpen={(i) => openChannel(i)}
            chartProps={{ valueFormatter: (v: number) => v.toFixed(1), yAxisProps: { domain: [0, 5], ticks: [0, 1, 2, 3, 4, 5], interval: 0 } }}
          />
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}

const CHARTABLE_TYPES = new Set(['select', 'multi_select', 'boolean']);

/** The distributions of the custom fields the person chose (remembered); each loads when it scrolls into view. */
export function FieldCharts({ scope, fields }: { scope: Scope; fields: FieldDefinition[] | undefined }) {
  const remembered = useAnalyticsView((s) => s.fields);
  const setFields = useAnalyticsView((s) => s.setFields);
  const chartable = (fields ?? []).filter((f) => !f.archived && CHARTABLE_TYPES.has(f.type));
  // Until the person picks, the first two chartable fields: the section is never empty on a first visit.
  const chosen = remembered ?? chartable.slice(0, 2).map((f) => f.key);
  const shown = chosen.filter((key) => chartable.some((f) => f.key === key));
  return (
    <Stack gap="md">
      <SectionHeading
        title="Custom fields"
        actions={
          <MultiSelect
            aria-label="Custom fields to chart"
            placeholder={shown.length ? 'Add a field' : 'Choose fields to chart'}
            data={chartable.map((f) => ({ value: f.key, label: f.label }))}
            value={shown}
            onChange={setFields}
            searchable
            clearable
            w={360}
            maxDropdownHeight={260}
            nothingFoundMessage="No select, multi-select or yes/no fields"
          />
        }
      >
        How the contacts created in this period fill the select, multi-select and yes/no fields you choose.
      </SectionHeading>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg" style={{ border: '1px dashed var(--app-border)', borderRadius: 'var(--mantine-radius-md)' }}>
          {chartable.length === 0 ? 'This workspace has no select, multi-select or yes/no fields to chart.' : 'Choose fields above to see how contacts fill them.'}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {shown.map((key) => {
            const field = chartable.find((f) => f.key === key)!;
            return <LazyFieldCard key={key} scope={scope} field={field} />;
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function LazyFieldCard({ scope, field }: { scope: Scope; field: FieldDefinition }) {
  const { ref, inViewport } = useInViewport();
  const typeLabel = field.type === 'boolean' ? 'Yes/no field' : field.type === 'multi_select' ? 'Multi-select: a contact counts once per value' : 'Select field';
  return (
    <div ref={ref}>
      <LoadOnce visible={inViewport}>
        {(enabled) => (
          <BreakdownCard
            scope={scope}
            dimension={`field:${field.key}`}
            title={field.label}
            hint={typeLabel}
            fieldType={field.type}
            enabled={enabled}
            controls={
              <Badge variant="light" color="gray" size="sm" style={{ textTransform: 'none' }}>
                Custom field
              </Badge>
            }
          />
        )}
      </LoadOnce>
    </div>
  );
}

/** Once something was visible it stays loaded (scrolling away does not drop it). */
function LoadOnce({ visible, children }: { visible: boolean; children(enabled: boolean): ReactNode }) {
  const [seen, setSeen] = useState(false);
  if (visible && !seen) setSeen(true);
  return <>{children(seen || visible)}</>;
}
