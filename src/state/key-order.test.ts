import { describe, expect, it } from 'vitest';
import { compareKeys, isNativeOrdered, keyLess } from './key-order.ts';

/** Code points from every UTF-8 length class and both sides of the UTF-16 anomaly. */
const POINTS = [0x00, 0x2f, 0x41, 0x61, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xf8ff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function randomKey(rand: () => number): string {
  const len = Math.floor(rand() * 6);
  let out = '';
  for (let i = 0; i < len; i++) {
    const cp = rand() < 0.7 ? (POINTS[Math.floor(rand() * POINTS.length)] as number) : Math.floor(rand() * 0x10ffff);
    // Keys are well-formed UTF-8: no lone surrogates.
    out += String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? cp + 0x800 : cp);
  }
  return out;
}

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareKeys', () => {
  it('orders a supplementary character above U+E000-U+FFFF, unlike JS string order', () => {
    const emoji = '\u{1F600}';
    const privateUse = '\uE000';
    expect(emoji < privateUse).toBe(true);
    expect(compareKeys(emoji, privateUse)).toBeGreaterThan(0);
    expect(compareKeys('\uFFFF', '\u{10000}')).toBeLessThan(0);
  });

  it('agrees in sign with Buffer.compare of the UTF-8 encodings on random strings', () => {
    const rand = seeded(42);
    // Disagreements are collected and asserted once: 50,000 expect calls cost more than the compares.
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const a = randomKey(rand);
      const b = rand() < 0.2 ? a + randomKey(rand) : randomKey(rand);
      if (Math.sign(compareKeys(a, b)) !== Math.sign(utf8Order(a, b))) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('sorts a random array exactly as Buffer.compare does', () => {
    const rand = seeded(7);
    const keys = Array.from({ length: 5000 }, () => randomKey(rand));
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort(utf8Order));
  });

  it('treats a key as less than its extensions', () => {
    expect(compareKeys('a', 'a/')).toBeLessThan(0);
    expect(compareKeys('', 'a')).toBeLessThan(0);
    expect(compareKeys('abc', 'abc')).toBe(0);
  });
});

describe('keyLess', () => {
  it('matches compareKeys whenever one operand is natively ordered', () => {
    const rand = seeded(9);
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = randomKey(rand);
      const b = randomKey(rand);
      const native = isNativeOrdered(a) || isNativeOrdered(b);
      if (keyLess(a, b, native) !== compareKeys(a, b) < 0) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('flags strings with code units from U+D800 up as needing code point comparison', () => {
    expect(isNativeOrdered('photos/2024/ça.jpg')).toBe(true);
    expect(isNativeOrdered('x\uE000')).toBe(false);
    expect(isNativeOrdered('x\u{1F600}')).toBe(false);
  });
});
