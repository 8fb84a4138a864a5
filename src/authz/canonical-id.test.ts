import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalIdOf, DEFAULT_CANONICAL_ID } from './canonical-id.ts';

describe('canonicalIdOf', () => {
  it("gives the default account LocalStack's canonical id", () => {
    expect(canonicalIdOf('000000000000')).toBe('75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a');
  });

  it("gives any other account the SHA-256 hex of its digits, its own and stable", () => {
    const id = canonicalIdOf('111111111111');
    expect([id, canonicalIdOf('111111111111')]).toEqual([createHash('sha256').update('111111111111').digest('hex'), id]);
    expect(new Set([id, canonicalIdOf('222222222222'), DEFAULT_CANONICAL_ID]).size).toBe(3);
  });
});
