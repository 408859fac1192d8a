/** Small helpers for benchmarks: a seeded random source and latency summaries. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: fast, deterministic, good enough to pick samples. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
}

export interface Summary {
  samples: number;
  median: number;
  p95: number;
  max: number;
}

export function summarize(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { samples: sorted.length, median: r(at(0.5)), p95: r(at(0.95)), max: r(sorted[sorted.length - 1] ?? 0) };
}
