import { ActionIcon, Alert, Button, Card, Group, Menu, Skeleton, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDots, IconFileTypeCsv, IconPhoto } from '@tabler/icons-react';
import { useId, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import { FileReadyModal } from '../../components/FileReadyModal';
import { formatNumber } from '../../lib/format';
import { chartSlug, toCsv, type CsvCell } from './analyticsModel';
import { chartPng } from './chartImage';
import classes from './Analytics.module.css';

export interface ChartTable {
  header: string[];
  rows: CsvCell[][];
}

interface FigureState {
  loading: boolean;
  stale?: boolean;
  error: Error | undefined;
  retry(): void;
}

/** A figure that could not be loaded: why, and Try again. */
export function FigureError({ title, error, retry }: { title: string; error: Error; retry(): void }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={title}>
      <Text size="sm" mb="xs">
        {error.message}
      </Text>
      <Button size="compact-sm" variant="default" onClick={retry}>
        Try again
      </Button>
    </Alert>
  );
}

/**
 * A chart on the Analytics page: title, a line about what it counts, a menu to download its
 * data (CSV, built from what it shows) or its picture (PNG), then the chart; a skeleton on the
 * first load, an error with Try again, the old chart dimmed while a new one loads.
 */
export function ChartCard({
  title,
  hint,
  figure,
  table,
  controls,
  height = 260,
  empty,
  deferred = false,
  children,
}: {
  title: string;
  hint?: ReactNode;
  figure: FigureState;
  /** The chart's data as a table; null when there is none to download. */
  table: () => ChartTable | null | undefined;
  controls?: ReactNode;
  height?: number;
  /** Shown instead of the chart when it has nothing to show. */
  empty?: ReactNode;
  /** Waiting to be scrolled into view before it loads. */
  deferred?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  const body = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState<{ path: string; format: 'csv' | 'png'; bytes: number } | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (format: 'csv' | 'png') => {
    setSaving(true);
    try {
      let content: string;
      if (format === 'csv') {
        const data = table();
        if (!data) throw new Error('This chart has no data yet');
        content = toCsv(data.header, data.rows);
      } else {
        if (!body.current) throw new Error('This chart has nothing to draw yet');
        content = await chartPng(body.current, title);
      }
      const file = await api.call('analytics.saveChart', { chart: chartSlug(title), format, content });
      setSaved({ path: file.path, format, bytes: file.bytes });
    } catch (error) {
      notifications.show({ color: 'red', title: `The ${format.toUpperCase()} could not be saved`, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  let content: ReactNode;
  // A card below the fold waits to be scrolled to: not loading yet, so nothing is announced.
  if (deferred) content = <Skeleton height={height} radius="md" animate={false} aria-hidden />;
  else if (figure.loading) content = <Skeleton height={height} radius="md" aria-label={`Loading ${title}`} />;
  else if (figure.error) content = <FigureError title="This chart could not be loaded" error={figure.error} retry={figure.retry} />;
  else if (empty) content = <div className={classes.emptyChart} style={{ minHeight: height }}>{empty}</div>;
  else content = children;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-chart-card className={classes.chartCard}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm" mb="md">
        <div style={{ minWidth: 0 }}>
          <Title order={3} size="h5" fw={650} id={headingId}>
            {title}
          </Title>
          {hint && (
            <Text size="xs" c="dimmed" mt={2}>
              {hint}
            </Text>
          )}
        </div>
        <Group gap={6} wrap="nowrap">
          {controls}
          <Menu position="bottom-end" withinPortal shadow="md" width={200}>
            <Menu.Target>
              <ActionIcon aria-label={`Chart options: ${title}`} loading={saving} disabled={figure.loading || Boolean(figure.error)}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Download</Menu.Label>
              <Menu.Item leftSection={<IconFileTypeCsv size={16} />} onClick={() => void save('csv')}>
                Download CSV
              </Menu.Item>
              <Menu.Item leftSection={<IconPhoto size={16} />} onClick={() => void save('png')} disabled={Boolean(empty)}>
                Download PNG
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <div ref={body} className={classes.chartBody} data-stale={figure.stale ? 'true' : undefined}>
        {content}
      </div>
      <FileReadyModal title={saved?.format === 'png' ? 'Picture saved' : 'Data saved'} path={saved?.path ?? null} onClose={() => setSaved(null)}>
        {saved && (
          <>
            “{title}” as {saved.format === 'png' ? 'a PNG picture' : 'CSV'} ({formatNumber(Math.max(1, Math.round(saved.bytes / 1024)))} KB), in the workspace’s exports folder.
          </>
        )}
      </FileReadyModal>
    </Card>
  );
}
