import { Progress } from '@mantine/core';
import type { SyncStatus } from '../../../../preload/contract';
import classes from './FirstSync.module.css';

/** Records received of those expected; without a total yet, a bar that keeps moving. */
export function SyncProgressBar({ progress, size = 'md' }: { progress: NonNullable<SyncStatus['progress']>; size?: 'sm' | 'md' | 'lg' }) {
  const { pulled, expected } = progress;
  if (!expected) {
    return (
      <Progress.Root size={size} radius="xl" aria-label="Sync progress" aria-valuetext="Waiting for the total" role="progressbar">
        <Progress.Section value={100} withAria={false} className={classes.indeterminate} />
      </Progress.Root>
    );
  }
  const percent = Math.min(100, Math.floor((pulled / expected) * 100));
  return (
    <Progress
      size={size}
      radius="xl"
      value={percent}
      striped={percent < 100}
      animated={percent < 100}
      aria-label="Sync progress"
      transitionDuration={250}
    />
  );
}
