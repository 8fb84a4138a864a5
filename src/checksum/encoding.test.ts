import { describe, expect, it } from 'vitest';
import { isValidChecksumValue } from './encoding.ts';

describe('isValidChecksumValue', () => {
  it('accepts padded base64 of the digest length', () => {
    expect(isValidChecksumValue('CRC32', 'y/Q5Jg==')).toBe(true);
    expect(isValidChecksumValue('CRC64NVME', 'rosUhgp5mIg=')).toBe(true);
    expect(isValidChecksumValue('SHA256', 'FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=')).toBe(true);
    expect(isValidChecksumValue('XXHASH128', 'MxGUd+3l3NXpcWQnaB1YYA==')).toBe(true);
  });

  it('rejects a value of another algorithm\'s length', () => {
    expect(isValidChecksumValue('CRC32', 'rosUhgp5mIg=')).toBe(false);
    expect(isValidChecksumValue('SHA1', 'FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=')).toBe(false);
  });

  it('rejects malformed base64: missing padding, bad characters, empty', () => {
    expect(isValidChecksumValue('CRC32', 'y/Q5Jg')).toBe(false);
    expect(isValidChecksumValue('CRC32', 'y_Q5Jg==')).toBe(false);
    expect(isValidChecksumValue('CRC32', 'y/Q5 Jg==')).toBe(false);
    expect(isValidChecksumValue('CRC32', '')).toBe(false);
  });
});
