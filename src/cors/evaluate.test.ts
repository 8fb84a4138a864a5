import { describe, expect, it } from 'vitest';
import type { CORSRule } from '../protocol/generated/types.ts';
import { matchRule } from './evaluate.ts';

const rule = (AllowedOrigins: string[], AllowedHeaders?: string[]): CORSRule => ({ AllowedOrigins, AllowedMethods: ['GET'], ...(AllowedHeaders ? { AllowedHeaders } : {}) });

describe('matchRule', () => {
  it('matches an origin against a one-star pattern, the star standing for at least one character', () => {
    const rules = [rule(['https://*.example.com'])];
    expect(matchRule(rules, 'https://app.example.com', 'GET', null)).toBe(rules[0]);
    expect(matchRule(rules, 'https://.example.com', 'GET', null)).toBeUndefined();
    expect(matchRule(rules, 'https://app.example.org', 'GET', null)).toBeUndefined();
  });

  // The regex built from this pattern held the event loop for minutes on one request; such a rule
  // can no longer be stored, but matching must not depend on that.
  it('answers at once for a many-star origin pattern and a long near-miss origin', { timeout: 5000 }, () => {
    const rules = [rule([`http://${'*a'.repeat(12)}`])];
    expect(matchRule(rules, `http://${'a'.repeat(60)}b`, 'GET', null)).toBeUndefined();
    expect(matchRule(rules, `http://${'a'.repeat(60)}`, 'GET', null)).toBe(rules[0]);
  });

  it('lets a one-star AllowedHeader cover a family of requested headers, case aside', () => {
    const rules = [rule(['*'], ['x-amz-*', 'Content-Type'])];
    expect(matchRule(rules, 'https://a.com', 'GET', 'X-Amz-Date, content-type,x-amz-meta-a')).toBe(rules[0]);
    expect(matchRule(rules, 'https://a.com', 'GET', 'x-amz-date, x-custom')).toBeUndefined();
    expect(matchRule(rules, 'https://a.com', 'GET', 'x-amz-')).toBeUndefined();
    expect(matchRule([rule(['*'])], 'https://a.com', 'GET', 'x-amz-date')).toBeUndefined();
  });
});
