import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order.ts';
import { LiveTreeBuild } from './live-build.ts';
import { LiveView } from './live-view.ts';
import { SortedMap } from './sorted-map.ts';
import { pick, randomKey, seeded } from './random.test-helper.ts';

/** Odd values stand for keys behind a delete marker. */
const isLive = (v: number): boolean => v % 2 === 0;

function randomMap(seed: number, keys: number): SortedMap<number> {
  const rand = seeded(seed);
  const map = new SortedMap<number>();
  for (let i = 0; i < keys; i++) map.set(randomKey(rand, 5), Math.floor(rand() * 10));
  return map;
}

const liveEntries = (map: SortedMap<number>): [string, number][] => [...map.entries()].filter(([, v]) => isLive(v));

describe('LiveView', () => {
  it('reads only live entries from every way into the tree', () => {
    const map = randomMap(51, 3000);
    const view = new LiveView(map, isLive, () => liveEntries(map).length);
    const expected = liveEntries(map);
    expect([...view.entries()]).toEqual(expected);
    expect(view.size).toBe(expected.length);
    const rand = seeded(52);
    for (let q = 0; q < 300; q++) {
      const start = randomKey(rand, 3);
      const after = expected.filter(([k]) => compareKeys(k, start) > 0);
      expect([...view.entriesFrom(start, false)]).toEqual(after);
      expect(view.seek(start, false).key).toBe(after[0]?.[0]);
      const past = expected.filter(([k]) => compareKeys(k, start) > 0 && !k.startsWith(start));
      expect([...view.entriesPastPrefix(start)]).toEqual(past);
      const [key, value] = pick(rand, [...map.entries()]);
      expect([view.has(key), view.get(key)]).toEqual(isLive(value) ? [true, value] : [false, undefined]);
    }
  });

  it('lands on a live key after next and skipPrefix, stepping over hidden ones', () => {
    const map = new SortedMap<number>();
    for (const [k, v] of [['a/1', 1], ['a/2', 2], ['a/3', 3], ['b/1', 5], ['b/2', 7], ['c', 8], ['d', 9]] as const) map.set(k, v);
    const cursor = new LiveView(map, isLive, () => 2).seek();
    expect([cursor.key, cursor.value]).toEqual(['a/2', 2]);
    cursor.skipPrefix('a/');
    expect(cursor.key).toBe('c');
    cursor.next();
    expect(cursor.key).toBeUndefined();
  });
});

describe('LiveTreeBuild', () => {
  it('copies the live entries in steps and reports what it has passed', () => {
    const map = randomMap(53, 1000);
    const build = new LiveTreeBuild(map, isLive);
    const keys = [...map.entries()].map(([k]) => k);
    expect(build.passed(keys[0] as string)).toBe(false);
    expect(build.step(400)).toBe(false);
    expect([build.passed(keys[399] as string), build.passed(keys[400] as string)]).toEqual([true, false]);
    while (!build.step(400));
    expect([...build.tree.entries()]).toEqual(liveEntries(map));
    build.tree.checkInvariants();
  });
});
