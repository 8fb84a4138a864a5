/**
 * Micro-benchmark of the sorted key index: builds object indexes of 1k..1M keys (and 1k..1M
 * versions) and times one 1000-item listing page from the middle of the keyspace, with and without a
 * delimiter. Page cost should stay flat as n grows (O(log n + page)).
 * Run: npx bun scripts/bench-index.ts [maxN]
 */
import { walkObjects, walkVersions } from '../src/state/list-walk.ts';
import { ObjectIndex } from '../src/state/object-index.ts';

interface Rec {
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
const PAGE = 1000;
const VERSIONS_PER_KEY = 4;

/** 10 keys per "directory", so a delimiter listing yields one CommonPrefix per 10 keys. */
const keyOf = (i: number): string => `data/g${String(Math.floor(i / 10)).padStart(7, '0')}/obj-${i % 10}.bin`;

function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = 12345;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

function newIndex(): ObjectIndex<Rec> {
  return new ObjectIndex<Rec>({ isDeleteMarker: (r) => r.isDeleteMarker, versionId: (r) => r.versionId });
}

/** Median microseconds of `fn` over enough runs to be stable. */
function timeUs(fn: () => number): { us: number; items: number } {
  let items = 0;
  for (let i = 0; i < 20; i++) items = fn();
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    fn();
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { us: samples[samples.length >> 1] as number, items };
}

/** Milliseconds to put one null version per key, in the given order. */
function fill(index: ObjectIndex<Rec>, keys: readonly string[], order: readonly number[]): number {
  const t0 = performance.now();
  for (const i of order) index.putVersion(keys[i] as string, { versionId: 'null', isDeleteMarker: false }, 'null');
  return performance.now() - t0;
}

function benchKeys(n: number): string[] {
  // Flat strings, as keys decoded from a request are (template results start as ropes in JSC).
  const keys = Array.from({ length: n }, (_, i) => keyOf(i).split('').join(''));
  const sortedMs = fill(newIndex(), keys, keys.map((_, i) => i));
  const index = newIndex();
  const insertMs = fill(index, keys, shuffled(n));
  const mid = keys[n >> 1] as string;
  const flat = timeUs(() => walkObjects(index, { startAfter: mid, maxKeys: PAGE }).contents.length);
  const grouped = timeUs(() => {
    const p = walkObjects(index, { prefix: 'data/', delimiter: '/', startAfter: mid, maxKeys: PAGE });
    return p.contents.length + p.commonPrefixes.length;
  });
  const get = timeUs(() => (index.getLatest(mid) === undefined ? 0 : 1));
  return [n.toLocaleString('en'), `${sortedMs.toFixed(0)} ms`, `${insertMs.toFixed(0)} ms`, `${((insertMs * 1000) / n).toFixed(2)} us`,
    `${flat.us.toFixed(0)} us (${flat.items})`, `${grouped.us.toFixed(0)} us (${grouped.items})`, `${(get.us * 1000).toFixed(0)} ns`];
}

function benchVersions(n: number): string[] {
  const keyCount = n / VERSIONS_PER_KEY;
  const order = shuffled(n);
  const keys = Array.from({ length: keyCount }, (_, i) => keyOf(i).split('').join(''));
  const index = newIndex();
  const t0 = performance.now();
  for (const i of order) {
    index.putVersion(keys[i % keyCount] as string, { versionId: `v${String(i).padStart(8, '0')}`, isDeleteMarker: i % 7 === 0 });
  }
  const insertMs = performance.now() - t0;
  const mid = keyOf(keyCount >> 1);
  const flat = timeUs(() => walkVersions(index, { keyMarker: mid, maxKeys: PAGE }).entries.length);
  const grouped = timeUs(() => {
    const p = walkVersions(index, { prefix: 'data/', delimiter: '/', keyMarker: mid, maxKeys: PAGE });
    return p.entries.length + p.commonPrefixes.length;
  });
  return [n.toLocaleString('en'), `${insertMs.toFixed(0)} ms`, `${flat.us.toFixed(0)} us (${flat.items})`, `${grouped.us.toFixed(0)} us (${grouped.items})`];
}

function table(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((x, c) => x.padStart(widths[c] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const maxN = Number(process.argv[2] ?? SIZES[SIZES.length - 1]);
const sizes = SIZES.filter((n) => n <= maxN);
table('ListObjects: one version per key (PUT on an unversioned bucket); 1000-item page from the middle (items in parentheses)',
  ['keys', 'insert sorted', 'insert random', 'per random insert', 'page, no delimiter', "page, delimiter '/'", 'getLatest'],
  sizes.map(benchKeys));
table(`ListObjectVersions: ${VERSIONS_PER_KEY} versions per key, versions put in random order (every 7th a delete marker); page from the middle`,
  ['versions', 'insert random', 'page, no delimiter', "page, delimiter '/'"],
  sizes.map(benchVersions));
