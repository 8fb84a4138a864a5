import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order.ts';
import { SortedMap } from './sorted-map.ts';
import { randomKey, seeded, type Rand } from './random.test-helper.ts';

/** The obviously-correct model: a sorted array of [key, value] with binary search. */
class NaiveMap {
  entries: [string, number][] = [];
  #slot(k: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys((this.entries[mid] as [string, number])[0], k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  set(k: string, v: number): void {
    const i = this.#slot(k);
    this.entries.splice(i, this.entries[i]?.[0] === k ? 1 : 0, [k, v]);
  }
  delete(k: string): boolean {
    const i = this.#slot(k);
    const found = this.entries[i]?.[0] === k;
    if (found) this.entries.splice(i, 1);
    return found;
  }
}

function randomOps(rand: Rand, map: SortedMap<number>, naive: NaiveMap, ops: number, insertBias: number): void {
  const disagreements: string[] = [];
  for (let i = 0; i < ops; i++) {
    const key = randomKey(rand, 5);
    if (rand() < insertBias) {
      map.set(key, i);
      naive.set(key, i);
    } else if (map.delete(key) !== naive.delete(key)) {
      disagreements.push(key);
    }
  }
  expect(disagreements, 'keys whose delete answered unlike the model').toEqual([]);
}

type Entry = [string, number];

/**
 * The first position where two entry lists differ, undefined when they are equal: the same check as
 * toEqual, which spends tens of milliseconds on each list of thousands of entries these tests compare.
 */
function firstDifference(got: readonly Entry[], want: readonly Entry[]): { at: number; got?: Entry; want?: Entry } | undefined {
  for (let at = 0; at < Math.max(got.length, want.length); at++) {
    const g = got[at];
    const w = want[at];
    if (g?.[0] !== w?.[0] || g?.[1] !== w?.[1]) return { at, got: g, want: w };
  }
  return undefined;
}

function expectSame(map: SortedMap<number>, naive: NaiveMap): void {
  map.checkInvariants();
  expect(map.size).toBe(naive.entries.length);
  expect(firstDifference([...map.entries()], naive.entries)).toBeUndefined();
}

