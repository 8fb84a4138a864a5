/**
 * A map from string keys to values kept in S3 key order (UTF-8 byte order, see key-order.ts), as a
 * B+tree whose leaves are linked: point operations are O(log n), and a listing page costs one
 * O(log n) seek plus a walk along contiguous leaf arrays. Iterators are invalidated by mutation:
 * collect keys first if a loop must delete.
 */
import { compareKeys, isNativeOrdered } from './key-order.ts';
import {
  type Branch,
  type Leaf,
  type Node,
  buildTree,
  checkTree,
  childFor,
  firstWhere,
  leafSlot,
  newLeaf,
  rebalanceChild,
  splitBranch,
  splitLeaf,
  underflows,
} from './sorted-map-nodes.ts';
import { type Descend, LeafCursor, type SortedCursor, pastPrefix } from './sorted-cursor.ts';

export type { SortedCursor } from './sorted-cursor.ts';

/** The read side of a SortedMap, what listing walkers need. */
export interface ReadonlySortedMap<V> {
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  /** A cursor at the first key >= start (or > start when `inclusive` is false); the first key without start. */
  seek(start?: string, inclusive?: boolean): SortedCursor<V>;
  /** Ascending entries from where seek(start, inclusive) lands. */
  entriesFrom(start?: string, inclusive?: boolean): IterableIterator<[string, V]>;
  /** Ascending from the first key after every key that starts with `prefix` (the delimiter roll-up skip). */
  entriesPastPrefix(prefix: string): IterableIterator<[string, V]>;
  entries(): IterableIterator<[string, V]>;
}

function atOrAfter(start: string | undefined, inclusive: boolean): (key: string) => boolean {
  if (start === undefined) return () => true;
  if (isNativeOrdered(start)) return inclusive ? (k) => k >= start : (k) => k > start;
  return inclusive ? (k) => compareKeys(k, start) >= 0 : (k) => compareKeys(k, start) > 0;
}

interface Split<V> {
  readonly separator: string;
  readonly right: Node<V>;
}

function* drain<V>(cursor: SortedCursor<V>): Generator<[string, V], void, undefined> {
  for (let key = cursor.key; key !== undefined; cursor.next(), key = cursor.key) yield [key, cursor.value as V];
}

export class SortedMap<V> implements ReadonlySortedMap<V> {
  #root: Node<V> = newLeaf<V>();
  #size = 0;

  /** Builds a map in O(n) from entries already in strictly ascending S3 key order (not checked). */
  static fromSorted<V>(entries: Iterable<readonly [string, V]>): SortedMap<V> {
    const keys: string[] = [];
    const values: V[] = [];
    for (const [k, v] of entries) {
      keys.push(k);
      values.push(v);
    }
    const map = new SortedMap<V>();
    map.#root = buildTree(keys, values);
    map.#size = keys.length;
    return map;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    const native = isNativeOrdered(key);
    const leaf = this.#leafFor(key, native);
    const i = leafSlot(leaf.keys, key, native);
    return leaf.keys[i] === key ? leaf.values[i] : undefined;
  }

  has(key: string): boolean {
    const native = isNativeOrdered(key);
    const leaf = this.#leafFor(key, native);
    return leaf.keys[leafSlot(leaf.keys, key, native)] === key;
  }

  set(key: string, value: V): this {
    const split = this.#insert(this.#root, key, value, isNativeOrdered(key));
    if (split !== undefined) {
      const root: Branch<V> = { leaf: false, keys: [split.separator], children: [this.#root, split.right] };
      this.#root = root;
    }
    return this;
  }

  delete(key: string): boolean {
    if (!this.#remove(this.#root, key, isNativeOrdered(key))) return false;
    const root = this.#root;
    if (!root.leaf && root.children.length === 1) this.#root = root.children[0] as Node<V>;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#root = newLeaf<V>();
    this.#size = 0;
  }

  seek(start?: string, inclusive = true): SortedCursor<V> {
    return new LeafCursor(this.#descend, atOrAfter(start, inclusive));
  }

  entriesFrom(start?: string, inclusive = true): IterableIterator<[string, V]> {
    return drain(this.seek(start, inclusive));
  }

  entriesPastPrefix(prefix: string): IterableIterator<[string, V]> {
    return drain(new LeafCursor(this.#descend, pastPrefix(prefix)));
  }

  /** The first key after all keys starting with `prefix`, found in O(log n). */
  firstKeyAfterPrefix(prefix: string): string | undefined {
    const first = this.entriesPastPrefix(prefix).next();
    return first.done === true ? undefined : first.value[0];
  }

  entries(): IterableIterator<[string, V]> {
    return this.entriesFrom();
  }

  keys(): IterableIterator<string> {
    return (function* (it: IterableIterator<[string, V]>) {
      for (const [k] of it) yield k;
    })(this.entries());
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** Throws if the tree breaks an invariant (order, fill, separators, leaf links, size): for tests. */
  checkInvariants(): void {
    checkTree(this.#root, this.#size, compareKeys);
  }

  /** Finds the first key satisfying `atOrAfter`, a predicate monotone in key order (false, then true). */
  readonly #descend: Descend<V> = (atOrAfter) => {
    let node = this.#root;
    while (!node.leaf) node = node.children[firstWhere(node.keys, atOrAfter)] as Node<V>;
    return { leaf: node, index: firstWhere(node.keys, atOrAfter) };
  };

  #leafFor(key: string, native: boolean): Leaf<V> {
    let node = this.#root;
    while (!node.leaf) node = node.children[childFor(node.keys, key, native)] as Node<V>;
    return node;
  }

  #insert(node: Node<V>, key: string, value: V, native: boolean): Split<V> | undefined {
    if (node.leaf) {
      const i = leafSlot(node.keys, key, native);
      if (node.keys[i] === key) {
        node.values[i] = value;
        return undefined;
      }
      node.keys.splice(i, 0, key);
      node.values.splice(i, 0, value);
      this.#size++;
      return splitLeaf(node);
    }
    const j = childFor(node.keys, key, native);
    const split = this.#insert(node.children[j] as Node<V>, key, value, native);
    if (split === undefined) return undefined;
    node.keys.splice(j, 0, split.separator);
    node.children.splice(j + 1, 0, split.right);
    return splitBranch(node);
  }

  #remove(node: Node<V>, key: string, native: boolean): boolean {
    if (node.leaf) {
      const i = leafSlot(node.keys, key, native);
      if (node.keys[i] !== key) return false;
      node.keys.splice(i, 1);
      node.values.splice(i, 1);
      return true;
    }
    const j = childFor(node.keys, key, native);
    const child = node.children[j] as Node<V>;
    if (!this.#remove(child, key, native)) return false;
    if (underflows(child)) rebalanceChild(node, j);
    return true;
  }
}
