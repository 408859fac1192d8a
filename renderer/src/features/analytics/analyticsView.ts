/**
 * What the Analytics page looks at (range, segment, day or week, the data-health window, the
 * custom fields charted), remembered on this device so a return shows the same view.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { AnalyticsBucketSize } from '../../../../preload/contract';
import { shiftDay, type RangeChoice } from './analyticsModel';
import { today } from '../../lib/days';

export const INACTIVE_CHOICES = [90, 180, 365] as const;

interface AnalyticsViewState {
  range: RangeChoice;
  /** A saved segment or list, or null for every contact. */
  segment: string | null;
  bucket: AnalyticsBucketSize;
  inactiveDays: number;
  /** Keys of the custom fields whose distribution is charted; null until the person chooses (the first two are shown). */
  fields: string[] | null;
  setRange(range: RangeChoice): void;
  setSegment(segment: string | null): void;
  setBucket(bucket: AnalyticsBucketSize): void;
  setInactiveDays(days: number): void;
  setFields(fields: string[]): void;
}

const last = today();
export const DEFAULT_RANGE: RangeChoice = { preset: '30d', from: shiftDay(last, -29), to: last };

export const useAnalyticsView = create<AnalyticsViewState>()(
  persist(
    (set) => ({
      range: DEFAULT_RANGE,
      segment: null,
      bucket: 'day',
      inactiveDays: 180,
      fields: null,
      setRange: (range) => set({ range }),
      setSegment: (segment) => set({ segment }),
      setBucket: (bucket) => set({ bucket }),
      setInactiveDays: (inactiveDays) => set({ inactiveDays }),
      setFields: (fields) => set({ fields }),
    }),
    { name: 'nexvio.analyticsView', storage: createJSONStorage(() => localStorage), version: 1 },
  ),
);
