/**
 * The import wizard's state: which step, the uploaded file's preview, the chosen mapping and
 * duplicate policy, the running job's progress, and its result. One import at a time.
 */
import { create } from 'zustand';
import { IMPORT_UPLOAD_CHUNK, type DuplicatePolicy, type ImportJob, type ImportMapping, type ImportPreview } from '../../../../../preload/contract';
import { api } from '../../../api/client';

export type ImportStep = 'choose' | 'uploading' | 'mapping' | 'running' | 'result';

interface ImportWizardState {
  opened: boolean;
  step: ImportStep;
  fileName: string | null;
  /** Bytes sent of the file being uploaded. */
  uploaded: { sent: number; size: number } | null;
  preview: ImportPreview | null;
  mapping: ImportMapping;
  onDuplicate: DuplicatePolicy;
  job: ImportJob | null;
  progress: { done: number; total: number } | null;
  cancelling: boolean;
  error: string | null;

  open(): void;
  close(): void;
  choose(file: File): Promise<void>;
  setMapping(mapping: ImportMapping): Promise<void>;
  setOnDuplicate(policy: DuplicatePolicy): void;
  back(): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

const initial = { step: 'choose' as ImportStep, fileName: null, uploaded: null, preview: null, mapping: [], onDuplicate: 'update' as DuplicatePolicy, job: null, progress: null, cancelling: false, error: null };

/** The file's bytes as base64, without a string as long as the file (chunk by chunk). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

let uploadToken = 0;

export const useImportWizard = create<ImportWizardState>()((set, get) => ({
  opened: false,
  ...initial,

  open: () => {
    follow();
    const { step } = get();
    // A running import is shown as it runs; otherwise a fresh start.
    set(step === 'running' ? { opened: true } : { opened: true, ...initial });
  },
  close: () => {
    const { preview, step } = get();
    if (preview && step === 'mapping') void api.call('import.discard', { uploadId: preview.uploadId }).catch(() => undefined);
    uploadToken++;
    set(step === 'running' ? { opened: false } : { opened: false, ...initial });
  },
  choose: async (file) => {
    const token = ++uploadToken;
    set({ step: 'uploading', fileName: file.name, uploaded: { sent: 0, size: file.size }, error: null });
    try {
      if (file.size === 0) throw new Error('The file is empty.');
      const { uploadId } = await api.call('import.begin', { fileName: file.name, size: file.size });
      // The file is read a slice at a time: a 2 GB file never sits in the page's memory.
      for (let offset = 0; offset < file.size; offset += IMPORT_UPLOAD_CHUNK) {
        if (token !== uploadToken) {
          await api.call('import.discard', { uploadId });
          return;
        }
        const bytes = new Uint8Array(await file.slice(offset, offset + IMPORT_UPLOAD_CHUNK).arrayBuffer());
        await api.call('import.upload', { uploadId, offset, data: base64(bytes) });
        set({ uploaded: { sent: Math.min(file.size, offset + bytes.length), size: file.size } });
      }
      const preview = await api.call('import.preview', { uploadId });
      if (token !== uploadToken) return;
      set({ step: 'mapping', preview, mapping: preview.mapping });
    } catch (error) {
      if (token === uploadToken) set({ step: 'choose', uploaded: null, error: message(error) });
    }
  },
  setMapping: async (mapping) => {
    const preview = get().preview;
    if (!preview) return;
    set({ mapping, error: null });
    try {
      const next = await api.call('import.preview', { uploadId: preview.uploadId, mapping });
      if (get().mapping === mapping) set({ preview: next });
    } catch (error) {
      if (get().mapping === mapping) set({ error: message(error) });
    }
  },
  setOnDuplicate: (onDuplicate) => set({ onDuplicate }),
  back: () => {
    const preview = get().preview;
    if (preview) void api.call('import.discard', { uploadId: preview.uploadId }).catch(() => undefined);
    set({ ...initial });
  },
  start: async () => {
    const { preview, mapping, onDuplicate } = get();
    if (!preview) return;
    follow();
    set({ error: null });
    try {
      const job = await api.call('import.start', { uploadId: preview.uploadId, mapping, onDuplicate });
      set({ step: 'running', job, progress: { done: 0, total: preview.totalRows }, cancelling: false });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  cancel: async () => {
    const job = get().job;
    if (!job) return;
    set({ cancelling: true });
    await api.call('import.cancel', { jobId: job.id }).catch(() => undefined);
  },
}));

let following = false;
function follow(): void {
  if (following) return;
  following = true;
  api.onEvent((event) => {
    if (event.type === 'progress' && event.job === 'import') {
      useImportWizard.setState((s) => (s.step === 'running' ? { progress: { done: event.done, total: event.total } } : {}));
    } else if (event.type === 'import.finished') {
      const { step, job } = useImportWizard.getState();
      // Another window's import (the browser host serves several): not this wizard's.
      if (step !== 'running' || job?.id !== event.job.id) return;
      useImportWizard.setState({ step: 'result', job: event.job, progress: null, cancelling: false, opened: true });
    }
  });
}

/** Saves the rejected-rows report through the browser's download (Electron and the browser host alike). */
export async function downloadReport(job: ImportJob): Promise<void> {
  const { fileName, text } = await api.call('import.report', { jobId: job.id });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
