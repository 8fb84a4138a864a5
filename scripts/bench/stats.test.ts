import { describe, expect, it } from 'vitest';
import { digitsFor, fmt, median, percentile, rateOf, ratio } from './stats.ts';

describe('bench stats', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes medians of rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('computes ops/s from latencies and elapsed time', () => {
    expect(rateOf([1, 2, 3, 4], 2000).opsPerSec).toBe(2);
  });

  it('prints ratios in the direction where bigger is better', () => {
    expect(ratio(300, 10, true)).toBe('30x');
    expect(ratio(2, 4, false)).toBe('2.00x');
    expect(ratio(undefined, 4, true)).toBe('-');
    expect(fmt(undefined)).toBe('-');
  });

  it('prints latencies in milliseconds to two decimals, other figures to one', () => {
    expect(fmt(0.1423, digitsFor('PutObject c=1 p50 (ms)'))).toBe('0.14');
    expect(fmt(5726.24, digitsFor('PutObject c=1 (ops/s)'))).toBe('5726.2');
  });
});
