import { describe, expect, it } from 'vitest';
import { createChecksummer, type ChecksumDigest } from './checksummer.ts';
import { Md5Offload } from './md5-offload.ts';
import { createStreamChecksummer, type StreamChecksummer } from './stream-checksummer.ts';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';

function bytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >>> 9)) & 0xff;
  return out;
}

function expected(data: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): ChecksumDigest {
  const summer = createChecksummer(algorithms);
  summer.update(data);
  return summer.digest();
}

async function run(summer: StreamChecksummer, data: Uint8Array<ArrayBuffer>, piece: number, again = (): ReadableStream<Uint8Array> => new Blob([data]).stream()): Promise<ChecksumDigest> {
  for (let at = 0; at < data.byteLength; at += piece) await summer.update(data.subarray(at, at + piece));
  return summer.digest(again);
}

const failingOffload = (): Md5Offload => new Md5Offload(() => new Worker(URL.createObjectURL(new Blob(['throw new Error("x")'])), { ref: false }));

describe('createStreamChecksummer', () => {
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
    const again = (): ReadableStream<Uint8Array> => {
      throw new Error('read again');
    };
    const got = await run(createStreamChecksummer(['CRC32'], new Md5Offload(), 1_000_000), data, 100_000, again);
    expect(got).toEqual(expected(data, ['CRC32']));
  });

  it('hashes the bytes again when the worker fails, and inline when there is no worker', async () => {
    const data = bytes(2_000_000);
    let reread = 0;
    const again = (): ReadableStream<Uint8Array> => {
      reread += 1;
      return new Blob([data]).stream();
    };
    expect(await run(createStreamChecksummer(['MD5', 'SHA256'], failingOffload(), 500_000), data, 100_000, again)).toEqual(expected(data, ['MD5', 'SHA256']));
    expect(reread).toBe(1);
    const none = new Md5Offload(() => {
      throw new Error('no threads');
    });
    expect(await run(createStreamChecksummer(['CRC32'], none, 500_000), data, 100_000, again)).toEqual(expected(data, ['CRC32']));
    expect(reread).toBe(1);
  });
});
