import { Anchor, Button, CloseButton, Group, Paper, Progress, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconForms, IconTagMinus, IconTagPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { BulkJob, BulkTarget, ContactFilter } from '../../../../../preload/contract';
import { formatCount, formatNumber } from '../../../lib/format';
import { useSelection } from '../../../state/selection';
import { loadBulkStatus, jobWords, useBulkJob } from './bulkJob';
import { useExport } from '../export/exportJob';
import classes from './BulkBar.module.css';
import { DeleteDialog, ExportReadyModal, SetFieldDialog, TagDialog, type TargetSummary } from './BulkDialogs';

type Dialog = 'addTag' | 'removeTag' | 'setField' | 'delete' | null;

/**
 * Above the list when rows are chosen: how many, "Select all N matching", and the bulk
 * actions; while a bulk action runs, its progress with Cancel instead. One runs at a time.
 */
export function BulkBar({ filter, count }: { filter: ContactFilter; count: { count: number; capped: boolean } | undefined }) {
  // Field by field: the rows on screen change while scrolling, and the bar does not show them.
  const ids = useSelection((s) => s.ids);
  const allMatching = useSelection((s) => s.allMatching);
  const { keepFor, selectAllMatching, clear } = useSelection.getState();
  const phase = useBulkJob((s) => s.phase);
  const job = useBulkJob((s) => s.job);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);

  // A new search or filter starts a new selection (a new sort keeps it: the same contacts).
  const filterKey = JSON.stringify(filter);
  useEffect(() => keepFor(filterKey), [keepFor, filterKey]);
  useEffect(() => {
    void loadBulkStatus();
  }, []);

  const matching = count ? `${formatNumber(count.count)}${count.capped ? '+' : ''}` : '';
  const chosen = allMatching ? (count?.count ?? 0) : ids.size;
  const target: BulkTarget = allMatching ? { filter } : { ids: [...ids] };
  const summary: TargetSummary = {
    target,
    count: chosen,
    countText: allMatching ? matching : formatNumber(ids.size),
    words: allMatching ? `all ${matching} matching ${count?.count === 1 && !count.capped ? 'contact' : 'contacts'}` : formatCount(ids.size, 'contact', 'contacts'),
  };

  const running = phase === 'running' || phase === 'undoing';
  const chosenAny = allMatching || ids.size > 0;
  const action = (label: string, icon: ReactNode, open: () => void, color?: string) => (
    <Button size="compact-sm" variant="subtle" color={color} leftSection={icon} onClick={open} disabled={phase !== 'idle'}>
      {label}
    </Button>
  );
  return (
    <>
      {running ? (
        <JobProgress />
      ) : !chosenAny && job?.state === 'interrupted' && job.undoable && dismissed !== job.id ? (
        <InterruptedJob job={job} onDismiss={() => setDismissed(job.id)} />
      ) : (
        chosenAny && (
          <Paper className={classes.bar} radius={0} role="region" aria-label="Selection">
            <Group gap="xs" wrap="nowrap" className={classes.count}>
              <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} aria-live="polite">
                {allMatching ? `All ${matching} matching selected` : `${formatNumber(ids.size)} selected`}
              </Text>
              {!allMatching && count && count.count > ids.size && (
                <>
                  <Text size="sm" c="dimmed" aria-hidden>
                    ·
                  </Text>
                  <Anchor component="button" type="button" size="sm" onClick={selectAllMatching}>
                    Select all {matching} matching
                  </Anchor>
                </>
              )}
            </Group>
            <Group gap={4} wrap="wrap" className={classes.actions}>
              {action('Add tag', <IconTagPlus size={15} />, () => setDialog('addTag'))}
              {action('Remove tag', <IconTagMinus size={15} />, () => setDialog('removeTag'))}
              {action('Set field', <IconForms size={15} />, () => setDialog('setField'))}
              {action('Export', <IconDownload size={15} />, () => useExport.getState().open({ kind: 'selection', target, count: chosen, countText: summary.countText }))}
              {action('Delete', <IconTrash size={15} />, () => setDialog('delete'), 'red')}
              <Tooltip label="Clear selection">
                <CloseButton size="sm" aria-label="Clear selection" onClick={clear} />
              </Tooltip>
            </Group>
          </Paper>
        )
      )}
      {/* Outside the bar: a dialog keeps what was typed while its job starts (or is refused). */}
      {(dialog === 'addTag' || dialog === 'removeTag') && <TagDialog mode={dialog} summary={summary} onClose={() => setDialog(null)} />}
      {dialog === 'setField' && <SetFieldDialog summary={summary} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteDialog summary={summary} onClose={() => setDialog(null)} onDeleted={clear} />}
      <ExportReadyModal />
    </>
  );
}

/** A job the app stopped in the middle of (it was closed): what it did so far, with Undo. */
function InterruptedJob({ job, onDismiss }: { job: BulkJob; onDismiss(): void }) {
  const undo = () =>
    useBulkJob
      .getState()
      .undo(job.id)
      .catch((error: unknown) => notifications.show({ color: 'red', title: 'It could not be undone', message: error instanceof Error ? error.message : String(error) }));
  return (
    <Paper className={classes.bar} radius={0} role="region" aria-label="Interrupted bulk action">
      <Group gap="sm" wrap="nowrap" className={classes.count}>
        <IconAlertTriangle size={16} color="var(--mantine-color-yellow-6)" aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" className="ellipsis" dir="auto">
          A bulk action stopped when the app closed: {jobWords(job).done(job.changed)} of {formatNumber(job.total)} matching.
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button size="compact-sm" variant="light" onClick={() => void undo()}>
          Undo
        </Button>
        <CloseButton size="sm" aria-label="Dismiss" onClick={onDismiss} />
      </Group>
    </Paper>
  );
}

/** The running job: what it does, done of total, Cancel. */
function JobProgress() {
  const { phase, job, progress, cancelling, cancel } = useBulkJob();
  const done = progress?.done ?? 0;
  const total = progress?.total ?? job?.total ?? 0;
  const title = phase === 'undoing' ? 'Undoing' : job ? jobWords(job).running : 'Starting';
  return (
    <Paper className={classes.bar} radius={0} role="region" aria-label="Bulk action progress">
      <Group gap="sm" wrap="nowrap" className={classes.count} style={{ flex: 1 }}>
        <Text size="sm" fw={600} className="ellipsis" dir="auto">
          {title}…
        </Text>
        <Progress value={total > 0 ? (100 * done) / total : 0} aria-label="Progress" animated style={{ flex: 1, maxWidth: 420 }} />
        <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} aria-live="polite">
          {formatNumber(done)} of {formatNumber(total)}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" visibleFrom="md">
          One bulk action at a time; the app stays usable meanwhile.
        </Text>
        {phase === 'running' && (
          <Button size="compact-sm" variant="default" onClick={() => void cancel()} loading={cancelling}>
            Cancel
          </Button>
        )}
      </Group>
    </Paper>
  );
}
