/**
 * The tree of live keys built a few keys at a time while the bucket keeps changing: a copy point
 * walks the tree of every key in order. A change at or before it is applied to the new tree by the
 * owner (`passed`); one after it needs nothing, as the copy reads that key when it gets there.
 */
import { compareKeys } from './key-order.ts';
import { SortedMap, type ReadonlySortedMap } from './sorted-map.ts';

export class LiveTreeBuild<V> {
  readonly tree = new SortedMap<V>();
  readonly #all: ReadonlySortedMap<V>;
  readonly #isLive: (value: V) => boolean;
  /** The last key of `all` copied or passed over; undefined before the first step. */
  #after: string | undefined;

  constructor(all: ReadonlySortedMap<V>, isLive: (value: V) => boolean) {
    this.#all = all;
    this.#isLive = isLive;
  }

  /** Whether the copy has gone past `key`, so a change to it must be made in `tree` as well. */
  passed(key: string): boolean {
    return this.#after !== undefined && compareKeys(key, this.#after) <= 0;
  }

  /** Copies up to `count` more keys (appends: each lands at the tree's right edge); true once all are. */
  step(count: number): boolean {
    const cursor = this.#after === undefined ? this.#all.seek() : this.#all.seek(this.#after, false);
    for (let i = 0; i < count; i++, cursor.next()) {
      const key = cursor.key;
      if (key === undefined) return true;
      const value = cursor.value as V;
      if (this.#isLive(value)) this.tree.set(key, value);
      this.#after = key;
    }
    return cursor.key === undefined;
  }
}
