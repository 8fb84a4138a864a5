/** Checksum values on the wire: base64 of the big-endian digest bytes. */
import type { ChecksumAlgorithm } from './types.ts';

/** Digest length in bytes of each algorithm. */
export const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32, SHA512: 64, MD5: 16, XXHASH64: 8, XXHASH3: 8, XXHASH128: 16,
};

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Uint8Array's own toBase64/toHex: a Buffer view over `bytes.buffer` first makes JavaScriptCore
// materialise the ArrayBuffer of a natively created array (~0.5 µs per digest on the PUT path).
export function toBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

export function toHex(bytes: Uint8Array): string {
  return bytes.toHex();
}

/** Strict standard base64 (padded) to bytes; undefined when malformed. */
export function fromBase64(b64: string): Uint8Array | undefined {
  if (!BASE64_RE.test(b64)) return undefined;
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** True when `b64` is padded standard base64 of exactly the algorithm's digest length. */
export function isValidChecksumValue(alg: ChecksumAlgorithm, b64: string): boolean {
  return fromBase64(b64)?.length === DIGEST_BYTES[alg];
}
