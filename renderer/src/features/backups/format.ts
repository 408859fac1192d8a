import type { BackupEntry } from '../../../../preload/contract';

export const REASON_LABELS: Record<BackupEntry['reason'], string> = {
  daily: 'Daily',
  manual: 'Manual',
  'pre-migration': 'Before an upgrade',
};
