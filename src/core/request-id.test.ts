import { describe, expect, it } from 'vitest';
import { newHostId, newRequestId } from './request-id.ts';

describe('request ids', () => {
  it('are 16 upper-case hex digits, distinct across several refills of the pool', () => {
    const ids = Array.from({ length: 2000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('host ids are 64 base64 characters', () => {
    expect(newHostId()).toMatch(/^[A-Za-z0-9+/]{64}$/);
  });
});
