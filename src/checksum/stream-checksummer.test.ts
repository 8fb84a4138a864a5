import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/helpers/capture-log.ts';
import { checksumOf, checksumWhole, type ChecksumDigest } from './checksummer.ts';
import { Md5Offload, type Md5Job } from './md5-offload.ts';
import { createStreamChecksummer, type StreamChecksummer } from './stream-checksummer.ts';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';
import { loaded } from './loaded.test-helper.ts';

function bytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >>> 9)) & 0xff;
  return out;
}

/** The one-shot digests (checked against botocore's vectors in checksummer.test.ts). */
function expected(data: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): ChecksumDigest {
  return loaded(checksumWhole(data, algorithms));
}

const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
const never = (): ReadableStream<Uint8Array> => {
  throw new Error('read again');
};

async function run(summer: StreamChecksummer, data: Uint8Array<ArrayBuffer>, piece: number, again = (): ReadableStream<Uint8Array> => new Blob([data]).stream()): Promise<ChecksumDigest> {
  for (let at = 0; at < data.byteLength; at += piece) await summer.update(data.subarray(at, at + piece));
  return summer.digest(again);
}

const failingOffload = (): Md5Offload => new Md5Offload(() => new Worker(URL.createObjectURL(new Blob(['throw new Error("x")'])), { ref: false }));

describe('createStreamChecksummer', () => {
  it('keeps the chunks it holds until each is handed to the MD5 worker, even when the worker makes it wait', async () => {
    let resume = (): void => undefined;
    const handed: number[] = [];
    class SlowOffload extends Md5Offload {
      override begin(): Md5Job {
        return {
          update: (chunk) => {
            handed.push(chunk.byteLength);
            return handed.length === 1 ? new Promise<void>((r) => { resume = r; }) : undefined;
          },
          digest: () => Promise.resolve(new Uint8Array(16)),
          abort: () => undefined,
        };
      }
    }
    const summer = createStreamChecksummer([], new SlowOffload(), 1000);
    expect(summer.update(bytes(600))).toBeUndefined();
    expect(summer.keepsChunks()).toBe(true);
    // Past 1000 bytes both held chunks go to the worker, which stalls after the first.
    const moving = summer.update(bytes(601));
    expect(handed).toEqual([600]);
    expect(summer.keepsChunks()).toBe(true);
    resume();
    await moving;
    expect(handed).toEqual([600, 601]);
    expect(summer.keepsChunks()).toBe(false);
    expect(summer.update(bytes(10))).toBeUndefined();
    expect(handed).toEqual([600, 601, 10]);
  });

  it('returns only the MD5 hex when no checksum is requested', async () => {
    const summer = createStreamChecksummer([]);
    await summer.update(text('123456789'));
    expect(await summer.digest(never)).toEqual({ md5Hex: '25f9e794323b453885f5181f1b624d0b', checksums: {} });
  });

  it('reports MD5 as a checksum in base64 when asked, and ignores duplicates', async () => {
    const summer = createStreamChecksummer(['MD5', 'CRC32', 'CRC32']);
    await summer.update(text('123456789'));
    expect((await summer.digest(never)).checksums).toEqual({ MD5: 'JfnnlDI7RTiF9RgfG2JNCw==', CRC32: 'y/Q5Jg==' });
  });

  it('keeps interleaved streams of the shared WASM hashers apart', async () => {
    const algs: ChecksumAlgorithm[] = ['CRC32C', 'CRC64NVME', 'XXHASH64', 'XXHASH3', 'XXHASH128'];
    await loadWasmHashers(algs);
    const inputs = [bytes(5000), bytes(3333).reverse(), text('123456789'.repeat(300))];
    const streams = inputs.map((data) => ({ data, summer: createStreamChecksummer(algs) }));
    for (let offset = 0; offset < 5000; offset += 100) {
      for (const { data, summer } of streams) await summer.update(data.subarray(offset, offset + 100));
    }
    for (const { data, summer } of streams) {
      const { checksums } = await summer.digest(never);
      for (const alg of algs) expect(checksums[alg]).toBe(loaded(checksumOf(alg, data)));
    }
  });

  it('matches the inline checksummer for every algorithm, below and past the offload size', async () => {
    await loadWasmHashers(CHECKSUM_ALGORITHMS);
    const offload = new Md5Offload();
    for (const size of [0, 1, 4096, 300_000, 2_500_000]) {
      const data = bytes(size);
      const got = await run(createStreamChecksummer(CHECKSUM_ALGORITHMS, offload, 1_000_000), data, 65_537);
      expect(got).toEqual(expected(data, CHECKSUM_ALGORITHMS));
    }
  });

  it('never reads the bytes again when the worker answered', async () => {
    const data = bytes(3_000_000);
    const got = await run(createStreamChecksummer(['CRC32'], new Md5Offload(), 1_000_000), data, 100_000, never);
    expect(got).toEqual(expected(data, ['CRC32']));
  });

  it('hashes the bytes again when the worker fails, and inline when there is no worker', async () => {
    const data = bytes(2_000_000);
    let reread = 0;
    const again = (): ReadableStream<Uint8Array> => {
      reread += 1;
      return new Blob([data]).stream();
    };
    const failed = await captureLog(() => run(createStreamChecksummer(['MD5', 'SHA256'], failingOffload(), 500_000), data, 100_000, again));
    expect(failed.value).toEqual(expected(data, ['MD5', 'SHA256']));
    expect(reread).toBe(1);
    expect(failed.lines).toEqual([expect.stringMatching(/^\[warn\] \[checksum\] the MD5 worker failed .*hashed again from storage/)]);
    const none = new Md5Offload(() => {
      throw new Error('no threads');
    });
    const inline = await captureLog(() => run(createStreamChecksummer(['CRC32'], none, 500_000), data, 100_000, again));
    expect(inline.value).toEqual(expected(data, ['CRC32']));
    expect(reread).toBe(1);
    expect(inline.lines).toEqual(['[warn] [checksum] the MD5 worker cannot start (no threads); MD5 runs on the server thread']);
  });
});
