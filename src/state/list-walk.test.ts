import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order.ts';
import { walkObjects, walkVersions, type ObjectsPage, type VersionsPage } from './list-walk.ts';
import { refObjects, refVersions, type RefPage, type RefVersion } from './list-walk-reference.test-helper.ts';
import { ObjectIndex } from './object-index.ts';
import { pick, randomKey, seeded, type Rand } from './random.test-helper.ts';
import { SortedMap } from './sorted-map.ts';

type Chains = Map<string, RefVersion[]>;

function build(chains: Chains): ObjectIndex<RefVersion> {
  const index = new ObjectIndex<RefVersion>({ isDeleteMarker: (v) => v.dm, versionId: (v) => v.id });
  for (const [key, chain] of chains) for (const v of [...chain].reverse()) index.putVersion(key, v);
  return index;
}

/**
 * The same chains in key order, for the reference: it sorts every item list it builds, and sorting
 * items that arrive in order is nearly linear, where the 5000-key rounds spent most of this file's time.
 */
function inKeyOrder(chains: Chains): Chains {
  return new Map([...chains].sort(([a], [b]) => compareKeys(a, b)));
}

function randomChains(rand: Rand, keys: number): Chains {
  const chains: Chains = new Map();
  let n = 0;
  for (let i = 0; i < keys; i++) {
    const versions = 1 + Math.floor(rand() * rand() * 4);
    chains.set(randomKey(rand, 6), Array.from({ length: versions }, () => ({ id: `v${n++}`, dm: rand() < 0.2 })));
  }
  return chains;
}

function objectsAsRef(p: ObjectsPage<RefVersion>): RefPage {
  const items = [...p.contents.map((c) => ({ k: c.key, s: `${c.key}#${c.value.id}*` })), ...p.commonPrefixes.map((g) => ({ k: g, s: `CP:${g}` }))];
  // The walker returns contents and prefixes apart; the reference interleaves them in key order.
  items.sort((a, b) => compareKeys(a.k, b.k));
  const out = { items: items.map((i) => i.s), isTruncated: p.isTruncated };
  return p.nextMarker === undefined ? out : { ...out, nextKeyMarker: p.nextMarker };
}

function versionsAsRef(p: VersionsPage<RefVersion>, order: string[]): RefPage {
  const out = { items: order, isTruncated: p.isTruncated };
  return {
    ...out,
    ...(p.nextKeyMarker !== undefined ? { nextKeyMarker: p.nextKeyMarker } : {}),
    ...(p.nextVersionIdMarker !== undefined ? { nextVersionIdMarker: p.nextVersionIdMarker } : {}),
  };
}

/** Rebuilds the interleaved order of a versions page: entries and prefixes merged by key. */
function versionsOrder(p: VersionsPage<RefVersion>): string[] {
  const tagged = [
    ...p.entries.map((e, i) => ({ k: e.key, i, s: `${e.key}#${e.value.id}${e.isLatest ? '*' : ''}` })),
    ...p.commonPrefixes.map((g, i) => ({ k: g, i, s: `CP:${g}` })),
  ];
  return tagged.sort((a, b) => compareKeys(a.k, b.k) || a.i - b.i).map((t) => t.s);
}

const DELIMITERS = ['', '/', '/', '-', 'b/', '\u{1F600}', 'ab'];

function randomMarker(rand: Rand, chains: Chains): string | undefined {
  const r = rand();
  if (r < 0.25) return undefined;
  const existing = pick(rand, [...chains.keys()]);
  if (r < 0.6) return existing;
  if (r < 0.8) return existing.slice(0, 1 + Math.floor(rand() * existing.length));
  return randomKey(rand, 4);
}

