import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBlobStore } from './blob-store.ts';

const root = mkdtempSync(join(tmpdir(), 'blob-ranges-test-'));
const store = createBlobStore({ maxMemoryObjectSize: 1024, tmpDir: root });

afterAll(async () => {
  await store.clear();
  rmSync(root, { recursive: true, force: true });
});

/** xorshift32, so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

describe('BlobStore ranged reads over many segments', () => {
  it('match slicing the concatenated bytes, for random ranges over 40 memory and file parts', async () => {
    const next = rng(12345);
    const parts = Array.from({ length: 40 }, () => new Uint8Array(1 + next(3000)).map(() => next(256)));
    const refs = await Promise.all(parts.map(async (p) => (await store.write(p, { checksums: [] })).ref));
    const joined = await store.concat(refs);
    const all = Buffer.concat(parts);
    expect(joined.size).toBe(all.length);
    for (let trial = 0; trial < 200; trial++) {
      const a = next(all.length);
      const b = next(all.length);
      const [start, end] = a <= b ? [a, b] : [b, a];
      const got = Buffer.from(await new Response(store.read(joined, { start, end })).arrayBuffer());
      expect(got.equals(all.subarray(start, end + 1)), `range ${start}-${end}`).toBe(true);
    }
  });
});
