import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestOf, hmacOf, newDigest, randomBytes } from './digest.ts';

describe('digest', () => {
  it('matches node:crypto for every digest, in hex and base64', () => {
    const data = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    for (const name of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
      expect(digestOf(name, data, 'hex')).toBe(createHash(name).update(data).digest('hex'));
      expect(digestOf(name, 'text', 'base64')).toBe(createHash(name).update('text').digest('base64'));
    }
    expect(digestOf('md5', '', 'hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('streams, and keys an HMAC', () => {
    const d = newDigest('sha256');
    d.update('ab');
    d.update(new Uint8Array([99]));
    expect(d.digest('hex')).toBe(createHash('sha256').update('abc').digest('hex'));
    expect(hmacOf('sha256', 'key', 'data').toString('hex')).toBe(createHmac('sha256', 'key').update('data').digest('hex'));
    expect(hmacOf('sha1', new Uint8Array([1, 2]), 'x').toString('base64')).toBe(createHmac('sha1', Buffer.from([1, 2])).update('x').digest('base64'));
  });

  it('random bytes fill the whole size, beyond Web Crypto\'s 64 KiB per call', () => {
    const bytes = randomBytes(200_000);
    expect(bytes.length).toBe(200_000);
    // The last 64 KiB window is filled too: all-zero would mean it was skipped.
    expect(bytes.subarray(150_000).some((b) => b !== 0)).toBe(true);
    expect(randomBytes(16).equals(randomBytes(16))).toBe(false);
  });
});
