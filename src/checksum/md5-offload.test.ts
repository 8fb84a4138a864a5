import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/helpers/capture-log.ts';
import { toHex } from './encoding.ts';
import { Md5Offload, md5WorkerUrl, type Md5Job } from './md5-offload.ts';

const md5Hex = (data: Uint8Array): string => Bun.CryptoHasher.hash('md5', data, 'hex');

function bytes(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * seed + (i >>> 8)) & 0xff;
  return out;
}

/** Feeds `data` in pieces of `piece` bytes, honouring backpressure; returns the most batches seen waiting. */
async function feed(job: Md5Job, data: Uint8Array, piece: number): Promise<number> {
  let waits = 0;
  for (let at = 0; at < data.byteLength; at += piece) {
    const pending = job.update(data.subarray(at, at + piece));
    if (pending !== undefined) {
      waits += 1;
      await pending;
    }
  }
  return waits;
}

function workerFrom(source: string): () => Worker {
  return () => new Worker(URL.createObjectURL(new Blob([source], { type: 'application/javascript' })), { ref: false });
}

describe('Md5Offload', () => {
  it('hashes on the worker exactly as inline, for pieces crossing 1 MiB batches, with backpressure', async () => {
    const offload = new Md5Offload();
    const data = bytes(9 * 1024 * 1024 + 12_345);
    for (const piece of [1, 65_536 + 3, 3 * 1024 * 1024]) {
      const job = offload.begin();
      if (job === undefined) throw new Error('no worker');
      const input = piece === 1 ? data.subarray(0, 100_000) : data;
      const waits = await feed(job, input, piece);
      expect(toHex(await job.digest())).toBe(md5Hex(input));
      // More than MAX_IN_FLIGHT (4) batches of input: the producer was held back at least once.
      if (input.byteLength > 4 * 1024 * 1024) expect(waits).toBeGreaterThan(0);
    }
  });

  it('keeps concurrent jobs apart, and an empty job is the MD5 of nothing', async () => {
    const offload = new Md5Offload();
    const a = bytes(3 * 1024 * 1024, 3);
    const b = bytes(2 * 1024 * 1024 + 1, 5);
    const [ja, jb, empty] = [offload.begin(), offload.begin(), offload.begin()];
    if (ja === undefined || jb === undefined || empty === undefined) throw new Error('no worker');
    for (let at = 0; at < a.byteLength; at += 100_000) {
      await ja.update(a.subarray(at, at + 100_000));
      await jb.update(b.subarray(at, at + 100_000));
    }
    const [da, db, de] = await Promise.all([ja.digest(), jb.digest(), empty.digest()]);
    expect([toHex(da), toHex(db), toHex(de)]).toEqual([md5Hex(a), md5Hex(b), md5Hex(new Uint8Array(0))]);
  });

  it('bounds the batches waiting at the worker across all uploads together', async () => {
    const offload = new Md5Offload();
    const inputs = Array.from({ length: 6 }, (_, i) => bytes(4 * 1024 * 1024 + i, i + 2));
    let most = 0;
    const digests = await Promise.all(inputs.map(async (data) => {
      const job = offload.begin();
      if (job === undefined) throw new Error('no worker');
      for (let at = 0; at < data.byteLength; at += 256 * 1024) {
        const pending = job.update(data.subarray(at, at + 256 * 1024));
        most = Math.max(most, offload.batchesInFlight);
        if (pending !== undefined) await pending;
      }
      return toHex(await job.digest());
    }));
    expect(digests).toEqual(inputs.map(md5Hex));
    // 4 in flight, plus at most the batch each of the 6 producers completed before it was held back.
    expect(most).toBeLessThanOrEqual(4 + 6);
    expect(offload.batchesInFlight).toBe(0);
  });

  it('releases every held-back producer, also when the last batches leave nothing to send at the end', async () => {
    const offload = new Md5Offload();
    // Each held back right after its one and only batch: released, it has nothing left to send.
    const inputs = Array.from({ length: 16 }, (_, i) => bytes(1024 * 1024, i + 3));
    const digests = await Promise.all(inputs.map(async (data) => {
      const job = offload.begin();
      if (job === undefined) throw new Error('no worker');
      await feed(job, data, 1024 * 1024);
      return toHex(await job.digest());
    }));
    expect(digests).toEqual(inputs.map(md5Hex));
  });

  it('an aborted job rejects its digest and leaves the worker to the others', async () => {
    const offload = new Md5Offload();
    const aborted = offload.begin();
    const kept = offload.begin();
    if (aborted === undefined || kept === undefined) throw new Error('no worker');
    await aborted.update(bytes(2 * 1024 * 1024));
    aborted.abort();
    await expect(aborted.digest()).rejects.toThrow(/aborted/);
    expect(aborted.update(bytes(10))).toBeUndefined();
    const data = bytes(1_500_000);
    await feed(kept, data, 200_000);
    expect(toHex(await kept.digest())).toBe(md5Hex(data));
  });

  it('a worker that fails to load rejects its jobs, is replaced, and is given up after three failures', async () => {
    let spawned = 0;
    const offload = new Md5Offload(() => {
      spawned += 1;
      return workerFrom('throw new Error("cannot load")')();
    });
    const { lines } = await captureLog(async () => {
      for (let i = 0; i < 3; i++) {
        const job = offload.begin();
        if (job === undefined) throw new Error('gave up too early');
        // Backpressure never hangs on a dead worker.
        await feed(job, bytes(6 * 1024 * 1024), 1024 * 1024);
        await expect(job.digest()).rejects.toThrow(/MD5 worker failed/);
      }
    });
    expect(spawned).toBe(3);
    expect(offload.begin()).toBeUndefined();
    expect(spawned).toBe(3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[warn\] \[checksum\] the MD5 worker failed \(.*cannot load.*\); .*the next large body starts a new one$/);
    expect(lines[2]).toMatch(/MD5 runs on the server thread from now on$/);
  });

  it('a worker that exits mid-job fails that job; the next job gets a working worker', async () => {
    let first = true;
    const offload = new Md5Offload(() => {
      if (!first) return new Worker(md5WorkerUrl(), { ref: false });
      first = false;
      return workerFrom('self.onmessage = () => process.exit(3)')();
    });
    const doomed = offload.begin();
    if (doomed === undefined) throw new Error('no worker');
    const { lines } = await captureLog(async () => {
      await feed(doomed, bytes(2 * 1024 * 1024), 1024 * 1024);
      await expect(doomed.digest()).rejects.toThrow(/MD5 worker failed/);
    });
    expect(lines).toEqual([expect.stringMatching(/^\[warn\] \[checksum\] the MD5 worker failed \(it exited\); 1 upload in progress/)]);
    const next = offload.begin();
    if (next === undefined) throw new Error('no worker');
    const data = bytes(1024 * 1024 + 1);
    await feed(next, data, 300_000);
    expect(toHex(await next.digest())).toBe(md5Hex(data));
  });

  it('a worker that cannot be created at all turns the offload off (callers hash inline)', async () => {
    const offload = new Md5Offload(() => {
      throw new Error('no threads');
    });
    const { value, lines } = await captureLog(() => offload.begin());
    expect(value).toBeUndefined();
    expect(lines).toEqual(['[warn] [checksum] the MD5 worker cannot start (no threads); MD5 runs on the server thread']);
  });
});
