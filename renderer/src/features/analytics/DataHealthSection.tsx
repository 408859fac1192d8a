/** Data health: who cannot be reached, invalid values, duplicates, inactive people, empty fields; each opens the list that fixes it. */
import { Badge, Card, Group, Progress, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconArrowsJoin, IconChevronRight, IconMailOff, IconMoonStars, IconPhoneOff, IconUserOff, IconForms, IconAt, IconPhoneX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { DataHealth } from '../../../../preload/contract';
import { api } from '../../api/client';
import { formatNumber } from '../../lib/format';
import { useUi } from '../../state/ui';
import { formatShare } from './analyticsModel';
import { INACTIVE_CHOICES, useAnalyticsView } from './analyticsView';
import { SectionHeading } from './AnalyticsCharts';
import { FigureError } from './ChartCard';
import { useDrill, useFigure } from './useAnalytics';
import classes from './Analytics.module.css';

type Check = 'missingEmail' | 'missingPhone' | 'missingBoth' | 'invalidEmail' | 'invalidPhone' | 'inactive';

const CHECKS: { check: Check; title: string; hint: string; icon: ReactNode; color: string }[] = [
  { check: 'missingBoth', title: 'Unreachable', hint: 'Neither an email nor a phone: nobody can follow up.', icon: <IconUserOff size={18} />, color: 'red' },
  { check: 'missingEmail', title: 'Missing email', hint: 'No email address on record.', icon: <IconMailOff size={18} />, color: 'orange' },
  { check: 'missingPhone', title: 'Missing phone', hint: 'No phone number on record.', icon: <IconPhoneOff size={18} />, color: 'orange' },
  { check: 'invalidEmail', title: 'Invalid email', hint: 'An email is set but cannot be right.', icon: <IconAt size={18} />, color: 'grape' },
  { check: 'invalidPhone', title: 'Invalid phone', hint: 'A phone is set but cannot be dialled.', icon: <IconPhoneX size={18} />, color: 'grape' },
];

/** A count with its icon, title, share and a line about it (the body of a health card). */
function StatBody({ title, value, share, hint, icon, color, chevron }: { title: string; value: number; share: string; hint: string; icon: ReactNode; color: string; chevron?: boolean }) {
  return (
    <>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={color} size={34} radius="md">
          {icon}
        </ThemeIcon>
        {chevron && <IconChevronRight size={16} color="var(--mantine-color-dimmed)" aria-hidden />}
      </Group>
      <Text size="sm" fw={600} mt="sm">
        {title}
      </Text>
      <Group gap={8} align="baseline" wrap="nowrap">
        <Text fz={26} fw={700} className={classes.kpiValue}>
          {formatNumber(value)}
        </Text>
        <Text size="xs" c="dimmed">
          {share}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {hint}
      </Text>
    </>
  );
}

function HealthCard({ title, value, total, hint, icon, color, onOpen, action, share }: { title: string; value: number; total: number; hint: string; share?: string; icon: ReactNode; color: string; onOpen(): void; action: string }) {
  return (
    <UnstyledButton onClick={onOpen} aria-label={`${title}: ${formatNumber(value)}. ${action}`} className={classes.clickCard} style={{ border: '1px solid var(--app-border)', borderRadius: 'var(--mantine-radius-md)', padding: 'var(--mantine-spacing-md)' }}>
      <StatBody title={title} value={value} share={share ?? `${formatShare(value, total)} of contacts`} hint={hint} icon={icon} color={value === 0 ? 'teal' : color} chevron />
    </UnstyledButton>
  );
}

export function DataHealthSection({ segment }: { segment: string | null }) {
  const inactiveDays = useAnalyticsView((s) => s.inactiveDays);
  const setInactiveDays = useAnalyticsView((s) => s.setInactiveDays);
  const drill = useDrill();
  const openDuplicates = () => useUi.getState().setView('duplicates');
  const health = useFigure<DataHealth>(`health|${segment ?? ''}|${inactiveDays}`, () => api.call('analytics.health', { inactiveDays, ...(segment ? { segment } : {}) }));
  const data = health.data;
  return (
    <Stack gap="md">
      <SectionHeading
        title="Data health"
        actions={
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" id="inactive-label">
              Inactive after
            </Text>
            <SegmentedControl
              aria-labelledby="inactive-label"
              size="xs"
              value={String(inactiveDays)}
              onChange={(value) => setInactiveDays(Number(value))}
              data={INACTIVE_CHOICES.map((days) => ({ value: String(days), label: `${days} days` }))}
            />
          </Group>
        }
      >
        The clean-up you owe your contacts, for {segment ? 'this segment' : 'every contact'} whatever the date range. Each card opens the people it counts.
      </SectionHeading>
      {health.error && !data ? (
        <FigureError title="The data health checks could not be loaded" error={health.error} retry={health.retry} />
      ) : !data ? (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} height={150} radius="md" />
          ))}
        </SimpleGrid>
      ) : (
        <div className={classes.chartBody} data-stale={health.stale ? 'true' : undefined}>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            {CHECKS.map((c) => (
              <HealthCard key={c.check} title={c.title} value={data[c.check]} total={data.contacts} hint={c.hint} icon={c.icon} color={c.color} action="Open these contacts" onOpen={() => drill({ kind: 'health', check: c.check })} />
            ))}
            <HealthCard
              title={`Inactive for ${inactiveDays} days`}
              value={data.inactive}
              total={data.contacts}
              hint="Not seen (or created, when never seen) since then."
              icon={<IconMoonStars size={18} />}
              color="gray"
              action="Open these contacts"
              onOpen={() => drill({ kind: 'health', check: 'inactive', inactiveDays })}
            />
            <HealthCard
              title="Duplicates to review"
              value={data.duplicatePairs}
              total={data.contacts}
              hint="Likely pairs (same email, phone, or name and city)."
              icon={<IconArrowsJoin size={18} />}
              color="blue"
              action="Open Duplicates"
              share={data.duplicatePairs === 1 ? 'pair waiting' : 'pairs waiting'}
              onOpen={openDuplicates}
            />
            <FieldsSummary data={data} />
          </SimpleGrid>
          <FieldFillCard data={data} onOpen={(key) => drill({ kind: 'emptyField', key })} />
        </div>
      )}
    </Stack>
  );
}

