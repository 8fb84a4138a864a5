import { describe, expect, it } from 'vitest';
import { ShardedMap, shardOf } from './sharded-map.ts';

/** The largest shard's share of the keys: 1/16 when spread evenly, 1 when all share one shard. */
function largestShare(keys: readonly string[]): number {
  const map = new ShardedMap<number>();
  for (const [i, key] of keys.entries()) map.set(key, i);
  return Math.max(...map.shardSizes()) / map.size;
}

describe('ShardedMap', () => {
  it('reads, writes, deletes and counts like a Map', () => {
    const map = new ShardedMap<string>();
    const model = new Map<string, string>();
    for (let i = 0; i < 5000; i++) {
      const key = `k${(i * 7919) % 1300}`;
      if (i % 3 === 0) expect(map.delete(key)).toBe(model.delete(key));
      else {
        map.set(key, String(i));
        model.set(key, String(i));
      }
      expect(map.size).toBe(model.size);
    }
    for (const [key, value] of model) expect(map.get(key)).toBe(value);
    expect(map.get('absent')).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(map.shardSizes().every((n) => n === 0)).toBe(true);
  });

  // A shard that held most keys would rehash most of them at once, which the split is there to avoid.
  it('spreads the key shapes buckets hold over the shards', () => {
    const n = 20_000;
    const shapes: Record<string, (i: number) => string> = {
      counter: (i) => `obj-${String(i).padStart(7, '0')}`,
      'dated path, fixed suffix': (i) => `logs/2026/12/${String(i % 28).padStart(2, '0')}/app-${i}.json.gz`,
      'long shared prefix': (i) => `${'a/'.repeat(200)}${i}`,
      'numbers before a long fixed suffix': (i) => `${i}${'-suffix'.repeat(4)}`,
      uuid: (i) => `${(i * 2654435761) >>> 0}-4e1f-9c1a-${i.toString(16).padStart(12, '0')}`,
      'two letters': (i) => String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26) % 26),
    };
    for (const [shape, key] of Object.entries(shapes)) {
      const keys = Array.from({ length: n }, (_, i) => key(i));
      expect(largestShare(keys), shape).toBeLessThan(2 / 16);
    }
  });

  it('finds a key whatever string object spells it', () => {
    const map = new ShardedMap<number>();
    const flat = `x/${'y'.repeat(1000)}/z`;
    map.set(flat, 1);
    let pieced = '';
    for (const c of flat) pieced += c;
    expect([shardOf(pieced), map.get(pieced)]).toEqual([shardOf(flat), 1]);
    map.set('', 2);
    expect(map.get('')).toBe(2);
  });
});
