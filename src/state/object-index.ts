/**
 * The keys of one bucket: per key a chain of versions, and sorted maps so both listings cost
 * O(log n + page): `chains` (every key with any version, for ListObjectVersions) and `live` (keys whose
 * latest version is not a delete marker, for ListObjects/V2). Point lookups go through a hash map:
 * a tree descent is ~20 string compares on cold memory at 1M keys. Trees hold the key's chain
 * array itself, so a new version of an existing key touches no tree unless the key enters or leaves
 * `live`. While no key's latest version is a delete marker (unversioned buckets never have one),
 * `live` IS `chains`; while few are, it is `chains` read past them (LiveView). Past
 * `deadKeysBeforeTree` such keys a separate tree of live keys is built a slice per write (each
 * write copies enough keys that it is done before they double), so no request waits for an O(n) build.
 * Generic over the version record, which the caller describes at construction.
 */
import { LiveTreeBuild } from './live-build.ts';
import { LiveView } from './live-view.ts';
import { ShardedMap } from './sharded-map.ts';
import { SortedMap, type ReadonlySortedMap } from './sorted-map.ts';

/** Keys hidden behind a delete marker that ListObjects may step over before a tree of live keys is built. */
const DEAD_KEYS_BEFORE_TREE = 1024;
/** The fewest keys a write copies into a tree of live keys being built. */
const MIN_BUILD_STEP = 64;

export interface ObjectIndexOptions<V> {
  readonly isDeleteMarker: (version: V) => boolean;
  readonly versionId: (version: V) => string;
  /** For tests: how many keys may be hidden behind a delete marker before the live tree is built. */
  readonly deadKeysBeforeTree?: number;
}

/** What readers (operations, listings) see of an index: writes go through the MetadataStore. */
export type ReadonlyObjectIndex<V> = Omit<ObjectIndex<V>, 'putVersion' | 'deleteVersion' | 'clear'>;

export class ObjectIndex<V> {
  // Chains are stored OLDEST first so adding a version is an O(1) push even on very long chains.
  // Sharded: one Map's rehash at a million keys would hold the event loop for tens of ms.
  readonly #byKey = new ShardedMap<V[]>();
  readonly #chains = new SortedMap<V[]>();
  /** The tree of live keys once built; until then `chains` (or the LiveView of it) serves ListObjects. */
  #live: SortedMap<V[]> | undefined;
  #build: LiveTreeBuild<V[]> | undefined;
  readonly #liveView: LiveView<V[]>;
  /** Keys whose latest version is a delete marker. */
  #deadCount = 0;
  #versionCount = 0;
  readonly #deadKeysBeforeTree: number;
  readonly isDeleteMarker: (version: V) => boolean;
  readonly versionIdOf: (version: V) => string;

  constructor(options: ObjectIndexOptions<V>) {
    this.isDeleteMarker = options.isDeleteMarker;
    this.versionIdOf = options.versionId;
    this.#deadKeysBeforeTree = options.deadKeysBeforeTree ?? DEAD_KEYS_BEFORE_TREE;
    this.#liveView = new LiveView<V[]>(this.#chains, (chain) => this.#isLive(chain), () => this.liveCount);
  }

  /** key -> versions, OLDEST first (the newest is the last element). */
  get chains(): ReadonlySortedMap<readonly V[]> {
    return this.#chains;
  }

  /** key -> versions (OLDEST first), only for keys whose latest version is not a delete marker. */
  get live(): ReadonlySortedMap<readonly V[]> {
    if (this.#live !== undefined) return this.#live;
    return this.#deadCount === 0 ? this.#chains : this.#liveView;
  }

  /** Keys with at least one version (delete markers included). */
  get keyCount(): number {
    return this.#chains.size;
  }

  /** Keys whose latest version is an object (what ListObjects shows). */
  get liveCount(): number {
    return this.#chains.size - this.#deadCount;
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
      this.#updateLive(key, fresh, false, false);
      return undefined;
    }
    const wasLive = this.#isLive(chain);
    const wasDead = this.#isDead(chain);
    const replaced = replaceVersionId === undefined ? undefined : this.#removeAt(chain, this.#indexOf(chain, replaceVersionId));
    chain.push(version);
    this.#updateLive(key, chain, wasLive, wasDead);
    return replaced;
  }

  /** Removes one version (or delete marker) for good and returns it; the key goes when its chain empties. */
  deleteVersion(key: string, versionId: string): V | undefined {
    const chain = this.#byKey.get(key);
    if (chain === undefined) return undefined;
    const wasLive = this.#isLive(chain);
    const wasDead = this.#isDead(chain);
    const removed = this.#removeAt(chain, this.#indexOf(chain, versionId));
    if (removed === undefined) return undefined;
    if (chain.length === 0) {
      this.#byKey.delete(key);
      this.#chains.delete(key);
    }
    this.#updateLive(key, chain, wasLive, wasDead);
    return removed;
  }

  clear(): void {
    this.#byKey.clear();
    this.#chains.clear();
    this.#live = undefined;
    this.#build = undefined;
    this.#deadCount = 0;
    this.#versionCount = 0;
  }

  #indexOf(chain: readonly V[], versionId: string): number {
    for (let i = chain.length - 1; i >= 0; i--) {
      if (this.versionIdOf(chain[i] as V) === versionId) return i;
    }
    return -1;
  }

  /** Shifts the newer versions down instead of splice, which allocates an array per removal. */
  #removeAt(chain: V[], i: number): V | undefined {
    if (i < 0) return undefined;
    this.#versionCount--;
    const removed = chain[i];
    for (let j = i + 1; j < chain.length; j++) chain[j - 1] = chain[j] as V;
    chain.pop();
    return removed;
  }

  #isLive(chain: readonly V[]): boolean {
    const latest = chain[chain.length - 1];
    return latest !== undefined && !this.isDeleteMarker(latest);
  }

  #isDead(chain: readonly V[]): boolean {
    const latest = chain[chain.length - 1];
    return latest !== undefined && this.isDeleteMarker(latest);
  }

  /** Counts hidden keys; only a key entering or leaving `live` costs a tree operation, once a tree exists. */
  #updateLive(key: string, chain: V[], wasLive: boolean, wasDead: boolean): void {
    const isLive = this.#isLive(chain);
    this.#deadCount += Number(this.#isDead(chain)) - Number(wasDead);
    const build = this.#build;
    const tree = this.#live ?? (build !== undefined && build.passed(key) ? build.tree : undefined);
    if (tree !== undefined) {
      if (isLive && !wasLive) tree.set(key, chain);
      else if (!isLive && wasLive) tree.delete(key);
    }
    if (this.#live === undefined) this.#advanceBuild();
  }

  /** Starts the live tree past the threshold; each write then copies a share sized to finish it in time. */
  #advanceBuild(): void {
    let build = this.#build;
    if (build === undefined) {
      if (this.#deadCount <= this.#deadKeysBeforeTree) return;
      build = this.#build = new LiveTreeBuild<V[]>(this.#chains, (chain) => this.#isLive(chain));
    }
    const share = Math.ceil(this.#chains.size / Math.max(1, this.#deadKeysBeforeTree));
    if (!build.step(Math.max(MIN_BUILD_STEP, share))) return;
    this.#live = build.tree;
    this.#build = undefined;
  }
}
