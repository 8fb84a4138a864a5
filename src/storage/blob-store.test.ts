import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLog } from '../../test/helpers/capture-log.ts';
import { checksumOf } from '../checksum/index.ts';
import { Md5Offload } from '../checksum/md5-offload.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { createBlobStore } from './blob-store.ts';
import { openLeaseCount } from './file-lease.ts';
import { BlobStoreClearedError, BlobTooLargeError, type BlobStore } from './types.ts';

const LIMIT = 1024;

function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  return out;
}

function streamOf(chunks: readonly Uint8Array[], failWith?: unknown): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (failWith !== undefined) controller.error(failWith);
      else controller.close();
    },
  });
}

function split(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Byte equality without vitest's element-by-element deep diff (slow on megabytes). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

let root: string;
let store: BlobStore;

/** Temp files the store currently holds. */
function tempFiles(): string[] {
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(root, dir, f)));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'blob-store-test-'));
  store = createBlobStore({ maxMemoryObjectSize: LIMIT, tmpDir: root });
});

afterEach(async () => {
  await store.clear();
  rmSync(root, { recursive: true, force: true });
});

describe('BlobStore.write', () => {
  it('keeps a small body in memory and returns its MD5 and requested checksums', async () => {
    const data = new TextEncoder().encode('123456789');
    const written = await store.write(data, { checksums: ['CRC32', 'CRC64NVME'] });
    expect(written.ref.size).toBe(9);
    expect(written.md5Hex).toBe('25f9e794323b453885f5181f1b624d0b');
    expect(written.checksums).toEqual({ CRC32: 'y/Q5Jg==', CRC64NVME: 'rosUhgp5mIg=' });
    expectBytes(await store.readAll(written.ref), data);
    expect(readdirSync(root)).toEqual([]);
  });

  it('stores an empty body', async () => {
    const written = await store.write(streamOf([]), { checksums: ['CRC32'] });
    expect(written.ref.size).toBe(0);
    expect(written.md5Hex).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expectBytes(await collect(store.read(written.ref)), new Uint8Array(0));
  });

  it('keeps a body of exactly the memory limit in memory and spills one byte more', async () => {
    const atLimit = await store.write(streamOf(split(bytes(LIMIT), 100)), { checksums: [] });
    expect(readdirSync(root)).toEqual([]);
    const over = await store.write(streamOf(split(bytes(LIMIT + 1, 2), 100)), { checksums: [] });
    expect(tempFiles()).toHaveLength(1);
    expectBytes(await store.readAll(atLimit.ref), bytes(LIMIT));
    expectBytes(await store.readAll(over.ref), bytes(LIMIT + 1, 2));
  });

  it('round-trips a 64 MiB spilled body with checksums equal to a direct computation', async () => {
    const data = bytes(64 * 1024 * 1024, 3);
    const written = await store.write(streamOf(split(data, 65536)), { checksums: ['CRC64NVME', 'SHA256', 'XXHASH3'] });
    expect(written.md5Hex).toBe(createHash('md5').update(data).digest('hex'));
    expect(written.checksums).toEqual({
      CRC64NVME: await checksumOf('CRC64NVME', data), SHA256: await checksumOf('SHA256', data), XXHASH3: await checksumOf('XXHASH3', data),
    });
    const back = await collect(store.read(written.ref));
    expect(back.length).toBe(data.length);
    expect(createHash('md5').update(back).digest('hex')).toBe(written.md5Hex);
  });

  it('rejects a body past maxSize with BlobTooLargeError and keeps nothing of it', async () => {
    const err = await store.write(streamOf(split(bytes(5000), 700)), { checksums: [], maxSize: 4000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobTooLargeError);
    expect(err).toMatchObject({ proposedSize: 4200, maxSize: 4000 });
    await eventually(() => tempFiles().length === 0);
    const small = await store.write(bytes(11), { checksums: [], maxSize: 10 }).catch((e: unknown) => e);
    expect(small).toMatchObject({ proposedSize: 11, maxSize: 10 });
  });

  it('rethrows the very error of a failing body and deletes the partial file', async () => {
    const failure = new S3Error('IncompleteBody');
    const err = await store.write(streamOf(split(bytes(3000), 500), failure), { checksums: ['CRC32'] }).catch((e: unknown) => e);
    expect(err).toBe(failure);
    await eventually(() => tempFiles().length === 0);
  });

  it('a body failing after its MD5 moved to the worker leaves no file and no stuck worker behind', async () => {
    const failure = new S3Error('IncompleteBody', { message: 'The request body terminated unexpectedly' });
    const err = await store.write(streamOf(split(bytes(3 * 1024 * 1024), 65536), failure), { checksums: [] }).catch((e: unknown) => e);
    expect(err).toBe(failure);
    await eventually(() => tempFiles().length === 0);
    const data = bytes(2 * 1024 * 1024 + 3, 2);
    expect((await store.write(streamOf(split(data, 100_000)), { checksums: [] })).md5Hex).toBe(createHash('md5').update(data).digest('hex'));
  });

  it('hashes the stored bytes again when the MD5 worker fails, from a file and from memory', async () => {
    const broken = (): Md5Offload => new Md5Offload(() => new Worker(URL.createObjectURL(new Blob(['throw new Error("x")'])), { ref: false }));
    const data = bytes(3 * 1024 * 1024 + 1, 5);
    const md5 = createHash('md5').update(data).digest('hex');
    const spilling = createBlobStore({ maxMemoryObjectSize: LIMIT, tmpDir: root, md5Offload: broken() });
    const inMemory = createBlobStore({ maxMemoryObjectSize: 8 * 1024 * 1024, tmpDir: root, md5Offload: broken() });
    try {
      const { lines } = await captureLog(async () => {
        for (const s of [spilling, inMemory]) {
          const written = await s.write(streamOf(split(data, 65536)), { checksums: ['MD5', 'CRC32'] });
          expect(written.md5Hex).toBe(md5);
          expect(written.checksums).toEqual({ MD5: await checksumOf('MD5', data), CRC32: await checksumOf('CRC32', data) });
          expectBytes(await collect(s.read(written.ref)), data);
        }
      });
      const warning = /^\[warn\] \[checksum\] the MD5 worker failed \(.*x.*\); 1 upload in progress will be hashed again from storage/;
      expect(lines).toEqual([expect.stringMatching(warning), expect.stringMatching(warning)]);
    } finally {
      await Promise.all([spilling.clear(), inMemory.clear()]);
    }
  });
});

describe('BlobStore.write with releaseChunks', () => {
  /** Chunks of buffers of their own, as network reads are. */
  const ownChunks = (data: Uint8Array, size: number): Uint8Array[] => split(data, size).map((c) => c.slice());
  const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');
  const freed = (c: Uint8Array): boolean => c.buffer instanceof ArrayBuffer && c.buffer.detached;

  it('frees chunks once they are on disk, but none the checksummer still keeps for its MD5', async () => {
    // Below 1 MiB the checksummer keeps every chunk until digest(); past it, it keeps the first MiB.
    for (const size of [800 * 1024, 3 * 1024 * 1024 + 1]) {
      const data = bytes(size, 7);
      const chunks = ownChunks(data, 65536);
      const written = await store.write(streamOf(chunks), { checksums: ['CRC32'], releaseChunks: true });
      expect(written.md5Hex, String(size)).toBe(md5(data));
      expect(written.checksums).toEqual({ CRC32: await checksumOf('CRC32', data) });
      expectBytes(await collect(store.read(written.ref)), data);
      const released = chunks.filter(freed).length;
      if (size < 1024 * 1024) expect(released).toBe(0);
      else expect(released).toBeGreaterThanOrEqual(chunks.length - 20);
      // Whatever was not freed is still intact.
      for (const [i, c] of chunks.entries()) if (!freed(c)) expectBytes(c, data.subarray(i * 65536, (i + 1) * 65536));
    }
  });

  it('keeps every ETag right when concurrent bodies wait for the MD5 worker', async () => {
    const bodies = Array.from({ length: 6 }, (_, n) => bytes(3 * 1024 * 1024 + n * 4097, n + 11));
    const written = await Promise.all(bodies.map((b) => store.write(streamOf(ownChunks(b, 65536)), { checksums: [], releaseChunks: true })));
    expect(written.map((w) => w.md5Hex)).toEqual(bodies.map(md5));
    for (const [n, w] of written.entries()) expectBytes(await collect(store.read(w.ref)), bodies[n] ?? new Uint8Array(0));
  });

  it('frees nothing of a body kept in memory (its chunks are the stored bytes), nor without the option', async () => {
    const inMemory = createBlobStore({ maxMemoryObjectSize: 8 * 1024 * 1024, tmpDir: root });
    try {
      const data = bytes(2 * 1024 * 1024, 9);
      const kept = ownChunks(data, 65536);
      const w = await inMemory.write(streamOf(kept), { checksums: [], releaseChunks: true });
      expect(kept.some(freed)).toBe(false);
      expectBytes(await inMemory.readAll(w.ref), data);
      const spilled = ownChunks(data, 65536);
      await store.write(streamOf(spilled), { checksums: [] });
      expect(spilled.some(freed)).toBe(false);
    } finally {
      await inMemory.clear();
    }
  });
});

describe('BlobStore.writeNow', () => {
  it('keeps bytes at once as write does, or returns a promise when it has to wait', async () => {
    const data = new TextEncoder().encode('123456789');
    // XXHASH128 is loaded by no other test here: its WASM instance is not ready yet.
    const waiting = store.writeNow(data, { checksums: ['XXHASH128'] });
    expect(waiting).toBeInstanceOf(Promise);
    expect((await waiting).checksums.XXHASH128).toBe(await checksumOf('XXHASH128', data));
    const spilled = store.writeNow(bytes(LIMIT + 1), { checksums: [] });
    expect(spilled).toBeInstanceOf(Promise);
    expectBytes(await store.readAll((await spilled).ref), bytes(LIMIT + 1));
    const written = store.writeNow(data, { checksums: ['CRC32', 'SHA256'] });
    if (written instanceof Promise) throw new Error('expected the bytes kept at once');
    expect(written.md5Hex).toBe('25f9e794323b453885f5181f1b624d0b');
    expect(written.checksums).toEqual({ CRC32: 'y/Q5Jg==', SHA256: await checksumOf('SHA256', data) });
    expectBytes(await store.readAll(written.ref), data);
    expect(() => store.writeNow(data, { checksums: [], maxSize: 8 })).toThrow(BlobTooLargeError);
    // Once loaded, the same algorithm no longer makes it wait.
    expect(store.writeNow(data, { checksums: ['XXHASH128'] })).not.toBeInstanceOf(Promise);
  });

  it('refuses bytes whose hasher loaded after a clear overtook them', async () => {
    const waiting = store.writeNow(new Uint8Array([1, 2, 3]), { checksums: ['CRC32C'] });
    expect(waiting).toBeInstanceOf(Promise);
    await store.clear();
    await expect(waiting).rejects.toBeInstanceOf(BlobStoreClearedError);
  });
});

describe('BlobStore.read', () => {
  async function threeParts() {
    const a = bytes(300, 4);
    const b = bytes(5000, 5);
    const c = bytes(10, 6);
    const refs = await Promise.all([a, b, c].map(async (d) => (await store.write(d, { checksums: [] })).ref));
    const all = new Uint8Array([...a, ...b, ...c]);
    return { refs, all, joined: await store.concat(refs) };
  }

  it('serves whole blobs, the first byte, the last byte and ranges across memory and file segments', async () => {
    const { all, joined } = await threeParts();
    expect(joined.size).toBe(all.length);
    expectBytes(await store.readAll(joined), all);
    const cases: [number, number][] = [[0, 0], [all.length - 1, all.length - 1], [0, all.length - 1], [250, 350], [299, 300], [5299, 5300], [100, 5305], [4000, 4000]];
    for (const [start, end] of cases) {
      expectBytes(await collect(store.read(joined, { start, end })), all.subarray(start, end + 1));
    }
  });

  it('reads a spilled file in bounded chunks', async () => {
    const data = bytes(3 * 1024 * 1024 + 5, 7);
    const { ref } = await store.write(data, { checksums: [] });
    const reader = store.read(ref).getReader();
    const sizes: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) sizes.push(r.value.byteLength);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024 * 1024);
    expect(sizes.reduce((n, s) => n + s, 0)).toBe(data.length);
  });

  it('finishes a read started before the blob was released', async () => {
    const data = bytes(3 * 1024 * 1024, 8);
    const { ref } = await store.write(data, { checksums: [] });
    const stream = store.read(ref);
    store.release(ref);
    expect(tempFiles()).toHaveLength(1);
    expectBytes(await collect(stream), data);
    await eventually(() => tempFiles().length === 0);
  });

  it('frees a released blob once a cancelled read lets go of it', async () => {
    const { ref } = await store.write(bytes(3 * 1024 * 1024, 9), { checksums: [] });
    const reader = store.read(ref).getReader();
    await reader.read();
    store.release(ref);
    await reader.cancel();
    await eventually(() => tempFiles().length === 0);
  });

  it('refuses to read a released blob', async () => {
    const { ref } = await store.write(bytes(10), { checksums: [] });
    store.release(ref);
    expect(() => store.read(ref)).toThrow(/not stored/);
  });
});

