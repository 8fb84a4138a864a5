import { describe, expect, it } from 'vitest';
import { restoreExpiry } from './restore-expiry.ts';

describe('restoreExpiry', () => {
  it('rounds to midnight UTC after the requested days, as AWS does', () => {
    expect(restoreExpiry(new Date('2026-03-10T15:42:00Z'), 30).toISOString()).toBe('2026-04-10T00:00:00.000Z');
    expect(restoreExpiry(new Date('2026-12-31T00:00:00Z'), 1).toISOString()).toBe('2027-01-02T00:00:00.000Z');
  });
});