describe('walkObjects against the naive reference', () => {
  it('matches on thousands of random prefix/delimiter/marker/max-keys combinations', () => {
    const rand = seeded(21);
    for (let round = 0; round < 40; round++) {
      const chains = randomChains(rand, round % 8 === 0 ? 5000 : 1 + Math.floor(rand() * 400));
      const index = build(chains);
      const ordered = inKeyOrder(chains);
      for (let q = 0; q < 100; q++) {
        const query = {
          prefix: rand() < 0.4 ? '' : randomKey(rand, 2),
          delimiter: pick(rand, DELIMITERS),
          startAfter: randomMarker(rand, chains),
          maxKeys: rand() < 0.1 ? 0 : rand() < 0.1 ? 1000 : 1 + Math.floor(rand() * 8),
        };
        const got = objectsAsRef(walkObjects(index, query));
        const { nextVersionIdMarker: _unused, ...expected } = refObjects(ordered, query);
        expect(got, JSON.stringify(query)).toEqual(expected);
      }
    }
  });

  it('pages through everything exactly once by following nextMarker', () => {
    const rand = seeded(22);
    for (let round = 0; round < 30; round++) {
      const chains = randomChains(rand, 300);
      const index = build(chains);
      const prefix = rand() < 0.5 ? '' : randomKey(rand, 1);
      const delimiter = pick(rand, DELIMITERS);
      const all = refObjects(chains, { prefix, delimiter, maxKeys: 100_000 }).items;
      const seen: string[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = walkObjects(index, { prefix, delimiter, startAfter, maxKeys: 1 + Math.floor(rand() * 7) });
        seen.push(...objectsAsRef(page).items);
        if (!page.isTruncated) break;
        startAfter = page.nextMarker;
      }
      expect(seen).toEqual(all);
    }
  });
});

/** One random change to both the index and the model: mostly delete markers, so a bucket's live keys thin out. */
function randomChange(rand: Rand, index: ObjectIndex<RefVersion>, chains: Chains, id: string): void {
  const r = rand();
  const key = r < 0.1 ? randomKey(rand, 6) : pick(rand, [...chains.keys()]);
  const chain = chains.get(key) ?? [];
  if (r < 0.75 || chain.length === 0) {
    const v = { id, dm: r >= 0.1 && r < 0.6 };
    index.putVersion(key, v);
    chains.set(key, [v, ...chain]);
    return;
  }
  // Deleting the newest version (a marker, often) brings the key back; any other just shortens the chain.
  const victim = rand() < 0.5 ? (chain[0] as RefVersion) : pick(rand, chain);
  index.deleteVersion(key, victim.id);
  const rest = chain.filter((v) => v !== victim);
  if (rest.length > 0) chains.set(key, rest);
  else chains.delete(key);
}

function phaseOf(index: ObjectIndex<RefVersion>): string {
  if (index.live === index.chains) return 'every key live';
  return index.live instanceof SortedMap ? 'tree of live keys' : 'keys read past markers';
}

