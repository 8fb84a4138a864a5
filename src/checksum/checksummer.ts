/**
 * Digests of bytes in memory: the MD5 (the ETag) plus any requested S3 checksums. Synchronous once
 * the algorithms' hashers are loaded; the first use of a WASM algorithm returns a promise instead.
 */
import { toBase64, toHex } from './encoding.ts';
import { crc32Bytes, newHasher } from './hashers.ts';
import type { ChecksumAlgorithm } from './types.ts';
import { loadWasmHashers, whenHashersLoaded } from './wasm-hashers.ts';

export interface ChecksumDigest {
  /** Hex MD5 of all bytes (the ETag of a single-part object, without quotes). */
  readonly md5Hex: string;
  /** Base64 digest of each requested algorithm. */
  readonly checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/**
 * The digests of a body already whole in memory (small uploads): one-shot, without streaming hashers'
 * per-request objects. Bodies that stream in go through createStreamChecksummer.
 */
export function checksumWhole(body: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): ChecksumDigest | Promise<ChecksumDigest> {
  // Not whenHashersLoaded: every small PUT comes here, and needs no closure.
  const loading = loadWasmHashers(algorithms);
  return loading === undefined ? digestsOf(body, algorithms) : loading.then(() => digestsOf(body, algorithms));
}

function digestsOf(body: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): ChecksumDigest {
  const md5Bytes = Bun.CryptoHasher.hash('md5', body);
  const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
  for (const alg of algorithms) checksums[alg] = toBase64(alg === 'MD5' ? md5Bytes : digestOf(alg, body));
  return { md5Hex: toHex(md5Bytes), checksums };
}

/** Raw digest bytes of a small in-memory payload; the algorithm's hasher must be loaded. */
export function digestOf(alg: ChecksumAlgorithm, data: Uint8Array): Uint8Array {
  // The SDKs' default checksum, on every small PUT: one native call, no hasher object.
  if (alg === 'CRC32') return crc32Bytes(Bun.hash.crc32(data));
  const hasher = newHasher(alg);
  hasher.update(data);
  return hasher.digest();
}

/** Base64 checksum of a small in-memory payload (a promise the first time a WASM algorithm is used). */
export function checksumOf(alg: ChecksumAlgorithm, data: Uint8Array): string | Promise<string> {
  return whenHashersLoaded([alg], () => toBase64(digestOf(alg, data)));
}
