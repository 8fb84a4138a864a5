/**
 * A single streaming pass computing the MD5 (the ETag) plus any requested S3 checksums.
 * Synchronous once hashersReady() has resolved (the WASM hashers load once, lazily).
 */
import { toBase64, toHex } from './encoding.ts';
import { newHasher, type Hasher } from './hashers.ts';
import type { ChecksumAlgorithm } from './types.ts';

export interface ChecksumDigest {
  /** Hex MD5 of all bytes (the ETag of a single-part object, without quotes). */
  readonly md5Hex: string;
  /** Base64 digest of each requested algorithm. */
  readonly checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export interface Checksummer {
  update(chunk: Uint8Array): void;
  /** Finishes every digest; call once, after the last update. */
  digest(): ChecksumDigest;
}

export function createChecksummer(algorithms: readonly ChecksumAlgorithm[]): Checksummer {
  const md5 = newHasher('MD5');
  // MD5 as a checksum reuses the ETag digest rather than hashing twice.
  const others = [...new Set(algorithms)].filter((alg) => alg !== 'MD5');
  const wantsMd5 = algorithms.includes('MD5');
  const hashers: [ChecksumAlgorithm, Hasher][] = others.map((alg) => [alg, newHasher(alg)]);
  return {
    update(chunk) {
      if (chunk.byteLength === 0) return;
      md5.update(chunk);
      for (const [, hasher] of hashers) hasher.update(chunk);
    },
    digest() {
      const md5Bytes = md5.digest();
      const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
      if (wantsMd5) checksums.MD5 = toBase64(md5Bytes);
      for (const [alg, hasher] of hashers) checksums[alg] = toBase64(hasher.digest());
      return { md5Hex: toHex(md5Bytes), checksums };
    },
  };
}

/**
 * What a Checksummer fed `body` in one update would give, for a body already whole in memory (small
 * uploads): one-shot digests, without the streaming hashers' per-request objects.
 */
export function checksumWhole(body: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): ChecksumDigest {
  const md5Bytes = Bun.CryptoHasher.hash('md5', body);
  const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
  for (const alg of algorithms) checksums[alg] = toBase64(alg === 'MD5' ? md5Bytes : digestOf(alg, body));
  return { md5Hex: toHex(md5Bytes), checksums };
}

/** Raw digest bytes of a small in-memory payload. */
export function digestOf(alg: ChecksumAlgorithm, data: Uint8Array): Uint8Array {
  const hasher = newHasher(alg);
  hasher.update(data);
  return hasher.digest();
}

/** Base64 checksum of a small in-memory payload. */
export function checksumOf(alg: ChecksumAlgorithm, data: Uint8Array): string {
  return toBase64(digestOf(alg, data));
}
