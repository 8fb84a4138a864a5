import { beforeAll, describe, expect, it } from 'vitest';
import { checksumOf } from './checksummer.ts';
import { combineCrc } from './crc-combine.ts';
import { CRC_ALGORITHMS } from './types.ts';
import { CHECKSUM_ALGORITHMS } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';
import { loaded } from './loaded.test-helper.ts';

beforeAll(() => loadWasmHashers(CHECKSUM_ALGORITHMS));

/** xorshift32: reproducible random bytes and split points. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function randomBytes(n: number, next: () => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

describe('combineCrc', () => {
  for (const alg of CRC_ALGORITHMS) {
    it(`${alg}: combining part CRCs equals the CRC of the whole, for random splits incl. empty and 1-byte parts`, () => {
      const next = rng(alg.length * 7919);
      for (const size of [0, 1, 2, 7, 64, 1000, 65537]) {
        const data = randomBytes(size, next);
        for (let trial = 0; trial < 5; trial++) {
          const cuts = [0, size];
          for (let c = 0; c < 3; c++) cuts.push(Math.floor(next() * (size + 1)));
          if (trial === 0) cuts.push(0, 1 < size ? 1 : 0); // an empty part and a 1-byte part
          cuts.sort((a, b) => a - b);
          const parts = cuts.slice(1).map((end, i) => {
            const bytes = data.subarray(cuts[i] ?? 0, end);
            return { checksumB64: loaded(checksumOf(alg, bytes)), size: bytes.length };
          });
          expect(combineCrc(alg, parts)).toBe(loaded(checksumOf(alg, data)));
        }
      }
    });
  }

  it('gives the CRC of nothing for no parts', () => {
    expect(combineCrc('CRC32', [])).toBe('AAAAAA==');
    expect(combineCrc('CRC64NVME', [])).toBe('AAAAAAAAAAA=');
  });

  // Expected values from awscrt 0.38.1 checksums.combine_crc32/combine_crc32c/combine_crc64nvme.
  const LARGE: [number, string, string, string][] = [
    [5 * 2 ** 30, 'L3vk9w==', 'aI09ig==', 'iMnVJ0jQURc='],
    [2 ** 32 + 7, '9z23lw==', 'mlEtyQ==', 'spsADEBsAs8='],
    [2 ** 33 - 1, 'bkTHkw==', 'dUPnPg==', 'z4P/UOsU74I='],
    [5 * 2 ** 40, '8h5JDw==', '4mtiKg==', '0JvdLxr7sAg='],
  ];
  for (const [size, crc32, crc32c, crc64] of LARGE) {
    it(`combines a second part of ${size} bytes like awscrt`, () => {
      const first = { size: 6 };
      expect(combineCrc('CRC32', [{ ...first, checksumB64: '7YH59g==' }, { checksumB64: 'OncRQw==', size }])).toBe(crc32);
      expect(combineCrc('CRC32C', [{ ...first, checksumB64: 'fmJ+WA==' }, { checksumB64: 'MaqBTg==', size }])).toBe(crc32c);
      expect(combineCrc('CRC64NVME', [{ ...first, checksumB64: 'w0MIGLRZZYI=' }, { checksumB64: 'NKb0GPs3WL8=', size }])).toBe(crc64);
    });
  }

  it('combines 10,000 parts of distinct sizes (its speed is in scripts/bench-micro.ts)', () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => ({ checksumB64: 'w0MIGLRZZYI=', size: 5 * 2 ** 20 + i }));
    expect(combineCrc('CRC64NVME', parts)).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });

  it('refuses non-CRC algorithms and malformed values', () => {
    expect(() => combineCrc('SHA256', [])).toThrow();
    expect(() => combineCrc('CRC32', [{ checksumB64: 'rosUhgp5mIg=', size: 9 }])).toThrow();
  });
});
