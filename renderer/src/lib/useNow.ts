import { useSyncExternalStore } from 'react';

/**
 * Shared clocks for relative times on screen: one timer per interval however many components
 * read it. The default ticks every minute ("3 days ago"); countdowns and elapsed times ask
 * for a second.
 */
interface Clock {
  subscribe(listener: () => void): () => void;
  read(): number;
}

const clocks = new Map<number, Clock>();

function clockOf(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs);
  if (existing) return existing;
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | null = null;
  const listeners = new Set<() => void>();
  const clock: Clock = {
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        // An idle clock is stale: start again from the real time.
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const l of listeners) l();
        }, intervalMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    read: () => now,
  };
  clocks.set(intervalMs, clock);
  return clock;
}

export function useNow(intervalMs = 60_000): number {
  const clock = clockOf(intervalMs);
  return useSyncExternalStore(clock.subscribe, clock.read);
}
