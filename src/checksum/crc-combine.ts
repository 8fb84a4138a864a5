/**
 * FULL_OBJECT multipart checksums: the CRC of the whole object from the parts' CRCs and sizes,
 * without re-reading bytes. crc(A·B) = crc(A)·x^(8·|B|) mod P  xor  crc(B) for CRCs whose init
 * equals their xorout (all three here), as in zlib's crc32_combine. Polynomials are in reflected
 * form (the most significant bit is x^0); 64-bit values are carried as [hi, lo] uint32 pairs so
 * the arithmetic stays in fast 32-bit integer ops.
 */
import { fromBase64, toBase64 } from './encoding.ts';
import type { ChecksumAlgorithm } from './types.ts';

type Poly = readonly [hi: number, lo: number];

interface CrcField {
  readonly bytes: 4 | 8;
  readonly mul: (a: Poly, b: Poly) => Poly;
  /** x^(2^k) mod P for k = 0..63. */
  readonly x2n: readonly Poly[];
  /** x^(8·n) by n, for the part sizes seen (most uploads repeat one size). */
  readonly cache: Map<number, Poly>;
}

/** a·b mod P for 32-bit reflected CRCs (value in lo). */
function mul32(poly: number): (a: Poly, b: Poly) => Poly {
  return ([, a], [, bIn]) => {
    let b = bIn;
    let r = 0;
    for (let i = 31; i >= 0; i--) {
      if ((a >>> i) & 1) r ^= b;
      b = b & 1 ? (b >>> 1) ^ poly : b >>> 1;
    }
    return [0, r >>> 0];
  };
}

/** a·b mod P for 64-bit reflected CRCs. */
function mul64(pHi: number, pLo: number): (a: Poly, b: Poly) => Poly {
  return ([aHi, aLo], [bHiIn, bLoIn]) => {
    let bHi = bHiIn;
    let bLo = bLoIn;
    let rHi = 0;
    let rLo = 0;
    for (let i = 0; i < 64; i++) {
      const bit = i < 32 ? (aHi >>> (31 - i)) & 1 : (aLo >>> (63 - i)) & 1;
      if (bit) {
        rHi ^= bHi;
        rLo ^= bLo;
      }
      const carry = bLo & 1;
      bLo = (bLo >>> 1) | ((bHi & 1) << 31);
      bHi >>>= 1;
      if (carry) {
        bHi ^= pHi;
        bLo ^= pLo;
      }
    }
    return [rHi >>> 0, rLo >>> 0];
  };
}

function field(bytes: 4 | 8, mul: (a: Poly, b: Poly) => Poly): CrcField {
  const x2n: Poly[] = [bytes === 4 ? [0, 0x40000000] : [0x40000000, 0]];
  for (let k = 1; k < 64; k++) {
    const prev = x2n[k - 1] ?? [0, 0];
    x2n.push(mul(prev, prev));
  }
  return { bytes, mul, x2n, cache: new Map() };
}

const FIELD_MAKERS: Partial<Record<ChecksumAlgorithm, () => CrcField>> = {
  CRC32: () => field(4, mul32(0xedb88320)),
  CRC32C: () => field(4, mul32(0x82f63b78)),
  CRC64NVME: () => field(8, mul64(0x9a6c9329, 0xac4bc9b5)),
};
/**
 * Built on first use: the x^(2^k) tables take ~12k multiply steps, enough to wake the JIT, whose
 * compiler pages would otherwise be resident (~2 MiB) in every idle server.
 */
const FIELDS = new Map<ChecksumAlgorithm, CrcField>();

function fieldOf(alg: ChecksumAlgorithm): CrcField | undefined {
  let f = FIELDS.get(alg);
  if (f === undefined) {
    f = FIELD_MAKERS[alg]?.();
    if (f !== undefined) FIELDS.set(alg, f);
  }
  return f;
}

const MAX_CACHED_SIZES = 4096;

/** x^(8·n) mod P: square-and-multiply over the bits of n, starting at x^(2^3) = x^8. */
function shiftFor(f: CrcField, size: number): Poly {
  const cached = f.cache.get(size);
  if (cached !== undefined) return cached;
  let p: Poly = f.bytes === 4 ? [0, 0x80000000] : [0x80000000, 0];
  let n = size;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) {
    if (n % 2 === 1) p = f.mul(f.x2n[k] ?? [0, 0], p);
  }
  if (f.cache.size >= MAX_CACHED_SIZES) f.cache.clear();
  f.cache.set(size, p);
  return p;
}

function decode(f: CrcField, b64: string): Poly {
  const bytes = fromBase64(b64);
  if (bytes?.length !== f.bytes) throw new Error(`invalid CRC value ${JSON.stringify(b64)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return f.bytes === 4 ? [0, view.getUint32(0)] : [view.getUint32(0), view.getUint32(4)];
}

function encode(f: CrcField, [hi, lo]: Poly): string {
  const out = new Uint8Array(f.bytes);
  const view = new DataView(out.buffer);
  if (f.bytes === 4) view.setUint32(0, lo);
  else {
    view.setUint32(0, hi);
    view.setUint32(4, lo);
  }
  return toBase64(out);
}

export interface CrcPart {
  /** The part's CRC, base64 as S3 sends it. */
  readonly checksumB64: string;
  /** The part's size in bytes (up to 5 GiB, and beyond: sizes are exact up to 2^53). */
  readonly size: number;
}

/** The CRC of the parts' bytes concatenated in order (the FULL_OBJECT checksum), in base64. */
export function combineCrc(alg: ChecksumAlgorithm, parts: readonly CrcPart[]): string {
  const f = fieldOf(alg);
  if (f === undefined) throw new Error(`${alg} checksums cannot be combined`);
  let acc: Poly = [0, 0];
  for (const part of parts) {
    const crc = decode(f, part.checksumB64);
    const shifted = f.mul(shiftFor(f, part.size), acc);
    acc = [(shifted[0] ^ crc[0]) >>> 0, (shifted[1] ^ crc[1]) >>> 0];
  }
  return encode(f, acc);
}
