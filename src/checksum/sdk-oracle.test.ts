/**
 * Cross-check against the AWS JS SDK's own checksum implementations (@aws-sdk/checksums, present
 * through @aws-sdk/client-s3) over inputs hitting every XXH3 length branch (0, 1-3, 4-8, 9-16,
 * 17-128, 129-240, >240, block multiples). Skipped if that package is ever absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checksumOf } from './checksummer.ts';
import type { ChecksumAlgorithm } from './types.ts';
import { CHECKSUM_ALGORITHMS } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';
import { loaded } from './loaded.test-helper.ts';

beforeAll(() => loadWasmHashers(CHECKSUM_ALGORITHMS));

interface SdkChecksum {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}
type SdkChecksumClass = new () => SdkChecksum;

async function loadSdk(): Promise<Partial<Record<ChecksumAlgorithm, SdkChecksumClass>> | undefined> {
  try {
    const xxh = await import('@aws-sdk/checksums/xxh');
    const crc = await import('@aws-sdk/checksums/crc');
    return { XXHASH64: xxh.Xxh64, XXHASH3: xxh.Xxh3_64, XXHASH128: xxh.Xxh3_128, CRC32: crc.Crc32, CRC32C: crc.Crc32c, CRC64NVME: crc.Crc64Nvme };
  } catch {
    return undefined;
  }
}

const sdk = await loadSdk();
const SIZES = [0, 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 1023, 1024, 1025, 4096, 100_003];

describe.skipIf(sdk === undefined)('checksums agree with the AWS JS SDK', () => {
  for (const [alg, Sdk] of Object.entries(sdk ?? {})) {
    it(`${alg} on inputs of ${SIZES.length} lengths`, async () => {
      for (const n of SIZES) {
        const data = new Uint8Array(n).map((_, i) => (i * 97 + 13) & 0xff);
        const reference = new Sdk();
        reference.update(data);
        const expected = Buffer.from(await reference.digest()).toString('base64');
        expect([n, loaded(checksumOf(alg as ChecksumAlgorithm, data))]).toEqual([n, expected]);
      }
    });
  }
});
