/**
 * Injected faults (`--faults 5xx=0.1,429=0.05,slow=0.05,drop=0.05,truncate=0.02,malformed=0.02`),
 * rates per request in 0..1, so clients are tested against the failures a real network and
 * a real service produce. By default only /v1/sync/* is affected: a client must be able to
 * connect (GET /v1/workspace) to get as far as syncing.
 *
 * 5xx/500/503/429/drop/truncate exclude each other (one roll); slow and malformed are rolled
 * on their own and combine with the others.
 */

export const FAULT_KINDS = ['5xx', '500', '503', '429', 'slow', 'drop', 'truncate', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Partial<Record<FaultKind, number>>;
export type FaultScope = 'sync' | 'all';

/** Faults that answer instead of the service, before it does anything. */
export type EarlyFault = { kind: '5xx' | '500' | '503' | '429'; status: 500 | 503 | 429; retryAfter?: number };
/** What to do to one request. */
export interface FaultPlan {
  early?: EarlyFault;
  /** After processing (and committing): destroy the socket, or send half of the answer. */
  late?: 'drop' | 'truncate';
  slowMs?: number;
  malformed?: boolean;
}

const EXCLUSIVE = ['5xx', '500', '503', '429', 'drop', 'truncate'] as const;
/** Retry-After in seconds: small, so tests and demos keep moving. */
export const RETRY_AFTER_SECONDS = 1;

export function parseFaults(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([0-9a-z]+)\s*=\s*([0-9.]+)$/.exec(part);
    if (!match) throw new Error(`invalid fault "${part}": expected kind=rate, e.g. 5xx=0.1`);
    const kind = match[1] as FaultKind;
    if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind "${match[1]}" (known: ${FAULT_KINDS.join(', ')})`);
    const rate = Number(match[2]);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`fault rate of ${kind} must be between 0 and 1`);
    rates[kind] = rate;
  }
  const exclusive = EXCLUSIVE.reduce((sum, k) => sum + (rates[k] ?? 0), 0);
  if (exclusive > 1 + 1e-9) throw new Error(`the rates of ${EXCLUSIVE.join(', ')} add up to more than 1`);
  return rates;
}

export function formatFaults(rates: FaultRates): string {
  return FAULT_KINDS.filter((k) => (rates[k] ?? 0) > 0)
    .map((k) => `${k}=${rates[k]}`)
    .join(',');
}

export class Faults {
  rates: FaultRates = {};
  scope: FaultScope = 'sync';
  /** How many times each fault was injected (GET /admin/stats). */
  readonly injected: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

  constructor(
    spec = '',
    scope: FaultScope = 'sync',
    private readonly random: () => number = Math.random,
  ) {
    this.set(spec, scope);
  }

  set(spec: string, scope: FaultScope = this.scope): void {
    this.rates = parseFaults(spec);
    this.scope = scope;
  }

  appliesTo(path: string): boolean {
    return this.scope === 'all' || path.startsWith('/v1/sync/');
  }

  /** Rolls the dice for one request. */
  plan(): FaultPlan {
    const plan: FaultPlan = {};
    const r = this.rates;
    if (this.roll('slow')) plan.slowMs = 1000 + Math.floor(this.random() * 2000);
    // Counted by the caller when it damages a pull page (other requests have none to damage).
    if ((r.malformed ?? 0) > 0 && this.random() < r.malformed!) plan.malformed = true;
    let x = this.random();
    for (const kind of EXCLUSIVE) {
      const rate = r[kind] ?? 0;
      if (x >= rate) {
        x -= rate;
        continue;
      }
      this.injected[kind]++;
      if (kind === 'drop' || kind === 'truncate') plan.late = kind;
      else if (kind === '429') plan.early = { kind, status: 429, retryAfter: RETRY_AFTER_SECONDS };
      else {
        const status = kind === '500' ? 500 : kind === '503' ? 503 : this.random() < 0.5 ? 500 : 503;
        plan.early = status === 503 ? { kind, status, retryAfter: RETRY_AFTER_SECONDS } : { kind, status };
      }
      break;
    }
    return plan;
  }

  private roll(kind: FaultKind): boolean {
    const rate = this.rates[kind] ?? 0;
    if (rate <= 0 || this.random() >= rate) return false;
    this.injected[kind]++;
    return true;
  }
}
