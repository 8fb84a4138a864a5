/**
 * Listing walkers: one page of ListObjects/V2 or ListObjectVersions, in O(log n + page). Operations
 * only map the records to output shapes. S3 semantics, as recorded against AWS in LocalStack's
 * tests/aws/services/s3/test_s3_list_operations.snapshot.json:
 * - a key whose remainder after the prefix contains the delimiter rolls up into the CommonPrefix
 *   prefix + remainder up to and including the delimiter; each CommonPrefix counts as one toward
 *   max-keys, and the walk then seeks past every key under it instead of visiting them;
 * - a marker inside a rolled-up group skips the whole group (that CommonPrefix was already listed);
 * - max-keys 0 answers an empty, not truncated page;
 * - IsTruncated is true only if another item would follow.
 */
import { compareKeys } from './key-order.ts';
import type { ReadonlyObjectIndex } from './object-index.ts';
import type { ReadonlySortedMap, SortedCursor } from './sorted-map.ts';

export interface WalkObjectsOptions {
  readonly prefix?: string;
  /** Any non-empty string (multi-character allowed); empty or absent means no roll-up. */
  readonly delimiter?: string;
  /** Exclusive start: the marker, decoded continuation token or start-after, resolved by the caller. */
  readonly startAfter?: string;
  readonly maxKeys: number;
}

export interface ObjectsPage<V> {
  readonly contents: { key: string; value: V }[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** Only when truncated: the last key or CommonPrefix of this page (NextMarker / continuation). */
  readonly nextMarker?: string;
}

export interface WalkVersionsOptions<V> {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Alone: start after every version of this key. With versionIdMarker: after that version of it. */
  readonly keyMarker?: string;
  readonly versionIdMarker?: string;
  readonly maxKeys: number;
  /**
   * When versionIdMarker is no longer in the key's chain (it was deleted), AWS resumes at the first
   * version older than it. Ids carry no order here, so the caller may say which versions are older;
   * without this the rest of that key is skipped (no duplicates, possibly a gap).
   */
  readonly isOlderThanMarker?: (version: V) => boolean;
}

export interface VersionEntry<V> {
  readonly key: string;
  readonly value: V;
  readonly isLatest: boolean;
}

export interface VersionsPage<V> {
  /** Keys ascending, each key's versions newest first; versions and delete markers interleaved. */
  readonly entries: VersionEntry<V>[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** Only when truncated: the last key or CommonPrefix of this page. */
  readonly nextKeyMarker?: string;
  /** Only when truncated and the page ended on a version (not a CommonPrefix). */
  readonly nextVersionIdMarker?: string;
}

/** The CommonPrefix that `key` rolls up into, or undefined if it is listed itself. */
export function rollUp(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter || !key.startsWith(prefix)) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** Opens the walk at the first candidate key at or after prefix, honouring the marker. */
function openWalk<T>(
  map: ReadonlySortedMap<T>,
  prefix: string,
  delimiter: string | undefined,
  marker: string | undefined,
  includeMarker: boolean,
): SortedCursor<T> {
  if (marker === undefined || compareKeys(marker, prefix) < 0) return map.seek(prefix, true);
  const group = rollUp(marker, prefix, delimiter);
  if (group === undefined) return map.seek(marker, includeMarker);
  const cursor = map.seek(group, true);
  cursor.skipPrefix(group);
  return cursor;
}

interface Walk<T> {
  readonly map: ReadonlySortedMap<T>;
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly commonPrefixes: string[];
  count: number;
  truncated: boolean;
  /** The last key or CommonPrefix listed, and whether it was a CommonPrefix. */
  lastKey: string | undefined;
  endedOnGroup: boolean;
}

/**
 * Drives a walk: stops past the prefix range; rolls keys up (one item each, then seeks past the
 * group); hands every other key to `emit`, which returns false once the page is full.
 */
function drive<T>(walk: Walk<T>, cursor: SortedCursor<T>, emit: (key: string, value: T) => boolean): void {
  for (let key = cursor.key; key !== undefined; key = cursor.key) {
    // Walks start at or after the prefix, so the first key without it is past every prefixed key.
    if (!key.startsWith(walk.prefix)) return;
    const group = rollUp(key, walk.prefix, walk.delimiter);
    if (group === undefined) {
      if (!emit(key, cursor.value as T)) return;
      cursor.next();
      continue;
    }
    if (walk.count === walk.maxKeys) {
      walk.truncated = true;
      return;
    }
    walk.commonPrefixes.push(group);
    walk.lastKey = group;
    walk.endedOnGroup = true;
    walk.count++;
    cursor.skipPrefix(group);
  }
}

function newWalk<T>(map: ReadonlySortedMap<T>, prefix: string, delimiter: string | undefined, maxKeys: number): Walk<T> {
  return { map, prefix, delimiter: delimiter || undefined, maxKeys, commonPrefixes: [], count: 0, truncated: false, lastKey: undefined, endedOnGroup: false };
}

/** One page of ListObjects / ListObjectsV2 over the keys whose latest version is not a delete marker. */
export function walkObjects<V>(index: { readonly live: ReadonlySortedMap<readonly V[]> }, options: WalkObjectsOptions): ObjectsPage<V> {
  const prefix = options.prefix ?? '';
  const walk = newWalk(index.live, prefix, options.delimiter, options.maxKeys);
  const contents: { key: string; value: V }[] = [];
  if (options.maxKeys <= 0) return { contents, commonPrefixes: [], isTruncated: false };
  drive(walk, openWalk(walk.map, prefix, walk.delimiter, options.startAfter, false), (key, chain) => {
    if (walk.count === walk.maxKeys) {
      walk.truncated = true;
      return false;
    }
    contents.push({ key, value: chain[chain.length - 1] as V });
    walk.lastKey = key;
    walk.count++;
    return true;
  });
  const page = { contents, commonPrefixes: walk.commonPrefixes, isTruncated: walk.truncated };
  return walk.truncated ? { ...page, nextMarker: walk.lastKey } : page;
}

/** Where in a chain (newest-first position) the walk resumes for the key-marker key. */
function resumeIndex<V>(index: ReadonlyObjectIndex<V>, chain: readonly V[], options: WalkVersionsOptions<V>): number {
  const marker = options.versionIdMarker as string;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (index.versionIdOf(chain[i] as V) === marker) return i - 1;
  }
  const older = options.isOlderThanMarker;
  if (older === undefined) return -1;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (older(chain[i] as V)) return i;
  }
  return -1;
}

