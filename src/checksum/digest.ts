/**
 * MD5/SHA digests, HMACs and random bytes from Bun's native CryptoHasher (BoringSSL, as node:crypto
 * uses) and Web Crypto. Not node:crypto itself: loading Node's crypto module adds several MiB of
 * resident memory to an idle server for the same native code.
 */
export type DigestName = 'md5' | 'sha1' | 'sha256' | 'sha512';
export type Digest = Bun.CryptoHasher;

/** A streaming digest; with a key, an HMAC. */
export function newDigest(name: DigestName, hmacKey?: string | Uint8Array): Digest {
  return new Bun.CryptoHasher(name, hmacKey);
}

export function digestOf(name: DigestName, data: string | Uint8Array, encoding: 'hex' | 'base64'): string {
  return new Bun.CryptoHasher(name).update(data).digest(encoding);
}

export function hmacOf(name: DigestName, key: string | Uint8Array, data: string): Buffer {
  return new Bun.CryptoHasher(name, key).update(data).digest();
}

/** Cryptographically random bytes (Web Crypto fills at most 64 KiB per call). */
export function randomBytes(size: number): Buffer<ArrayBuffer> {
  const out = Buffer.allocUnsafe(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(out.subarray(at, Math.min(size, at + 65_536)));
  return out;
}
