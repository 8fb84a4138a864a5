/** Deterministic random helpers shared by the state tests (no I/O, no globals). */

export type Rand = () => number;

/** A small LCG so failures reproduce from the seed. */
export function seeded(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

export function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/**
 * Keys over a tiny alphabet so prefixes, delimiters and collisions are frequent; includes characters
 * whose UTF-16 order differs from UTF-8 order.
 */
const ALPHABET = ['a', 'b', 'c', '/', '-', '.', 'é', '\uE000', '\u{1F600}', 'z'];

export function randomKey(rand: Rand, maxLen = 6): string {
  const len = 1 + Math.floor(rand() * maxLen);
  let out = '';
  for (let i = 0; i < len; i++) out += pick(rand, ALPHABET);
  return out;
}
