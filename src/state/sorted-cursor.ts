/**
 * A forward cursor over SortedMap leaves. Its prefix skip (the delimiter roll-up) first looks in the
 * current leaf and the next one, where small groups end, and only then seeks from the root: a page
 * of CommonPrefixes costs a binary search per group, not a descent per group.
 */
import { compareKeys, isNativeOrdered } from './key-order.ts';
import { firstWhere, type Leaf } from './sorted-map-nodes.ts';

export interface SortedCursor<V> {
  /** The current key; undefined once past the last key. */
  readonly key: string | undefined;
  /** The current value; meaningful only while `key` is defined. */
  readonly value: V | undefined;
  next(): void;
  /**
   * Moves to the first key after every key that starts with `prefix`. The cursor must be at or
   * before that key (as it is when its current key starts with `prefix`).
   */
  skipPrefix(prefix: string): void;
}

/** Finds the leaf and slot of the first key satisfying a monotone predicate, from the root. */
export type Descend<V> = (atOrAfter: (key: string) => boolean) => { leaf: Leaf<V>; index: number };

/** True for keys past every key that starts with `prefix`: monotone along S3 key order. */
export function pastPrefix(prefix: string): (key: string) => boolean {
  if (isNativeOrdered(prefix)) return (k) => k > prefix && !k.startsWith(prefix);
  return (k) => compareKeys(k, prefix) > 0 && !k.startsWith(prefix);
}

export class LeafCursor<V> implements SortedCursor<V> {
  #leaf: Leaf<V> | undefined;
  #index: number;
  readonly #descend: Descend<V>;

  constructor(descend: Descend<V>, atOrAfter: (key: string) => boolean) {
    this.#descend = descend;
    const { leaf, index } = descend(atOrAfter);
    this.#leaf = leaf;
    this.#index = index;
    this.#settle();
  }

  get key(): string | undefined {
    return this.#leaf?.keys[this.#index];
  }

  get value(): V | undefined {
    return this.#leaf?.values[this.#index];
  }

  next(): void {
    this.#index++;
    this.#settle();
  }

  skipPrefix(prefix: string): void {
    const past = pastPrefix(prefix);
    for (let hops = 0, leaf = this.#leaf; leaf !== undefined && hops < 2; hops++, leaf = leaf.next) {
      const last = leaf.keys[leaf.keys.length - 1];
      if (last === undefined || !past(last)) continue;
      this.#index = firstWhere(leaf.keys, past, leaf === this.#leaf ? this.#index : 0);
      this.#leaf = leaf;
      return;
    }
    const { leaf, index } = this.#descend(past);
    this.#leaf = leaf;
    this.#index = index;
    this.#settle();
  }

  /** Steps over the end of a leaf (and empty leaves: only an empty root can be one). */
  #settle(): void {
    while (this.#leaf !== undefined && this.#index >= this.#leaf.keys.length) {
      this.#leaf = this.#leaf.next;
      this.#index = 0;
    }
  }
}
