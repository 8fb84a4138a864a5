/**
 * One streaming Hasher per algorithm, the fastest available: native digests (Bun.CryptoHasher:
 * BoringSSL, SHA-NI where present) for MD5 and SHA*, Bun's native CRC32 (as fast as zlib.crc32,
 * without loading node:zlib, which alone adds megabytes of resident memory to the compiled binary),
 * and the shared hash-wasm instances for the rest (CRC32C, CRC64NVME, XXHASH*).
 */
import { newDigest, type DigestName } from './digest.ts';
import type { ChecksumAlgorithm } from './types.ts';
import { isWasmAlgorithm, newWasmHasher, type Hasher } from './wasm-hashers.ts';

export type { Hasher } from './wasm-hashers.ts';

const NATIVE_DIGESTS: Partial<Record<ChecksumAlgorithm, DigestName>> = {
  MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512',
};

function nativeHasher(name: DigestName): Hasher {
  const hash = newDigest(name);
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => new Uint8Array(hash.digest()),
  };
}

/** Bun.hash.crc32 continues from its seed, as zlib.crc32 does. */
function crc32Hasher(): Hasher {
  let value = 0;
  return {
    update: (chunk) => {
      value = Bun.hash.crc32(chunk, value);
    },
    digest: () => crc32Bytes(value),
  };
}

/**
 * A CRC32 as its 4 big-endian bytes, by hand: `.buffer` on a fresh small Uint8Array (for a DataView)
 * makes JavaScriptCore allocate a separate ArrayBuffer for it, ~1 µs per digest.
 */
export function crc32Bytes(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, value >>> 16, value >>> 8, value);
}

export function newHasher(alg: ChecksumAlgorithm): Hasher {
  const native = NATIVE_DIGESTS[alg];
  if (native !== undefined) return nativeHasher(native);
  if (alg === 'CRC32') return crc32Hasher();
  if (isWasmAlgorithm(alg)) return newWasmHasher(alg);
  throw new Error(`no hasher for ${alg}`);
}
