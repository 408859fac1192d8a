/**
 * The export dialog and its job as the renderer sees them: who opened it for what (the chosen
 * rows, or what the list shows), the running export's progress, and how it ended.
 */
import { notifications } from '@mantine/notifications';
import { create } from 'zustand';
import type { ExportFormat, ExportJob, ExportTarget } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { formatCount } from '../../../lib/format';

/** What the dialog exports: the chosen rows (from the selection bar), or what the list shows. */
export type ExportSubject = { kind: 'list' } | { kind: 'selection'; target: ExportTarget; count: number; countText: string };

export type ExportPhase = 'choosing' | 'starting' | 'running' | 'ended';

interface ExportState {
  subject: ExportSubject | null;
  /** The subject of the running export, kept while its window is closed, to show its end in. */
  runningFor: ExportSubject | null;
  phase: ExportPhase;
  job: ExportJob | null;
  progress: { done: number; total: number } | null;
  cancelling: boolean;
  open(subject: ExportSubject): void;
  close(): void;
  start(target: ExportTarget, format: ExportFormat, columns: string[]): Promise<void>;
  cancel(): Promise<void>;
}

export const useExport = create<ExportState>()((set, get) => ({
  subject: null,
  runningFor: null,
  phase: 'choosing',
  job: null,
  progress: null,
  cancelling: false,
  open: (subject) => {
    follow();
    // A running export keeps its progress on screen; otherwise a fresh choice.
    if (get().phase === 'running' || get().phase === 'starting') return set({ subject });
    set({ subject, phase: 'choosing', job: null, progress: null, cancelling: false });
  },
  close: () => set({ subject: null }),
  start: async (target, format, columns) => {
    follow();
    set((s) => ({ phase: 'starting', progress: null, cancelling: false, runningFor: s.subject }));
    try {
      const { job, total } = await api.call('export.start', { target, format, columns });
      const early = endedBeforeAnswer.get(job.id);
      endedBeforeAnswer.clear();
      if (early) set({ phase: 'ended', job: early, progress: null });
      else set((s) => ({ phase: 'running', job, progress: { done: s.progress?.done ?? 0, total } }));
    } catch (error) {
      set({ phase: 'choosing' });
      throw error;
    }
  },
  cancel: async () => {
    const job = get().job;
    if (!job) return;
    set({ cancelling: true });
    await api.call('export.cancel', { jobId: job.id });
  },
}));

/** Exports that ended while this window waited for its own start's answer, by id. */
const endedBeforeAnswer = new Map<string, ExportJob>();

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  api.onEvent((event) => {
    if (event.type === 'progress' && event.job === 'export') {
      useExport.setState((s) => (s.phase === 'running' || s.phase === 'starting' ? { progress: { done: event.done, total: event.total } } : {}));
    } else if (event.type === 'export.finished') {
      // Every window hears every export's end (the browser host serves several): only this
      // dialog's own job ends it. A small export may end before its start is answered.
      const { phase, job } = useExport.getState();
      if (phase === 'starting') endedBeforeAnswer.set(event.job.id, event.job);
      else if (phase === 'running' && job?.id === event.job.id) {
        const { subject, runningFor } = useExport.getState();
        // The window was closed while it ran: it opens again with the result, and a notice says so.
        if (!subject && event.job.state !== 'cancelled') {
          notifications.show({
            color: event.job.state === 'finished' ? 'teal' : 'red',
            title: event.job.state === 'finished' ? 'Export ready' : 'The export stopped',
            message: event.job.state === 'finished' ? `${formatCount(event.job.done, 'contact was', 'contacts were')} saved as ${FORMAT_INFO[event.job.format].noun}.` : (event.job.error ?? 'No file was kept.'),
          });
        }
        useExport.setState({ phase: 'ended', job: event.job, progress: null, cancelling: false, subject: subject ?? (event.job.state === 'cancelled' ? null : runningFor) });
      }
    }
  });
}

export const FORMAT_INFO: Record<ExportFormat, { label: string; explanation: string; noun: string }> = {
  csv: { label: 'CSV', explanation: 'Opens in any spreadsheet, and imports into most CRMs and mailing tools.', noun: 'a CSV file' },
  xlsx: { label: 'Excel', explanation: 'An .xlsx workbook: dates and numbers typed, the header row frozen.', noun: 'an Excel workbook' },
  json: { label: 'JSON', explanation: 'For developers and scripts: one array, every value with its type.', noun: 'a JSON file' },
  vcf: { label: 'vCard', explanation: 'Contact cards for address books (Apple, Google, Outlook).', noun: 'vCards' },
};
