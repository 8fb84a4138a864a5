/**
 * B+tree nodes for SortedMap: searches, splits and the borrow/merge that keeps every non-root node at
 * least half full. A branch separator keys[i] bounds its neighbours: every key under children[i] is
 * < keys[i] <= every key under children[i + 1]. After a delete a separator may name a key that is gone;
 * it is still a valid bound, so it is left alone.
 */
import { keyLess } from './key-order.ts';

/** 64 keys a leaf / 64 children a branch: 1M keys stay 4 levels deep and splices move little. */
const LEAF_MAX = 64;
const LEAF_MIN = LEAF_MAX >> 1;
const BRANCH_MAX = 64;
const BRANCH_MIN = BRANCH_MAX >> 1;

export interface Leaf<V> {
  readonly leaf: true;
  keys: string[];
  values: V[];
  next: Leaf<V> | undefined;
}

export interface Branch<V> {
  readonly leaf: false;
  keys: string[];
  children: Node<V>[];
}

export type Node<V> = Leaf<V> | Branch<V>;

export function newLeaf<V>(keys: string[] = [], values: V[] = [], next?: Leaf<V>): Leaf<V> {
  return { leaf: true, keys, values, next };
}

/** Index of the first leaf key >= key. */
export function leafSlot(keys: readonly string[], key: string, native: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyLess(keys[mid] as string, key, native)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the child holding `key`: the number of separators <= key. */
export function childFor(keys: readonly string[], key: string, native: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyLess(key, keys[mid] as string, native)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first key (from `from` on) satisfying a predicate that is false then true along the keys. */
export function firstWhere(keys: readonly string[], pred: (key: string) => boolean, from = 0): number {
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(keys[mid] as string)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Splits an overfull leaf in two, linking the new right half after it. */
export function splitLeaf<V>(leaf: Leaf<V>): { separator: string; right: Leaf<V> } | undefined {
  if (leaf.keys.length <= LEAF_MAX) return undefined;
  const mid = leaf.keys.length >> 1;
  const right = newLeaf(leaf.keys.splice(mid), leaf.values.splice(mid), leaf.next);
  leaf.next = right;
  return { separator: right.keys[0] as string, right };
}

/** Splits an overfull branch; its middle separator moves up to the parent. */
export function splitBranch<V>(node: Branch<V>): { separator: string; right: Branch<V> } | undefined {
  if (node.children.length <= BRANCH_MAX) return undefined;
  const mid = node.keys.length >> 1;
  const separator = node.keys[mid] as string;
  const right: Branch<V> = { leaf: false, keys: node.keys.splice(mid + 1), children: node.children.splice(mid + 1) };
  node.keys.length = mid;
  return { separator, right };
}

export function underflows<V>(node: Node<V>): boolean {
  return node.leaf ? node.keys.length < LEAF_MIN : node.children.length < BRANCH_MIN;
}

function canLend<V>(node: Node<V> | undefined): node is Node<V> {
  return node !== undefined && (node.leaf ? node.keys.length > LEAF_MIN : node.children.length > BRANCH_MIN);
}

/** Restores the fill of parent.children[j] by borrowing from a sibling, or else merging with one. */
export function rebalanceChild<V>(parent: Branch<V>, j: number): void {
  const left = parent.children[j - 1];
  const right = parent.children[j + 1];
  if (canLend(left)) borrowFromLeft(parent, j);
  else if (canLend(right)) borrowFromRight(parent, j);
  else if (left !== undefined) mergeWithNext(parent, j - 1);
  else if (right !== undefined) mergeWithNext(parent, j);
}

function borrowFromLeft<V>(parent: Branch<V>, j: number): void {
  const left = parent.children[j - 1] as Node<V>;
  const child = parent.children[j] as Node<V>;
  if (left.leaf && child.leaf) {
    child.keys.unshift(left.keys.pop() as string);
    child.values.unshift(left.values.pop() as V);
    parent.keys[j - 1] = child.keys[0] as string;
  } else if (!left.leaf && !child.leaf) {
    child.keys.unshift(parent.keys[j - 1] as string);
    child.children.unshift(left.children.pop() as Node<V>);
    parent.keys[j - 1] = left.keys.pop() as string;
  }
}

function borrowFromRight<V>(parent: Branch<V>, j: number): void {
  const child = parent.children[j] as Node<V>;
  const right = parent.children[j + 1] as Node<V>;
  if (child.leaf && right.leaf) {
    child.keys.push(right.keys.shift() as string);
    child.values.push(right.values.shift() as V);
    parent.keys[j] = right.keys[0] as string;
  } else if (!child.leaf && !right.leaf) {
    child.keys.push(parent.keys[j] as string);
    child.children.push(right.children.shift() as Node<V>);
    parent.keys[j] = right.keys.shift() as string;
  }
}

/** Merges parent.children[i + 1] into parent.children[i] and drops their separator. */
function mergeWithNext<V>(parent: Branch<V>, i: number): void {
  const a = parent.children[i] as Node<V>;
  const b = parent.children[i + 1] as Node<V>;
  if (a.leaf && b.leaf) {
    for (const k of b.keys) a.keys.push(k);
    for (const v of b.values) a.values.push(v);
    a.next = b.next;
  } else if (!a.leaf && !b.leaf) {
    a.keys.push(parent.keys[i] as string);
    for (const k of b.keys) a.keys.push(k);
    for (const c of b.children) a.children.push(c);
  }
  parent.keys.splice(i, 1);
  parent.children.splice(i + 1, 1);
}

/** Throws if the tree breaks an invariant (order, fill, separator bounds, depth, leaf links, size). */
export function checkTree<V>(root: Node<V>, size: number, compare: (a: string, b: string) => number): void {
  const leaves: Leaf<V>[] = [];
  const depths = new Set<number>();
  const visit = (node: Node<V>, low: string | undefined, high: string | undefined, depth: number): void => {
    if (depth > 0 && underflows(node)) throw new Error('node below minimum fill');
    const inRange = (k: string): boolean =>
      (low === undefined || compare(k, low) >= 0) && (high === undefined || compare(k, high) < 0);
    if (!node.keys.every(inRange)) throw new Error('key outside its separators');
    for (let i = 1; i < node.keys.length; i++) {
      if (compare(node.keys[i - 1] as string, node.keys[i] as string) >= 0) throw new Error('keys out of order');
    }
    if (node.leaf) {
      if (node.keys.length !== node.values.length) throw new Error('leaf keys/values mismatch');
      if (node.keys.length > LEAF_MAX) throw new Error('leaf overfull');
      depths.add(depth);
      leaves.push(node);
      return;
    }
    if (node.children.length !== node.keys.length + 1) throw new Error('branch arity mismatch');
    if (node.children.length > BRANCH_MAX) throw new Error('branch overfull');
    node.children.forEach((c, i) => {
      visit(c, i === 0 ? low : node.keys[i - 1], node.keys[i] ?? high, depth + 1);
    });
  };
  visit(root, undefined, undefined, 0);
  if (depths.size > 1) throw new Error('leaves at different depths');
  leaves.forEach((leaf, i) => {
    if (leaf.next !== leaves[i + 1]) throw new Error('broken leaf link');
  });
  if (leaves.reduce((n, l) => n + l.keys.length, 0) !== size) throw new Error('size mismatch');
}

/** Sizes for splitting n items into the fewest runs of at most `max`, as even as possible (each >= max/2). */
function evenRuns(n: number, max: number): number[] {
  const runs = Math.max(1, Math.ceil(n / max));
  return Array.from({ length: runs }, (_, i) => Math.floor((n * (i + 1)) / runs) - Math.floor((n * i) / runs));
}

/** Builds a tree bottom-up from keys already in ascending S3 order: O(n), no comparisons. */
export function buildTree<V>(keys: string[], values: V[]): Node<V> {
  let level: Node<V>[] = [];
  let mins: string[] = [];
  let at = 0;
  let previous: Leaf<V> | undefined;
  for (const size of evenRuns(keys.length, LEAF_MAX)) {
    const leaf = newLeaf(keys.slice(at, at + size), values.slice(at, at + size));
    if (previous !== undefined) previous.next = leaf;
    previous = leaf;
    level.push(leaf);
    mins.push(keys[at] as string);
    at += size;
  }
  while (level.length > 1) {
    const parents: Node<V>[] = [];
    const parentMins: string[] = [];
    at = 0;
    for (const size of evenRuns(level.length, BRANCH_MAX)) {
      parents.push({ leaf: false, keys: mins.slice(at + 1, at + size), children: level.slice(at, at + size) });
      parentMins.push(mins[at] as string);
      at += size;
    }
    level = parents;
    mins = parentMins;
  }
  return level[0] as Node<V>;
}