describe('walkObjects while delete markers come and go', () => {
  it('matches the reference after every change: no markers, few, the live tree being built, built', () => {
    const rand = seeded(23);
    for (const deadKeysBeforeTree of [0, 8, 64]) {
      const chains: Chains = new Map();
      for (let i = 0; i < 1000; i++) chains.set(randomKey(rand, 6), [{ id: `v${i}`, dm: false }]);
      const index = new ObjectIndex<RefVersion>({ isDeleteMarker: (v) => v.dm, versionId: (v) => v.id, deadKeysBeforeTree });
      for (const [key, chain] of chains) index.putVersion(key, chain[0] as RefVersion);
      const phases = new Set<string>();
      for (let step = 0; step < 200; step++) {
        randomChange(rand, index, chains, `c${step}`);
        phases.add(phaseOf(index));
        expect(index.liveCount).toBe([...chains.values()].filter((c) => c[0]?.dm === false).length);
        for (let q = 0; q < 3; q++) {
          const query = {
            prefix: rand() < 0.5 ? '' : randomKey(rand, 1),
            delimiter: pick(rand, DELIMITERS),
            startAfter: randomMarker(rand, chains),
            maxKeys: 1 + Math.floor(rand() * 40),
          };
          const { nextVersionIdMarker: _unused, ...expected } = refObjects(chains, query);
          expect(objectsAsRef(walkObjects(index, query)), `${deadKeysBeforeTree} ${step} ${JSON.stringify(query)}`).toEqual(expected);
        }
      }
      // With no markers allowed before a tree, the first one builds it whole, as before the LiveView.
      const expectedPhases = deadKeysBeforeTree === 0 ? ['tree of live keys'] : ['keys read past markers', 'tree of live keys'];
      expect([...phases]).toEqual(expect.arrayContaining(expectedPhases));
      const tree = index.live;
      if (tree instanceof SortedMap) tree.checkInvariants();
      expect([...index.live.entries()].map(([k]) => k)).toEqual(refObjects(chains, { prefix: '', delimiter: '', maxKeys: 1e6 }).items.map((i) => i.replace(/#.*/, '')));
    }
  });
});

describe('walkVersions against the naive reference', () => {
  it('matches on thousands of random prefix/delimiter/marker/max-keys combinations', () => {
    const rand = seeded(31);
    for (let round = 0; round < 40; round++) {
      const chains = randomChains(rand, 1 + Math.floor(rand() * 300));
      const index = build(chains);
      const ordered = inKeyOrder(chains);
      for (let q = 0; q < 100; q++) {
        const keyMarker = randomMarker(rand, chains);
        const chain = keyMarker === undefined ? undefined : chains.get(keyMarker);
        const versionIdMarker = chain !== undefined && rand() < 0.6 ? pick(rand, chain).id : keyMarker !== undefined && rand() < 0.2 ? 'gone' : undefined;
        const query = {
          prefix: rand() < 0.4 ? '' : randomKey(rand, 2),
          delimiter: pick(rand, DELIMITERS),
          keyMarker,
          versionIdMarker,
          maxKeys: rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 8),
        };
        const page = walkVersions(index, query);
        expect(versionsAsRef(page, versionsOrder(page)), JSON.stringify(query)).toEqual(refVersions(ordered, query));
      }
    }
  });

  it('pages through every version exactly once by following the next markers', () => {
    const rand = seeded(32);
    for (let round = 0; round < 30; round++) {
      const chains = randomChains(rand, 200);
      const index = build(chains);
      const prefix = rand() < 0.5 ? '' : randomKey(rand, 1);
      const delimiter = pick(rand, DELIMITERS);
      const all = refVersions(chains, { prefix, delimiter, maxKeys: 100_000 }).items;
      const seen: string[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (;;) {
        const page = walkVersions(index, { prefix, delimiter, keyMarker, versionIdMarker, maxKeys: 1 + Math.floor(rand() * 5) });
        seen.push(...versionsOrder(page));
        if (!page.isTruncated) break;
        keyMarker = page.nextKeyMarker;
        versionIdMarker = page.nextVersionIdMarker;
      }
      expect(seen).toEqual(all);
    }
  });
});

/** Scenarios recorded against AWS in LocalStack's test_s3_list_operations.snapshot.json. */
describe('walkers on AWS-recorded scenarios', () => {
  const folder = (): ObjectIndex<RefVersion> =>
    build(new Map(['folder/aSubfolder/subFile1', 'folder/aSubfolder/subFile2', 'folder/file1', 'folder/file2'].map((k, i) => [k, [{ id: `v${i + 1}`, dm: false }]])));

  it('lists a common prefix as one item and resumes after it (test_list_objects_marker_common_prefixes)', () => {
    const index = folder();
    const q = { prefix: 'folder/', delimiter: '/', maxKeys: 1 };
    const start = walkObjects(index, q);
    expect([start.commonPrefixes, start.isTruncated, start.nextMarker]).toEqual([['folder/aSubfolder/'], true, 'folder/aSubfolder/']);
    const next = walkObjects(index, { ...q, startAfter: start.nextMarker });
    expect([next.contents.map((c) => c.key), next.nextMarker]).toEqual([['folder/file1'], 'folder/file1']);
    const end = walkObjects(index, { ...q, startAfter: next.nextMarker });
    expect([end.contents.map((c) => c.key), end.isTruncated, end.nextMarker]).toEqual([['folder/file2'], false, undefined]);
  });

  it('skips the whole group when the marker falls inside it', () => {
    const page = walkObjects(folder(), { prefix: 'folder/', delimiter: '/', maxKeys: 1, startAfter: 'folder/aSubfolder/subFile1' });
    expect([page.contents.map((c) => c.key), page.commonPrefixes, page.isTruncated]).toEqual([['folder/file1'], [], true]);
    const versions = walkVersions(folder(), { prefix: 'folder/', delimiter: '/', maxKeys: 1, keyMarker: 'folder/aSubfolder/subFile1' });
    expect([versions.entries.map((e) => e.key), versions.nextKeyMarker, versions.nextVersionIdMarker]).toEqual([['folder/file1'], 'folder/file1', 'v3']);
  });

  it('answers max-keys 0 with an empty page that is not truncated', () => {
    expect(walkObjects(folder(), { maxKeys: 0 })).toEqual({ contents: [], commonPrefixes: [], isTruncated: false });
    expect(walkVersions(folder(), { maxKeys: 0 })).toEqual({ entries: [], commonPrefixes: [], isTruncated: false });
  });

  it('gives no version-id marker when a versions page ends on a common prefix', () => {
    const page = walkVersions(folder(), { prefix: 'folder/', delimiter: '/', maxKeys: 1 });
    expect([page.commonPrefixes, page.nextKeyMarker, page.nextVersionIdMarker]).toEqual([['folder/aSubfolder/'], 'folder/aSubfolder/', undefined]);
  });

  it('rolls up on a multi-character delimiter', () => {
    const index = build(new Map(['a--b--c', 'a--d', 'a-e', 'b'].map((k) => [k, [{ id: k, dm: false }]])));
    const page = walkObjects(index, { delimiter: '--', maxKeys: 10 });
    expect([page.commonPrefixes, page.contents.map((c) => c.key)]).toEqual([['a--'], ['a-e', 'b']]);
    const nested = walkObjects(index, { prefix: 'a--', delimiter: '--', maxKeys: 10 });
    expect([nested.commonPrefixes, nested.contents.map((c) => c.key)]).toEqual([['a--b--'], ['a--d']]);
  });

  it('pages versions by key and version markers (test_list_objects_versions_markers)', () => {
    // Newest first per key: test_0 [v8, dm5, v1], test_1 [v9, dm6, v2], test_2 [dm7, v4, v3].
    const v = (id: string, dm = false): RefVersion => ({ id, dm });
    const index = build(new Map([
      ['test_0', [v('v8'), v('dm5', true), v('v1')]],
      ['test_1', [v('v9'), v('dm6', true), v('v2')]],
      ['test_2', [v('dm7', true), v('v4'), v('v3')]],
    ]));
    const five = walkVersions(index, { maxKeys: 5 });
    expect(five.entries.map((e) => `${e.value.id}${e.isLatest ? '*' : ''}`)).toEqual(['v8*', 'dm5', 'v1', 'v9*', 'dm6']);
    expect([five.nextKeyMarker, five.nextVersionIdMarker]).toEqual(['test_1', 'dm6']);
    const keyOnly = walkVersions(index, { maxKeys: 1, keyMarker: 'test_1' });
    expect([keyOnly.entries[0]?.value.id, keyOnly.nextKeyMarker, keyOnly.nextVersionIdMarker]).toEqual(['dm7', 'test_2', 'dm7']);
    const both = walkVersions(index, { maxKeys: 1, keyMarker: 'test_1', versionIdMarker: 'dm6' });
    expect([both.entries[0]?.value.id, both.isTruncated]).toEqual(['v2', true]);
    const last = walkVersions(index, { maxKeys: 1, keyMarker: 'test_2', versionIdMarker: 'v4' });
    expect([last.entries.map((e) => e.value.id), last.isTruncated]).toEqual([['v3'], false]);
    expect(walkVersions(index, { maxKeys: 1, keyMarker: 'test_2' }).entries).toEqual([]);
  });

  it('resumes at the next older version when the version-id marker was deleted, given an order', () => {
    const index = build(new Map([['prefixed_key', ['v5', 'v4', 'v3', 'v2', 'v1'].map((id) => ({ id, dm: false }))]]));
    for (const gone of ['v5', 'v4', 'v3']) index.deleteVersion('prefixed_key', gone);
    const q = { prefix: 'prefix', keyMarker: 'prefixed_key', versionIdMarker: 'v3', maxKeys: 5 };
    const ordered = walkVersions(index, { ...q, isOlderThanMarker: (v) => v.id < 'v3' });
    expect(ordered.entries.map((e) => `${e.value.id}${e.isLatest ? '*' : ''}`)).toEqual(['v2*', 'v1']);
    expect(walkVersions(index, q).entries).toEqual([]);
  });
});