describe('BlobStore.concat and release', () => {
  it('joins file parts into one new file and frees every file exactly once, in any order', async () => {
    const a = (await store.write(bytes(2000, 1), { checksums: [] })).ref;
    const b = (await store.write(bytes(3000, 2), { checksums: [] })).ref;
    const whole = await store.concat([a, b]);
    expect(tempFiles()).toHaveLength(3);
    const copy = await store.concat([whole]); // one segment: shared, not copied
    expect(tempFiles()).toHaveLength(3);
    store.release(a);
    store.release(a); // twice is harmless
    store.release(whole);
    await eventually(() => tempFiles().length === 2);
    expectBytes(await store.readAll(copy), new Uint8Array([...bytes(2000, 1), ...bytes(3000, 2)]));
    store.release(copy);
    await eventually(() => tempFiles().length === 1);
    expectBytes(await store.readAll(b), bytes(3000, 2));
    store.release(b);
    await eventually(() => tempFiles().length === 0);
  });

  it('shares memory parts instead of copying them', async () => {
    const a = (await store.write(bytes(10, 1), { checksums: [] })).ref;
    const b = (await store.write(bytes(20, 2), { checksums: [] })).ref;
    const joined = await store.concat([a, b]);
    expect(tempFiles()).toHaveLength(0);
    store.release(a);
    store.release(b);
    expectBytes(await store.readAll(joined), new Uint8Array([...bytes(10, 1), ...bytes(20, 2)]));
  });

  it('concatenates memory and file parts, including empty ones', async () => {
    const parts = [bytes(10, 1), new Uint8Array(0), bytes(LIMIT * 3, 2), bytes(1, 3)];
    const refs = await Promise.all(parts.map(async (p) => (await store.write(p, { checksums: [] })).ref));
    const joined = await store.concat(refs);
    expectBytes(await store.readAll(joined), new Uint8Array(parts.flatMap((p) => [...p])));
  });
});

