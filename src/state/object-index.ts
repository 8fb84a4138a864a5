/**
 * The keys of one bucket: per key a chain of versions, and two sorted maps so both listings cost
 * O(log n + page): `chains` (every key with any version, for ListObjectVersions) and `live` (keys whose
 * latest version is not a delete marker, for ListObjects/V2). Generic over the version record, which
 * the caller describes at construction.
 */
import { SortedMap, type ReadonlySortedMap } from './sorted-map.ts';

export interface ObjectIndexOptions<V> {
  readonly isDeleteMarker: (version: V) => boolean;
  readonly versionId: (version: V) => string;
}

export class ObjectIndex<V> {
  // Chains are stored OLDEST first so adding a version is an O(1) push even on very long chains.
  readonly #chains = new SortedMap<V[]>();
  readonly #live = new SortedMap<V>();
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

  /** key -> latest version, only for keys whose latest version is not a delete marker. */
  get live(): ReadonlySortedMap<V> {
    return this.#live;
  }

  /** Keys with at least one version (delete markers included). */
  get keyCount(): number {
    return this.#chains.size;
  }

  /** Keys whose latest version is an object (what ListObjects shows). */
  get liveCount(): number {
    return this.#live.size;
  }

  /** All versions and delete markers of all keys. */
  get versionCount(): number {
    return this.#versionCount;
  }

  /** The newest version of a key, which may be a delete marker. */
  getLatest(key: string): V | undefined {
    const chain = this.#chains.get(key);
    return chain === undefined ? undefined : chain[chain.length - 1];
  }

  /** A version by id; O(versions of the key), scanning from the newest. */
  getVersion(key: string, versionId: string): V | undefined {
    const chain = this.#chains.get(key);
    if (chain === undefined) return undefined;
    const i = this.#indexOf(chain, versionId);
    return i < 0 ? undefined : chain[i];
  }

  /** The versions of a key, newest first (a new array). */
  versions(key: string): V[] {
    return [...(this.#chains.get(key) ?? [])].reverse();
  }

  /**
   * Adds `version` as the newest of `key`. With `replaceVersionId` (the "null" version of an
   * unversioned or suspended bucket), the version with that id leaves the chain first and is
   * returned, so the caller can release its bytes.
   */
  putVersion(key: string, version: V, replaceVersionId?: string): V | undefined {
    const chain = this.#chains.get(key);
    let replaced: V | undefined;
    if (chain === undefined) {
      this.#chains.set(key, [version]);
    } else {
      if (replaceVersionId !== undefined) replaced = this.#removeAt(chain, this.#indexOf(chain, replaceVersionId));
      chain.push(version);
    }
    this.#versionCount++;
    this.#refreshLive(key, version);
    return replaced;
  }

  /** Removes one version (or delete marker) for good and returns it; the key goes when its chain empties. */
  deleteVersion(key: string, versionId: string): V | undefined {
    const chain = this.#chains.get(key);
    if (chain === undefined) return undefined;
    const removed = this.#removeAt(chain, this.#indexOf(chain, versionId));
    if (removed === undefined) return undefined;
    const latest = chain[chain.length - 1];
    if (latest === undefined) this.#chains.delete(key);
    this.#refreshLive(key, latest);
    return removed;
  }

  clear(): void {
    this.#chains.clear();
    this.#live.clear();
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

  #refreshLive(key: string, latest: V | undefined): void {
    if (latest === undefined || this.isDeleteMarker(latest)) this.#live.delete(key);
    else this.#live.set(key, latest);
  }
}
