/**
 * A string-keyed hash map split over 16 Maps. A JS Map rehashes its whole table in one step when
 * it grows or shrinks: ~27 ms at a million keys, which one PUT (or a lifecycle pass deleting most
 * of a bucket) would otherwise hold the event loop for. Split, each rehash moves a sixteenth.
 */

const SHARD_BITS = 4;
const SHARD_MASK = (1 << SHARD_BITS) - 1;
/** Characters hashed from each end of a key: keys differ most in their last characters (counters, dates, file names). */
const TAIL = 12;
const HEAD = 4;

/**
 * Which shard holds `key`: FNV-1a over the key's last and first few characters and its length. Not
 * the whole key, so a 1 KiB key costs what a short one does; keys alike in all of those share a
 * shard, which is then no worse than one Map.
 */
export function shardOf(key: string): number {
  const n = key.length;
  let h = 0x811c9dc5 ^ n;
  const tailFrom = n > TAIL ? n - TAIL : 0;
  for (let i = tailFrom; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  const headTo = Math.min(tailFrom, HEAD);
  for (let i = 0; i < headTo; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & SHARD_MASK;
}

export class ShardedMap<V> {
  readonly #shards: Map<string, V>[] = Array.from({ length: SHARD_MASK + 1 }, () => new Map<string, V>());
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    return (this.#shards[shardOf(key)] as Map<string, V>).get(key);
  }

  set(key: string, value: V): void {
    const shard = this.#shards[shardOf(key)] as Map<string, V>;
    const before = shard.size;
    shard.set(key, value);
    this.#size += shard.size - before;
  }

  delete(key: string): boolean {
    const deleted = (this.#shards[shardOf(key)] as Map<string, V>).delete(key);
    if (deleted) this.#size--;
    return deleted;
  }

  clear(): void {
    for (const shard of this.#shards) shard.clear();
    this.#size = 0;
  }

  /** How many keys each shard holds, for tests of the spread. */
  shardSizes(): number[] {
    return this.#shards.map((shard) => shard.size);
  }
}
