import { describe, expect, it } from 'vitest';
import { oid, time, unsignedInteger } from './der.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('DER', () => {
  it('encodes object identifiers with base-128 arcs (X.690 8.19)', () => {
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
  });

  it('keeps integers positive and minimal', () => {
    expect(hex(unsignedInteger(Uint8Array.of(0x80)))).toBe('02020080');
    expect(hex(unsignedInteger(Uint8Array.of(0, 0, 5)))).toBe('020105');
  });

  it('writes UTCTime before 2050 and GeneralizedTime from then on (RFC 5280 4.1.2.5)', () => {
    expect(Buffer.from(time(new Date('2049-12-31T23:59:59Z'))).subarray(2).toString()).toBe('491231235959Z');
    expect(Buffer.from(time(new Date('2050-01-01T00:00:00Z'))).subarray(2).toString()).toBe('20500101000000Z');
  });
});
