/**
 * The keys of one bucket: per key a chain of versions, and two sorted maps so both listings cost
 * O(log n + page): `chains` (every key with any version, for ListObjectVersions) and `live` (keys whose
 * latest version is not a delete marker, for ListObjects/V2). Point lookups go through a hash map:
 * a tree descent is ~20 string compares on cold memory at 1M keys. Both trees hold the key's chain
 * array itself, so a new version of an existing key touches no tree unless the key enters or leaves
 * `live`. Until some key's latest version is a delete marker, `live` IS `chains` (unversioned buckets
 * never have one): the separate tree is bulk-built in O(n) the first time it is needed, then kept.
 * Generic over the version record, which the caller describes at construction.
 */
import { SortedMap, type ReadonlySortedMap } from './sorted-map.ts';

export interface ObjectIndexOptions<V> {
  readonly isDeleteMarker: (version: V) => boolean;
  readonly versionId: (version: V) => string;
}

/** What readers (operations, listings) see of an index: writes go through the MetadataStore. */
export type ReadonlyObjectIndex<V> = Omit<ObjectIndex<V>, 'putVersion' | 'deleteVersion' | 'clear'>;

export class ObjectIndex<V> {
  // Chains are stored OLDEST first so adding a version is an O(1) push even on very long chains.
  readonly #byKey = new Map<string, V[]>();
  readonly #chains = new SortedMap<V[]>();
  /** undefined while every key is live (then `chains` serves ListObjects). */
  #live: SortedMap<V[]> | undefined;
  #versionCount = 0;
  readonly isDeleteMarker: (version: V) => boolean;
  readonly versionIdOf: (version: V) => string;

  constructor(options: ObjectIndexOptions<V>) {
    this.isDeleteMarker = options.isDeleteMarker;
    this.versionIdOf = options.versionId;
  }

  /** key -> versions, OLDEST first (the newest is the last element). */
  get chains(): ReadonlySortedMap<readonly V[]> {
    return this.#chains;
  }

  /** key -> versions (OLDEST first), only for keys whose latest version is not a delete marker. */
  get live(): ReadonlySortedMap<readonly V[]> {
    return this.#live ?? this.#chains;
  }

  /** Keys with at least one version (delete markers included). */
  get keyCount(): number {
    return this.#chains.size;
  }

  /** Keys whose latest version is an object (what ListObjects shows). */
  get liveCount(): number {
    return (this.#live ?? this.#chains).size;
  }

  /** All versions and delete markers of all keys. */
  get versionCount(): number {
    return this.#versionCount;
  }

  /** The newest version of a key, which may be a delete marker. */
  getLatest(key: string): V | undefined {
    const chain = this.#byKey.get(key);
    return chain === undefined ? undefined : chain[chain.length - 1];
  }

  /** A version by id; O(versions of the key), scanning from the newest. */
  getVersion(key: string, versionId: string): V | undefined {
    const chain = this.#byKey.get(key);
    if (chain === undefined) return undefined;
    const i = this.#indexOf(chain, versionId);
    return i < 0 ? undefined : chain[i];
  }

  /** The versions of a key, newest first (a new array). */
  versions(key: string): V[] {
    return [...(this.#byKey.get(key) ?? [])].reverse();
  }

  /**
   * Adds `version` as the newest of `key`. With `replaceVersionId` (the "null" version of an
   * unversioned or suspended bucket), the version with that id leaves the chain first and is
   * returned, so the caller can release its bytes.
   */
  putVersion(key: string, version: V, replaceVersionId?: string): V | undefined {
    const chain = this.#byKey.get(key);
    this.#versionCount++;
    if (chain === undefined) {
      const fresh = [version];
      this.#byKey.set(key, fresh);
      this.#chains.set(key, fresh);
      this.#updateLive(key, fresh, false);
      return undefined;
    }
    const wasLive = this.#isLive(chain);
    const replaced = replaceVersionId === undefined ? undefined : this.#removeAt(chain, this.#indexOf(chain, replaceVersionId));
    chain.push(version);
    this.#updateLive(key, chain, wasLive);
    return replaced;
  }

  /** Removes one version (or delete marker) for good and returns it; the key goes when its chain empties. */
  deleteVersion(key: string, versionId: string): V | undefined {
    const chain = this.#byKey.get(key);
    if (chain === undefined) return undefined;
    const wasLive = this.#isLive(chain);
    const removed = this.#removeAt(chain, this.#indexOf(chain, versionId));
    if (removed === undefined) return undefined;
    if (chain.length === 0) {
      this.#byKey.delete(key);
      this.#chains.delete(key);
    }
    this.#updateLive(key, chain, wasLive);
    return removed;
  }

  clear(): void {
    this.#byKey.clear();
    this.#chains.clear();
    this.#live = undefined;
    this.#versionCount = 0;
  }

  #indexOf(chain: readonly V[], versionId: string): number {
    for (let i = chain.length - 1; i >= 0; i--) {
      if (this.versionIdOf(chain[i] as V) === versionId) return i;
    }
    return -1;
  }

  #removeAt(chain: V[], i: number): V | undefined {
    if (i < 0) return undefined;
    this.#versionCount--;
    return chain.splice(i, 1)[0];
  }

  #isLive(chain: readonly V[]): boolean {
    const latest = chain[chain.length - 1];
    return latest !== undefined && !this.isDeleteMarker(latest);
  }

  /** Only a key entering or leaving `live` costs a tree operation (none while `live` is `chains`). */
  #updateLive(key: string, chain: V[], wasLive: boolean): void {
    const isLive = this.#isLive(chain);
    const live = this.#live;
    if (live === undefined) {
      if (!isLive && chain.length > 0) this.#live = this.#buildLive();
    } else if (isLive && !wasLive) live.set(key, chain);
    else if (!isLive && wasLive) live.delete(key);
  }

  #buildLive(): SortedMap<V[]> {
    const chains = this.#chains;
    return SortedMap.fromSorted((function* (isLive: (c: readonly V[]) => boolean) {
      for (const [key, chain] of chains.entries()) if (isLive(chain)) yield [key, chain] as const;
    })((c) => this.#isLive(c)));
  }
}