function FieldsSummary({ data }: { data: DataHealth }) {
  const empty = data.fields.filter((f) => f.filled === 0).length;
  const sparse = data.fields.filter((f) => f.filled > 0 && data.contacts > 0 && f.filled / data.contacts < 0.1).length;
  return (
    <Card withBorder radius="md" padding="md" className={classes.kpi}>
      <StatBody
        title="Fields nobody fills"
        value={empty}
        share={`of ${formatNumber(data.fields.length)} custom fields`}
        hint={sparse ? `${formatNumber(sparse)} more filled for fewer than 1 in 10.` : 'Fill rates of every field below.'}
        icon={<IconForms size={18} />}
        color={empty ? 'yellow' : 'teal'}
      />
    </Card>
  );
}

function FieldFillCard({ data, onOpen }: { data: DataHealth; onOpen(key: string): void }) {
  const fields = [...data.fields].sort((a, b) => a.filled - b.filled);
  return (
    <Card withBorder radius="md" padding="lg" mt="md" component="section" aria-label="How custom fields are filled" className={classes.kpi}>
      <Text fw={650} size="sm">
        How custom fields are filled
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        The least filled first. Select a field to see the contacts who leave it empty.
      </Text>
      {fields.length === 0 ? (
        <Text size="sm" c="dimmed">
          This workspace has no custom fields.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4} verticalSpacing={2}>
          {fields.map((field) => {
            const share = data.contacts > 0 ? (field.filled / data.contacts) * 100 : 0;
            return (
              <UnstyledButton
                key={field.key}
                onClick={() => onOpen(field.key)}
                aria-label={`${field.label}: filled for ${formatNumber(field.filled)} of ${formatNumber(data.contacts)} contacts. Open the contacts who leave it empty`}
                className={classes.clickCard}
                style={{ borderRadius: 'var(--mantine-radius-sm)', padding: '6px 8px', border: '1px solid transparent' }}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm" mb={4}>
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="sm" className="ellipsis" dir="auto">
                      {field.label}
                    </Text>
                    {field.filled === 0 && (
                      <Badge size="xs" color="yellow" variant="light" style={{ flexShrink: 0 }}>
                        Nobody fills it
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0, fontVariantNumeric: 'tabular-nums' }}>
                    {formatNumber(field.filled)} · {formatShare(field.filled, data.contacts)}
                  </Text>
                </Group>
                <Progress value={share} size="sm" color={field.filled === 0 ? 'yellow' : share < 10 ? 'orange' : 'nexvio'} aria-hidden />
              </UnstyledButton>
            );
          })}
        </SimpleGrid>
      )}
    </Card>
  );
}
