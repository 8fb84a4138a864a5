/** Multipart ETag and COMPOSITE checksums: digests of the parts' concatenated raw digests. */
import { digestOf } from './checksummer.ts';
import { fromBase64, toBase64, toHex } from './encoding.ts';
import type { ChecksumAlgorithm } from './types.ts';
import { whenHashersLoaded } from './wasm-hashers.ts';

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * COMPOSITE checksum "<b64>-N": the algorithm applied to the concatenated binary part checksums.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html#large-object-checksums
 */
export function compositeChecksum(alg: ChecksumAlgorithm, partB64s: readonly string[]): string | Promise<string> {
  const raw = partB64s.map((b64) => {
    const bytes = fromBase64(b64);
    if (bytes === undefined) throw new Error(`invalid ${alg} part checksum ${JSON.stringify(b64)}`);
    return bytes;
  });
  // After a restart no part of this process may have loaded the hasher (CRC32C) yet.
  return whenHashersLoaded([alg], () => `${toBase64(digestOf(alg, concatBytes(raw)))}-${partB64s.length}`);
}

/** Multipart ETag "<hex>-N" (no quotes): MD5 of the concatenated binary part MD5s. */
export function multipartEtag(partMd5Hexes: readonly string[]): string {
  const raw = partMd5Hexes.map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
  return `${toHex(digestOf('MD5', concatBytes(raw)))}-${partMd5Hexes.length}`;
}
