/**
 * The bulk job as the renderer sees it: the one running (with its progress) or the latest,
 * and what to tell the person when it ends (an undo notice, the export's file). Events are
 * followed from the first use on, so a job that ends while the list is not shown still says so.
 */
import { notifications } from '@mantine/notifications';
import { create } from 'zustand';
import type { BulkAction, BulkJob, BulkTarget } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { showUndoNotice } from '../../../components/undoNotice';
import { formatCount, formatNumber } from '../../../lib/format';

export type BulkPhase = 'idle' | 'starting' | 'running' | 'undoing';

interface BulkJobState {
  phase: BulkPhase;
  /** The job running, or the latest one. */
  job: BulkJob | null;
  progress: { done: number; total: number } | null;
  cancelling: boolean;
  /** A finished export whose file to show. */
  exported: BulkJob | null;

  start(target: BulkTarget, action: BulkAction): Promise<void>;
  cancel(): Promise<void>;
  undo(jobId: string): Promise<void>;
  closeExported(): void;
}

/** Words for a job, for the notices and the progress panel. */
export function jobWords(job: Pick<BulkJob, 'action' | 'subject'>): { running: string; done(n: number): string; undone(n: number): string } {
  const contacts = (n: number) => formatCount(n, 'contact', 'contacts');
  const subject = job.subject ?? '';
  switch (job.action) {
    case 'addTag':
      return { running: `Adding tag ${subject}`, done: (n) => `Added tag ${subject} to ${contacts(n)}`, undone: (n) => `Removed tag ${subject} again from ${contacts(n)}` };
    case 'removeTag':
      return { running: `Removing tag ${subject}`, done: (n) => `Removed tag ${subject} from ${contacts(n)}`, undone: (n) => `Put tag ${subject} back on ${contacts(n)}` };
    case 'setField':
      return { running: `Setting ${subject}`, done: (n) => `Set ${subject} on ${contacts(n)}`, undone: (n) => `Put the previous ${subject} back on ${contacts(n)}` };
    case 'delete':
      return { running: 'Deleting contacts', done: (n) => `Deleted ${contacts(n)}`, undone: (n) => `Restored ${contacts(n)}` };
    case 'export':
      return { running: 'Exporting contacts', done: (n) => `Exported ${contacts(n)}`, undone: () => '' };
  }
}

export const useBulkJob = create<BulkJobState>()((set, get) => ({
  phase: 'idle',
  job: null,
  progress: null,
  cancelling: false,
  exported: null,

  start: async (target, action) => {
    follow();
    set({ phase: 'starting', progress: null, cancelling: false });
    try {
      const { job, total } = await api.call('bulk.start', { target, action });
      // The first batch comes after this answer: the job is known before its first progress.
      set({ phase: 'running', job, progress: { done: 0, total } });
    } catch (error) {
      set({ phase: 'idle', progress: null });
      throw error;
    }
  },
  cancel: async () => {
    const job = get().job;
    if (!job) return;
    set({ cancelling: true });
    await api.call('bulk.cancel', { jobId: job.id });
  },
  undo: async (jobId) => {
    follow();
    const job = await api.call('bulk.undo', { jobId });
    set({ phase: 'undoing', job, progress: { done: 0, total: job.changed }, cancelling: false });
  },
  closeExported: () => set({ exported: null }),
}));

/** Picks up a job that runs already (the list was opened while it ran). */
export async function loadBulkStatus(): Promise<void> {
  follow();
  const job = await api.call('bulk.status', {});
  if (!job || useBulkJob.getState().phase !== 'idle') return;
  const phase: BulkPhase = job.state === 'running' ? 'running' : job.state === 'undoing' ? 'undoing' : 'idle';
  useBulkJob.setState({ job, phase, progress: phase === 'idle' ? null : { done: job.done, total: job.total } });
}

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  api.onEvent((event) => {
    if (event.type === 'progress' && event.job === 'bulk') {
      useBulkJob.setState((s) => (s.phase === 'idle' ? {} : { progress: { done: event.done, total: event.total } }));
    } else if (event.type === 'bulk.finished') {
      const { phase } = useBulkJob.getState();
      // Another window's job (the browser host serves several): noted, not announced here.
      if (phase === 'idle') return useBulkJob.setState({ job: event.job });
      useBulkJob.setState({ phase: 'idle', job: event.job, progress: null, cancelling: false, exported: event.job.action === 'export' && event.job.exportPath ? event.job : null });
      announce(event.job, phase === 'undoing');
    }
  });
}

/** Says how a job (or its undo) ended, with Undo where it can be undone. */
function announce(job: BulkJob, undoing: boolean): void {
  const words = jobWords(job);
  const id = `bulk-${job.id}`;
  if (undoing || job.state === 'undone') {
    notifications.show({
      id,
      color: job.error ? 'red' : 'teal',
      title: job.error ? 'Undo stopped part-way' : 'Undone',
      message: `${words.undone(job.undone)}.${job.skipped > 0 ? ` ${formatCount(job.skipped, 'contact was', 'contacts were')} left as they are: they changed since.` : ''}${job.error ? ` ${job.error}` : ''}`,
    });
    return;
  }
  if (job.state === 'failed') {
    notifications.show({ color: 'red', title: `${words.running} stopped`, message: `${job.error ?? 'Something went wrong.'} ${formatNumber(job.changed)} of ${formatNumber(job.total)} were done.` });
  }
  if (job.action === 'export') {
    if (job.state !== 'finished') notifications.show({ id, title: 'Export cancelled', message: 'No file was kept.' });
    return;
  }
  const stopped = job.state === 'cancelled' ? `Cancelled after ${formatNumber(job.done)} of ${formatNumber(job.total)}.` : '';
  if (job.changed === 0) {
    notifications.show({ id, title: 'Nothing needed changing', message: `None of the ${formatCount(job.done, 'contact', 'contacts')} needed this change.${stopped ? ` ${stopped}` : ''}` });
    return;
  }
  if (!job.undoable) return;
  const unchanged = job.done - job.changed;
  showUndoNotice({
    id,
    title: words.done(job.changed),
    // One short line (the notice cuts the rest).
    what: stopped || (job.action === 'delete' ? 'Undo within a minute.' : unchanged > 0 ? `${formatNumber(unchanged)} needed no change.` : 'Each one was changed.'),
    // Tags and fields have no deadline; the notice stays a while.
    undoUntil: job.undoUntil ?? new Date(Date.now() + 20_000).toISOString(),
    undo: () => useBulkJob.getState().undo(job.id),
  });
}
