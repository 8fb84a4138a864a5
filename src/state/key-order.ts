/**
 * S3 key order: S3 lists keys "in ascending UTF-8 binary order"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). UTF-8 byte order is code
 * point order, which differs from JS string order (UTF-16 code units) in one place only: a surrogate
 * (U+D800–U+DFFF, half of a code point above U+FFFF) sorts below U+E000–U+FFFF as a code unit, but
 * the code point it encodes sorts above them. Keys are well-formed (they arrive as decoded UTF-8).
 */

/** Matches a string containing any code unit that may need the surrogate correction. */
const HIGH_UNIT = /[\uD800-\uFFFF]/;

/**
 * True when native `<` orders `s` correctly against ANY other string: a correction is only needed
 * when both code units at the first difference are >= U+D800, which cannot happen if `s` has none.
 * Lets the tree test a probe once per operation instead of paying for code-point compares.
 */
export function isNativeOrdered(s: string): boolean {
  return !HIGH_UNIT.test(s);
}

/** Moves surrogates above U+E000–U+FFFF so code unit order becomes code point order. */
function fixUnit(u: number): number {
  return u >= 0xe000 ? u - 0x800 : u + 0x2000;
}

/** Compares two keys in UTF-8 byte order without encoding them: negative, 0 or positive. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = fixUnit(x);
      y = fixUnit(y);
    }
    return x - y;
  }
  return a.length - b.length;
}

/** `a < b` in S3 key order, using native comparison when `probeIsNative` says it is exact. */
export function keyLess(a: string, b: string, probeIsNative: boolean): boolean {
  return probeIsNative ? a < b : compareKeys(a, b) < 0;
}
