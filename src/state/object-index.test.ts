import { describe, expect, it } from 'vitest';
import { ObjectIndex } from './object-index.ts';
import { pick, randomKey, seeded } from './random.test-helper.ts';
import { SortedMap } from './sorted-map.ts';

interface Ver {
  readonly id: string;
  readonly dm: boolean;
}

const newIndex = (deadKeysBeforeTree?: number): ObjectIndex<Ver> =>
  new ObjectIndex<Ver>({ isDeleteMarker: (v) => v.dm, versionId: (v) => v.id, ...(deadKeysBeforeTree === undefined ? {} : { deadKeysBeforeTree }) });
const liveKeys = (index: ObjectIndex<Ver>): string[] => [...index.live.entries()].map(([k]) => k);
const ids = (vs: readonly Ver[]): string[] => vs.map((v) => v.id);

describe('ObjectIndex', () => {
  it('keeps versions newest first and the latest in getLatest', () => {
    const index = newIndex();
    index.putVersion('k', { id: 'v1', dm: false });
    index.putVersion('k', { id: 'v2', dm: false });
    expect(ids(index.versions('k'))).toEqual(['v2', 'v1']);
    expect(index.getLatest('k')?.id).toBe('v2');
    expect(index.getVersion('k', 'v1')?.id).toBe('v1');
    expect(index.getVersion('k', 'nope')).toBeUndefined();
    expect(index.versionCount).toBe(2);
    expect(index.keyCount).toBe(1);
  });

  it('hides a key from live listings while its latest version is a delete marker', () => {
    const index = newIndex();
    index.putVersion('k', { id: 'v1', dm: false });
    index.putVersion('k', { id: 'dm1', dm: true });
    expect(index.live.has('k')).toBe(false);
    expect(index.chains.has('k')).toBe(true);
    expect(index.getLatest('k')?.dm).toBe(true);
    expect(index.deleteVersion('k', 'dm1')?.id).toBe('dm1');
    expect(index.live.get('k')?.at(-1)?.id).toBe('v1');
  });

  it('replaces the null version in place of appending a second one, returning the old record', () => {
    const index = newIndex();
    const first = { id: 'null', dm: false };
    expect(index.putVersion('k', first, 'null')).toBeUndefined();
    index.putVersion('k', { id: 'v2', dm: false });
    const second = { id: 'null', dm: false };
    expect(index.putVersion('k', second, 'null')).toBe(first);
    expect(index.versions('k')).toEqual([second, { id: 'v2', dm: false }]);
    expect(index.versionCount).toBe(2);
  });

  it('drops a key entirely when its last version is deleted', () => {
    const index = newIndex();
    index.putVersion('k', { id: 'null', dm: false }, 'null');
    expect(index.deleteVersion('k', 'null')?.id).toBe('null');
    expect(index.keyCount).toBe(0);
    expect(index.liveCount).toBe(0);
    expect(index.versionCount).toBe(0);
    expect(index.getLatest('k')).toBeUndefined();
    expect(index.deleteVersion('k', 'null')).toBeUndefined();
  });

  it('re-exposes the next newest version when the latest is deleted', () => {
    const index = newIndex();
    index.putVersion('k', { id: 'v1', dm: false });
    index.putVersion('k', { id: 'dm', dm: true });
    index.putVersion('k', { id: 'v3', dm: false });
    index.deleteVersion('k', 'v3');
    expect(index.live.has('k')).toBe(false);
    index.deleteVersion('k', 'dm');
    expect(index.live.get('k')?.at(-1)?.id).toBe('v1');
  });

  it('reads past a first delete marker in the tree of every key instead of building a second tree', () => {
    const index = newIndex();
    for (let i = 0; i < 5000; i++) index.putVersion(`k${i}`, { id: 'null', dm: false }, 'null');
    expect(index.live).toBe(index.chains); // no delete marker yet: one tree serves both listings
    index.putVersion('k42', { id: 'dm', dm: true });
    expect(index.live).not.toBe(index.chains);
    expect(index.live).not.toBeInstanceOf(SortedMap);
    expect(index.liveCount).toBe(4999);
    expect(index.live.size).toBe(4999);
    expect([index.live.has('k42'), index.live.get('k42'), index.live.get('k41')?.length]).toEqual([false, undefined, 1]);
    expect(liveKeys(index)).toEqual([...index.chains.entries()].map(([k]) => k).filter((k) => k !== 'k42'));
    index.deleteVersion('k42', 'dm');
    expect(index.live).toBe(index.chains);
    index.putVersion('k5000', { id: 'v', dm: false });
    expect(index.liveCount).toBe(5001);
  });

  it('builds the tree of live keys a share per write past the threshold, exact at every step', () => {
    const index = newIndex(4);
    const keys = Array.from({ length: 2000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    for (const k of keys) index.putVersion(k, { id: 'v', dm: false });
    const hidden = new Set<string>();
    const phases: boolean[] = [];
    // Markers land before and after the copy point, and some are taken back while it moves.
    for (const [i, k] of ['k1000', 'k0001', 'k1999', 'k0500', 'k1500', 'k0002', 'k1998', 'k0700', 'k0003', 'k1200'].entries()) {
      index.putVersion(k, { id: 'dm', dm: true });
      hidden.add(k);
      if (i % 3 === 2) {
        index.deleteVersion('k0001', 'dm');
        hidden.delete('k0001');
      }
      phases.push(index.live instanceof SortedMap);
      expect(liveKeys(index)).toEqual(keys.filter((key) => !hidden.has(key)));
      expect(index.liveCount).toBe(keys.length - hidden.size);
    }
    expect(phases.slice(0, 4)).toEqual([false, false, false, false]);
    expect(phases.at(-1)).toBe(true);
    (index.live as SortedMap<readonly Ver[]>).checkInvariants();
  });

  it.each([undefined, 0, 16])('agrees with a Map-of-arrays model under random puts, null replaces and deletes (tree after %s markers)', (deadKeysBeforeTree) => {
    const rand = seeded(11);
    const index = newIndex(deadKeysBeforeTree);
    const model = new Map<string, Ver[]>();
    let n = 0;
    for (let step = 0; step < 20_000; step++) {
      const key = randomKey(rand, 3);
      const chain = model.get(key) ?? [];
      const r = rand();
      if (r < 0.5) {
        const isNull = rand() < 0.3;
        const v = { id: isNull ? 'null' : `v${n++}`, dm: rand() < 0.25 };
        const gone = isNull ? chain.findIndex((x) => x.id === 'null') : -1;
        const expected = gone >= 0 ? chain.splice(gone, 1)[0] : undefined;
        expect(index.putVersion(key, v, isNull ? 'null' : undefined)).toBe(expected);
        model.set(key, [v, ...chain]);
      } else if (chain.length > 0) {
        const victim = pick(rand, chain);
        expect(index.deleteVersion(key, victim.id)).toBe(victim);
        const rest = chain.filter((x) => x !== victim);
        if (rest.length > 0) model.set(key, rest);
        else model.delete(key);
      }
    }
    const keys = [...model.keys()];
    expect(index.keyCount).toBe(keys.length);
    expect(index.versionCount).toBe(keys.reduce((s, k) => s + (model.get(k)?.length ?? 0), 0));
    for (const k of keys) {
      const chain = model.get(k) ?? [];
      expect(index.versions(k)).toEqual(chain);
      expect(index.live.get(k)?.at(-1)).toBe(chain[0]?.dm === false ? chain[0] : undefined);
    }
    expect(index.liveCount).toBe(keys.filter((k) => model.get(k)?.[0]?.dm === false).length);
    expect(liveKeys(index)).toEqual([...index.chains.entries()].filter(([, c]) => c.at(-1)?.dm === false).map(([k]) => k));
    index.clear();
    expect([index.keyCount, index.liveCount, index.versionCount]).toEqual([0, 0, 0]);
  });
});