describe('BlobStore.clear', () => {
  it('drops every blob and removes the temp directory', async () => {
    const { ref } = await store.write(bytes(LIMIT * 2), { checksums: [] });
    const dirs = readdirSync(root);
    expect(dirs).toHaveLength(1);
    await store.clear();
    expect(existsSync(join(root, dirs[0] ?? ''))).toBe(false);
    expect(() => store.read(ref)).toThrow();
    const again = await store.write(bytes(LIMIT * 2, 5), { checksums: [] });
    expectBytes(await store.readAll(again.ref), bytes(LIMIT * 2, 5));
  });

  it('fails a write it overtakes with BlobStoreClearedError, whether the body was in memory or on disk', async () => {
    for (const before of [1, 3]) {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start(c) { controller = c; } });
      const writing = store.write(body, { checksums: ['CRC32'] });
      for (let i = 0; i < before; i++) controller.enqueue(bytes(LIMIT / 2, i));
      await new Promise((r) => setTimeout(r, 20));
      await store.clear();
      controller.enqueue(bytes(LIMIT * 2));
      controller.close();
      await expect(writing).rejects.toBeInstanceOf(BlobStoreClearedError);
    }
    expect(tempFiles()).toHaveLength(0);
  });

  it('forgets blobs kept in memory too, and never reads or releases another store\'s blobs', async () => {
    const small = await store.write(bytes(10), { checksums: [] });
    await store.clear();
    expect(() => store.readBody(small.ref)).toThrow(/not stored/);
    store.release(small.ref); // harmless

    const other = createBlobStore({ maxMemoryObjectSize: LIMIT, tmpDir: root });
    const theirs = await other.write(bytes(LIMIT * 2, 3), { checksums: [] });
    expect(() => store.read(theirs.ref)).toThrow(/not stored/);
    expect(() => store.read({ size: theirs.ref.size })).toThrow(/not stored/);
    store.release(theirs.ref);
    expectBytes(await other.readAll(theirs.ref), bytes(LIMIT * 2, 3));
    await other.clear();
  });
});