/** One page of ListObjectVersions. */
export function walkVersions<V>(index: ReadonlyObjectIndex<V>, options: WalkVersionsOptions<V>): VersionsPage<V> {
  const prefix = options.prefix ?? '';
  const walk = newWalk(index.chains, prefix, options.delimiter, options.maxKeys);
  const entries: VersionEntry<V>[] = [];
  if (options.maxKeys <= 0) return { entries, commonPrefixes: [], isTruncated: false };
  const { keyMarker, versionIdMarker } = options;
  const resumeInKey = keyMarker !== undefined && versionIdMarker !== undefined;
  let lastVersionId: string | undefined;
  drive(walk, openWalk(walk.map, prefix, walk.delimiter, keyMarker, resumeInKey), (key, chain) => {
    const newest = chain.length - 1;
    const from = resumeInKey && key === keyMarker ? resumeIndex(index, chain, options) : newest;
    for (let i = from; i >= 0; i--) {
      if (walk.count === walk.maxKeys) {
        walk.truncated = true;
        return false;
      }
      const value = chain[i] as V;
      entries.push({ key, value, isLatest: i === newest });
      walk.lastKey = key;
      walk.endedOnGroup = false;
      lastVersionId = index.versionIdOf(value);
      walk.count++;
    }
    return true;
  });
  const page = { entries, commonPrefixes: walk.commonPrefixes, isTruncated: walk.truncated };
  if (!walk.truncated) return page;
  return { ...page, nextKeyMarker: walk.lastKey, ...(walk.endedOnGroup ? {} : { nextVersionIdMarker: lastVersionId }) };
}
