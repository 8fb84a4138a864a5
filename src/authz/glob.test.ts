import { describe, expect, it } from 'vitest';
import { globMatches } from './glob.ts';

describe('globMatches (IAM wildcards)', () => {
  it('matches a pattern without wildcards exactly', () => {
    expect([globMatches('arn:aws:s3:::b/k', 'arn:aws:s3:::b/k'), globMatches('arn:aws:s3:::b/k', 'arn:aws:s3:::b/k2')]).toEqual([true, false]);
  });

  it('lets * stand for an empty run as well as a long one', () => {
    expect([globMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/'), globMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/a/b/c')]).toEqual([true, true]);
  });

  it('does not let * match across a missing literal', () => {
    expect(globMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::bb')).toBe(false);
  });

  it('lets ? stand for exactly one character', () => {
    expect([globMatches('a?c', 'abc'), globMatches('a?c', 'ac'), globMatches('a?c', 'abbc')]).toEqual([true, false, false]);
  });

  it('matches middle pieces in order, each leftmost', () => {
    expect([globMatches('*a*b*c*', 'xaybzc'), globMatches('*a*b*c*', 'xcybza'), globMatches('a*?b', 'a-b'), globMatches('a*?b', 'ab')]).toEqual([true, false, true, false]);
  });

  it('answers a pathological pattern quickly', () => {
    const value = 'a'.repeat(2000);
    const started = performance.now();
    expect(globMatches(`${'*a'.repeat(200)}*b`, value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
