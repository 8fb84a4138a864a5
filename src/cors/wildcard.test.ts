import { describe, expect, it } from 'vitest';
import { hasManyWildcards, wildcardMatches } from './wildcard.ts';

/** The regex the CORS matcher used to build: the reference for short inputs, where it is fast. */
function viaRegex(pattern: string, value: string): boolean {
  const body = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${body}$`).test(value);
}

/** Deterministic strings over a tiny alphabet, so pieces repeat and overlap often. */
function* cases(count: number): Generator<[string, string]> {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const word = (alphabet: string, max: number): string =>
    Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)] ?? '').join('');
  for (let i = 0; i < count; i += 1) yield [word('ab*', 6), word('ab', 8)];
}

describe('wildcardMatches', () => {
  it('matches exactly without a star, and a star stands for one or more characters', () => {
    expect(wildcardMatches('http://a.com', 'http://a.com')).toBe(true);
    expect(wildcardMatches('http://a.com', 'http://b.com')).toBe(false);
    expect(wildcardMatches('https://*.example.com', 'https://app.example.com')).toBe(true);
    expect(wildcardMatches('https://*.example.com', 'https://.example.com')).toBe(false);
    expect(wildcardMatches('x-amz-*', 'x-amz-date')).toBe(true);
    expect(wildcardMatches('x-amz-*', 'x-amz-')).toBe(false);
    expect(wildcardMatches('a*a', 'aa')).toBe(false);
    expect(wildcardMatches('a*a', 'aba')).toBe(true);
  });

  it('agrees with the old regex on every short pattern and value tried', () => {
    for (const [pattern, value] of cases(20_000)) {
      expect([pattern, value, wildcardMatches(pattern, value)]).toEqual([pattern, value, viaRegex(pattern, value)]);
    }
  });

  // The old regex never came back from this pair (exponential backtracking); a stored
  // configuration from before PutBucketCors refused such patterns must still answer.
  it('answers at once for a many-star pattern against a long near-miss', { timeout: 5000 }, () => {
    const pattern = `http://${'*a'.repeat(12)}`;
    expect(wildcardMatches(pattern, `http://${'a'.repeat(60)}b`)).toBe(false);
    expect(wildcardMatches(`${pattern}*b`, `http://${'a'.repeat(60)}c`)).toBe(false);
    expect(wildcardMatches(`${pattern}*b`, `http://${'a'.repeat(60_000)}c`)).toBe(false);
    expect(wildcardMatches(pattern, `http://${'a'.repeat(60)}`)).toBe(true);
  });
});

describe('hasManyWildcards', () => {
  it('is true from the second star on', () => {
    expect(hasManyWildcards('http://a.com')).toBe(false);
    expect(hasManyWildcards('*')).toBe(false);
    expect(hasManyWildcards('https://*.example.com')).toBe(false);
    expect(hasManyWildcards('*example*.com')).toBe(true);
    expect(hasManyWildcards('**')).toBe(true);
  });
});
