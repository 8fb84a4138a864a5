import { describe, expect, it } from 'vitest';
import { assertMetadataSize, assertValidKey, systemMetadataFrom } from './object-rules.ts';

describe('systemMetadataFrom', () => {
  it('defaults the type to binary/octet-stream and drops aws-chunked from Content-Encoding', () => {
    expect(systemMetadataFrom({}).contentType).toBe('binary/octet-stream');
    expect(systemMetadataFrom({ ContentEncoding: 'aws-chunked' }).contentEncoding).toBeUndefined();
    expect(systemMetadataFrom({ ContentEncoding: 'gzip,aws-chunked' }).contentEncoding).toBe('gzip');
  });

  it('shares one frozen record per Content-Type when nothing else is set', () => {
    const a = systemMetadataFrom({ ContentType: 'text/plain' });
    const b = systemMetadataFrom({ ContentType: 'text/plain' });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    // @ts-expect-error the record is read-only: it may be shared by every object of its type.
    expect(() => { a.contentType = 'x'; }).toThrow(TypeError);
    expect(systemMetadataFrom({ ContentType: 'image/png' })).not.toBe(a);
    expect(systemMetadataFrom({ ContentType: 'image/png' }).contentType).toBe('image/png');
  });

  it('gives a record of its own to a write with any other content header', () => {
    const plain = systemMetadataFrom({ ContentType: 'text/plain' });
    const withCache = systemMetadataFrom({ ContentType: 'text/plain', CacheControl: 'no-cache' });
    expect(withCache).not.toBe(plain);
    expect(withCache).toEqual(expect.objectContaining({ contentType: 'text/plain', cacheControl: 'no-cache' }));
    expect(Object.isFrozen(withCache)).toBe(false);
    expect(systemMetadataFrom({ ContentType: 'text/plain' })).toBe(plain);
  });

  it('stays correct past the number of shared types it keeps', () => {
    for (let i = 0; i < 600; i++) {
      expect(systemMetadataFrom({ ContentType: `application/x-test-${i}` }).contentType).toBe(`application/x-test-${i}`);
    }
  });
});

describe('key and metadata limits (UTF-8 bytes, not characters)', () => {
  it('accepts keys up to 1024 bytes and refuses longer ones, multi-byte characters counted as bytes', () => {
    expect(() => assertValidKey('k'.repeat(1024))).not.toThrow();
    expect(() => assertValidKey('k'.repeat(1025))).toThrow(expect.objectContaining({ code: 'KeyTooLongError' }));
    // 341 and 342 three-byte characters: 1023 and 1026 bytes.
    expect(() => assertValidKey('€'.repeat(341))).not.toThrow();
    expect(() => assertValidKey('€'.repeat(342))).toThrow(expect.objectContaining({ code: 'KeyTooLongError' }));
  });

  it('counts every name and value of user metadata against 2 KB', () => {
    expect(() => assertMetadataSize({})).not.toThrow();
    expect(() => assertMetadataSize({ ab: 'v'.repeat(2046) })).not.toThrow();
    expect(() => assertMetadataSize({ ab: 'v'.repeat(2047) })).toThrow(expect.objectContaining({ code: 'MetadataTooLarge' }));
    expect(() => assertMetadataSize({ a: '€'.repeat(683) })).toThrow(expect.objectContaining({ code: 'MetadataTooLarge' }));
  });
});
