/**
 * Test oracle for the listing walkers: builds the full ordered item list naively (every key, sort,
 * filter) and slices a page, so the walkers' seeks and early exits can be checked against it.
 */
import { compareKeys } from './key-order.ts';

export interface RefVersion {
  readonly id: string;
  readonly dm: boolean;
}

type Item = { kind: 'key'; key: string; id: string; isLatest: boolean } | { kind: 'group'; prefix: string };

const itemKey = (i: Item): string => (i.kind === 'group' ? i.prefix : i.key);

function itemsOf(chains: ReadonlyMap<string, readonly RefVersion[]>, prefix: string, delimiter: string): Item[] {
  const items: Item[] = [];
  const groups = new Set<string>();
  for (const [key, chain] of chains) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (at >= 0) {
      const group = key.slice(0, at + delimiter.length);
      if (!groups.has(group)) items.push({ kind: 'group', prefix: group });
      groups.add(group);
      continue;
    }
    chain.forEach((v, i) => {
      items.push({ kind: 'key', key, id: v.id, isLatest: i === 0 });
    });
  }
  // Stable sort: versions of one key keep their newest-first order.
  return items.sort((a, b) => compareKeys(itemKey(a), itemKey(b)));
}

export interface RefPage {
  readonly items: string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

function page(items: Item[], maxKeys: number): RefPage {
  if (maxKeys <= 0) return { items: [], isTruncated: false };
  const shown = items.slice(0, maxKeys);
  const out = shown.map((i) => (i.kind === 'group' ? `CP:${i.prefix}` : `${i.key}#${i.id}${i.isLatest ? '*' : ''}`));
  const last = shown[shown.length - 1];
  if (items.length <= maxKeys || last === undefined) return { items: out, isTruncated: false };
  return {
    items: out,
    isTruncated: true,
    nextKeyMarker: itemKey(last),
    ...(last.kind === 'key' ? { nextVersionIdMarker: last.id } : {}),
  };
}

/** ListObjects: latest non-delete-marker version of each key; items strictly after the marker. */
export function refObjects(
  chains: ReadonlyMap<string, readonly RefVersion[]>,
  q: { prefix: string; delimiter: string; startAfter?: string; maxKeys: number },
): RefPage {
  const live = new Map<string, RefVersion[]>();
  for (const [k, chain] of chains) if (chain[0] !== undefined && !chain[0].dm) live.set(k, [chain[0]]);
  const after = q.startAfter;
  const items = itemsOf(live, q.prefix, q.delimiter).filter((i) => after === undefined || compareKeys(itemKey(i), after) > 0);
  return page(items, q.maxKeys);
}

/** ListObjectVersions: keys after the key marker, or versions after the version marker in that key. */
export function refVersions(
  chains: ReadonlyMap<string, readonly RefVersion[]>,
  q: { prefix: string; delimiter: string; keyMarker?: string; versionIdMarker?: string; maxKeys: number },
): RefPage {
  const { keyMarker, versionIdMarker } = q;
  const items = itemsOf(chains, q.prefix, q.delimiter).filter((i) => {
    if (keyMarker === undefined) return true;
    const c = compareKeys(itemKey(i), keyMarker);
    if (c !== 0 || i.kind === 'group' || versionIdMarker === undefined) return c > 0;
    const chain = chains.get(i.key) ?? [];
    const markerAt = chain.findIndex((v) => v.id === versionIdMarker);
    return markerAt >= 0 && chain.findIndex((v) => v.id === i.id) > markerAt;
  });
  return page(items, q.maxKeys);
}