describe('readBody', () => {
  type Body = Uint8Array<ArrayBuffer> | Blob | ReadableStream<Uint8Array>;
  async function bodyBytes(body: Body): Promise<Uint8Array> {
    return new Uint8Array(await new Response(body).arrayBuffer());
  }

  it('answers a memory range with a view of the stored bytes (no copy); file ranges and joined parts with Blobs', async () => {
    const small = await store.write(new Uint8Array([1, 2, 3, 4]), { checksums: [] });
    const mem = await store.readBody(small.ref, { start: 1, end: 2 });
    expect(mem).toBeInstanceOf(Uint8Array);
    expect(await bodyBytes(mem)).toEqual(new Uint8Array([2, 3]));
    // Sending it neither detaches nor changes what is stored.
    expect(await bodyBytes(await store.readBody(small.ref))).toEqual(new Uint8Array([1, 2, 3, 4]));
    const bigA = new Uint8Array(LIMIT + 10).fill(7);
    const bigB = new Uint8Array(LIMIT + 10).fill(9);
    const a = await store.write(bigA, { checksums: [] });
    const b = await store.write(bigB, { checksums: [] });
    const fileSlice = await store.readBody(a.ref, { start: 5, end: 14 });
    expect(fileSlice).toBeInstanceOf(Blob);
    expect(await bodyBytes(fileSlice)).toEqual(new Uint8Array(10).fill(7));
    const joined = await store.concat([a.ref, b.ref]);
    const across = await store.readBody(joined, { start: LIMIT + 9, end: LIMIT + 10 });
    expect(await bodyBytes(across)).toEqual(new Uint8Array([7, 9]));
  });

  /** Reads a whole file's body after its file was deleted; nothing of the body is left once this returns. */
  async function readDeleted(data: Uint8Array, opened: number): Promise<void> {
    const { ref } = await store.write(data, { checksums: [] });
    const body = await store.readBody(ref);
    expect(body).toBeInstanceOf(Blob);
    expect((body as Blob & { name?: unknown }).name).toBeUndefined();
    expect(openLeaseCount()).toBe(opened + 1);
    // The file may be deleted while a response is still sending it: the descriptor keeps the bytes.
    store.release(ref);
    await eventually(() => tempFiles().length === 0);
    expectBytes(await bodyBytes(body), data);
  }

  it('sends a whole file by descriptor (no file name for Bun.serve to announce) and closes it with the Blob', async () => {
    const before = openLeaseCount();
    await readDeleted(bytes(LIMIT * 5, 3), before);
    await eventually(() => {
      Bun.gc(true);
      return openLeaseCount() === before;
    });
  });

  it('sends a file whole to every reader, also while an earlier Response of it lives', async () => {
    const data = bytes(LIMIT * 3, 5);
    const { ref } = await store.write(data, { checksums: [] });
    const first = await store.readBody(ref);
    expectBytes(await bodyBytes(first), data);
    expectBytes(await bodyBytes(await store.readBody(ref)), data);
    store.release(ref);
  });

  it('streams file ranges too large to buffer', async () => {
    const data = bytes(17 * 1024 * 1024, 4);
    const { ref } = await store.write(data, { checksums: [] });
    const body = await store.readBody(ref, { start: 1, end: data.length - 1 });
    expect(body).toBeInstanceOf(ReadableStream);
    expectBytes(await bodyBytes(body), data.subarray(1));
  });
});
