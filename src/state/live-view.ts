/**
 * The keys whose latest version is not a delete marker, read straight off the tree of every key:
 * what ListObjects walks while a bucket has few such markers, so no second tree has to exist (or be
 * built at once) for them. A walk steps over each hidden key it meets, so it costs O(log n + page +
 * hidden keys in the range); ObjectIndex keeps the hidden keys few while it serves this view.
 */
import type { ReadonlySortedMap, SortedCursor } from './sorted-map.ts';

class LiveCursor<V> implements SortedCursor<V> {
  readonly #inner: SortedCursor<V>;
  readonly #isLive: (value: V) => boolean;

  constructor(inner: SortedCursor<V>, isLive: (value: V) => boolean) {
    this.#inner = inner;
    this.#isLive = isLive;
    this.#settle();
  }

  get key(): string | undefined {
    return this.#inner.key;
  }

  get value(): V | undefined {
    return this.#inner.value;
  }

  next(): void {
    this.#inner.next();
    this.#settle();
  }

  skipPrefix(prefix: string): void {
    this.#inner.skipPrefix(prefix);
    this.#settle();
  }

  #settle(): void {
    while (this.#inner.key !== undefined && !this.#isLive(this.#inner.value as V)) this.#inner.next();
  }
}

function* onlyLive<V>(entries: IterableIterator<[string, V]>, isLive: (value: V) => boolean): Generator<[string, V], void, undefined> {
  for (const entry of entries) if (isLive(entry[1])) yield entry;
}

/** `all` filtered by `isLive`; `size` is told by the owner, which counts the hidden keys as they change. */
export class LiveView<V> implements ReadonlySortedMap<V> {
  readonly #all: ReadonlySortedMap<V>;
  readonly #isLive: (value: V) => boolean;
  readonly #size: () => number;

  constructor(all: ReadonlySortedMap<V>, isLive: (value: V) => boolean, size: () => number) {
    this.#all = all;
    this.#isLive = isLive;
    this.#size = size;
  }

  get size(): number {
    return this.#size();
  }

  get(key: string): V | undefined {
    const value = this.#all.get(key);
    return value !== undefined && this.#isLive(value) ? value : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  seek(start?: string, inclusive?: boolean): SortedCursor<V> {
    return new LiveCursor(this.#all.seek(start, inclusive), this.#isLive);
  }

  entriesFrom(start?: string, inclusive?: boolean): IterableIterator<[string, V]> {
    return onlyLive(this.#all.entriesFrom(start, inclusive), this.#isLive);
  }

  entriesPastPrefix(prefix: string): IterableIterator<[string, V]> {
    return onlyLive(this.#all.entriesPastPrefix(prefix), this.#isLive);
  }

  entries(): IterableIterator<[string, V]> {
    return onlyLive(this.#all.entries(), this.#isLive);
  }
}
