import type { BackupEntry } from '../../../../preload/contract';

export const REASON_LABELS: Record<BackupEntry['reason'], string> = {
  daily: 'Daily',
  manual: 'Manual',
  'pre-migration': 'Before an upgrade',
};

export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}
