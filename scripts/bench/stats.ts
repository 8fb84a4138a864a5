/** Latency statistics and formatting for the benchmark report. */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i] ?? Number.NaN;
}

export interface Rate {
  readonly opsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  /** Operations measured. */
  readonly count: number;
}

export function rateOf(latenciesMs: number[], elapsedMs: number): Rate {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { opsPerSec: (latenciesMs.length * 1000) / elapsedMs, p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: latenciesMs.length };
}

/** "12.3x" ratio of ours over a peer, where higher-is-better tells the direction. */
export function ratio(ours: number | undefined, peer: number | undefined, higherIsBetter: boolean): string {
  if (ours === undefined || peer === undefined || !Number.isFinite(ours) || !Number.isFinite(peer) || ours === 0 || peer === 0) return '-';
  const r = higherIsBetter ? ours / peer : peer / ours;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x`;
}

/**
 * Decimals a table cell shows: latencies of small operations are tenths of a millisecond for the
 * fastest targets, where one decimal would print 0.1 for both 0.06 and 0.14 ms.
 */
export function digitsFor(metric: string): number {
  return metric.endsWith('(ms)') ? 2 : 1;
}

export function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

/** Median of the values (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const xs = [...values].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : ((xs[mid - 1]! + xs[mid]!) / 2);
}