describe('SortedMap', () => {
  it('matches a sorted array through growth, deletes down to empty, and regrowth', () => {
    const rand = seeded(1);
    const map = new SortedMap<number>();
    const naive = new NaiveMap();
    randomOps(rand, map, naive, 12_000, 0.9);
    expectSame(map, naive);
    expect(map.size).toBeGreaterThan(5000); // three levels at 64-way fan-out
    randomOps(rand, map, naive, 6000, 0.5);
    expectSame(map, naive);
    for (const [k] of [...naive.entries]) {
      expect(map.delete(k)).toBe(true);
      naive.delete(k);
      if (naive.entries.length % 500 === 0) expectSame(map, naive);
    }
    expectSame(map, naive);
    randomOps(rand, map, naive, 3000, 0.8);
    expectSame(map, naive);
  });

  it('answers get and has like the model', () => {
    const rand = seeded(2);
    const map = new SortedMap<number>();
    const naive = new NaiveMap();
    randomOps(rand, map, naive, 5000, 0.7);
    const model = new Map(naive.entries);
    for (let i = 0; i < 3000; i++) {
      const k = randomKey(rand, 5);
      expect(map.get(k)).toBe(model.get(k));
      expect(map.has(k)).toBe(model.has(k));
    }
  });

  it('iterates from any start, inclusive or exclusive', () => {
    const rand = seeded(3);
    const map = new SortedMap<number>();
    const naive = new NaiveMap();
    randomOps(rand, map, naive, 8000, 0.75);
    for (let i = 0; i < 300; i++) {
      const start = rand() < 0.5 ? randomKey(rand, 5) : (naive.entries[Math.floor(rand() * naive.entries.length)]?.[0] ?? 'a');
      const inclusive = rand() < 0.5;
      const expected = naive.entries.filter(([k]) => (inclusive ? compareKeys(k, start) >= 0 : compareKeys(k, start) > 0)).slice(0, 20);
      const got: [string, number][] = [];
      for (const e of map.entriesFrom(start, inclusive)) {
        if (got.push(e) === 20) break;
      }
      expect(got).toEqual(expected);
    }
  });

  it('seeks past every key that starts with a prefix', () => {
    const rand = seeded(4);
    const map = new SortedMap<number>();
    const naive = new NaiveMap();
    randomOps(rand, map, naive, 8000, 0.75);
    for (let i = 0; i < 500; i++) {
      const prefix = randomKey(rand, 3);
      const expected = naive.entries.find(([k]) => compareKeys(k, prefix) > 0 && !k.startsWith(prefix))?.[0];
      expect(map.firstKeyAfterPrefix(prefix), JSON.stringify(prefix)).toBe(expected);
    }
    expect(map.firstKeyAfterPrefix('')).toBeUndefined();
  });

  it('skips a prefix group from a cursor inside it, within a leaf, into the next, or by a new seek', () => {
    const map = new SortedMap<number>();
    // Groups of 1, 30, 100 and 5000 keys: ends in the same leaf, the next leaf, or many leaves away.
    const sizes = [1, 30, 100, 5000, 3, 70];
    sizes.forEach((n, g) => {
      for (let i = 0; i < n; i++) map.set(`g${g}/${String(i).padStart(5, '0')}`, i);
    });
    for (let g = 0; g < sizes.length; g++) {
      for (const offset of [0, 1, 29, 64, 99, 4999]) {
        const cursor = map.seek(`g${g}/${String(offset).padStart(5, '0')}`);
        if (cursor.key?.startsWith(`g${g}/`) !== true) continue;
        cursor.skipPrefix(`g${g}/`);
        expect(cursor.key).toBe(g + 1 < sizes.length ? `g${g + 1}/00000` : undefined);
      }
    }
  });

  it('bulk-loads sorted entries into a valid tree of any size that then takes updates', () => {
    for (const n of [0, 1, 63, 64, 65, 129, 2048, 4096, 4097, 70_000]) {
      const entries = Array.from({ length: n }, (_, i): [string, number] => [`k${String(i).padStart(6, '0')}`, i]);
      const map = SortedMap.fromSorted(entries);
      map.checkInvariants();
      expect(firstDifference([...map.entries()], entries)).toBeUndefined();
      for (let i = 0; i < n; i += 3) map.delete(`k${String(i).padStart(6, '0')}`);
      for (let i = 0; i < 200; i++) map.set(`k${String(i * 7).padStart(6, '0')}x`, i);
      map.checkInvariants();
    }
  });

  it('replaces the value of an existing key without growing', () => {
    const map = new SortedMap<string>();
    map.set('k', 'v1').set('k', 'v2');
    expect(map.size).toBe(1);
    expect(map.get('k')).toBe('v2');
    expect(map.delete('missing')).toBe(false);
  });

  it('keeps order and shape under ascending and descending bulk inserts', () => {
    const map = new SortedMap<number>();
    for (let i = 0; i < 20_000; i++) map.set(`k${String(i).padStart(6, '0')}`, i);
    for (let i = 0; i < 20_000; i++) map.set(`j${String(20_000 - i).padStart(6, '0')}`, i);
    map.checkInvariants();
    expect(map.size).toBe(40_000);
    const keys = [...map.keys()];
    expect(keys.findIndex((k, i) => i > 0 && compareKeys(keys[i - 1] as string, k) >= 0), 'first key out of order').toBe(-1);
    for (let i = 0; i < 20_000; i += 2) map.delete(`k${String(i).padStart(6, '0')}`);
    map.checkInvariants();
    expect(map.size).toBe(30_000);
    map.clear();
    expect(map.size).toBe(0);
    expect([...map.entries()]).toEqual([]);
  });
});
