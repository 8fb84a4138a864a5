import { describe, expect, it } from 'vitest';
import { caught } from '../../../test/helpers/thrown.ts';
import { version } from '../../lifecycle/version.test-helper.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { S3Object } from '../../state/object.ts';
import { assertMetadataSize, assertValidKey, assertValidStorageClass, isArchived, systemMetadataFrom, WRITABLE_STORAGE_CLASSES } from './object-rules.ts';

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

/** 'ok', or the error's code and fields. */
function verdict(run: () => void): string {
  const e = caught(S3Error, run);
  return e === undefined ? 'ok' : `${e.code} ${JSON.stringify(e.fields)}`;
}

describe('write validation, one rule a row', () => {
  const rows: Array<[what: string, run: () => void, expected: string]> = [
    ['an empty key', () => assertValidKey(''), 'ok'],
    ['a key of 1024 ASCII bytes', () => assertValidKey('k'.repeat(1024)), 'ok'],
    ['a key of 1025 ASCII bytes', () => assertValidKey('k'.repeat(1025)), 'KeyTooLongError {"MaxSizeAllowed":1024,"Size":1025}'],
    ['256 four-byte characters (1024 bytes, 512 UTF-16 units)', () => assertValidKey('😀'.repeat(256)), 'ok'],
    ['257 four-byte characters', () => assertValidKey('😀'.repeat(257)), 'KeyTooLongError {"MaxSizeAllowed":1024,"Size":1028}'],
    ['no storage class', () => assertValidStorageClass(undefined), 'ok'],
    ['an unknown storage class', () => assertValidStorageClass('FAST'), 'InvalidStorageClass {"StorageClassRequested":"FAST"}'],
    ['a lower-case storage class', () => assertValidStorageClass('standard'), 'InvalidStorageClass {"StorageClassRequested":"standard"}'],
    ['the directory-bucket class on a regular bucket', () => assertValidStorageClass('EXPRESS_ONEZONE'), 'InvalidStorageClass {"StorageClassRequested":"EXPRESS_ONEZONE"}'],
    ['no user metadata', () => assertMetadataSize({}), 'ok'],
    ['2048 bytes of names and values', () => assertMetadataSize({ a: 'x'.repeat(1000), b: 'y'.repeat(1046) }), 'ok'],
    ['2049 bytes over two entries', () => assertMetadataSize({ a: 'x'.repeat(1000), b: 'y'.repeat(1047) }), 'MetadataTooLarge {"Size":2049,"MaxSizeAllowed":2048}'],
  ];
  for (const [what, run, expected] of rows) {
    it(`${what}: ${expected === 'ok' ? 'accepted' : expected.split(' ')[0]}`, () => expect(verdict(run)).toBe(expected));
  }

  it('accepts every storage class a regular bucket takes', () => {
    for (const storageClass of WRITABLE_STORAGE_CLASSES) expect(verdict(() => assertValidStorageClass(storageClass))).toBe('ok');
  });
});

describe('isArchived: GLACIER and DEEP_ARCHIVE bytes need a completed, unexpired restore', () => {
  const now = new Date('2026-02-01T00:00:00Z');
  const later = new Date('2026-02-02T00:00:00Z');
  const rows: Array<[storageClass: string, restore: S3Object['restore'], archived: boolean]> = [
    ['STANDARD', undefined, false],
    ['GLACIER_IR', undefined, false],
    ['GLACIER', undefined, true],
    ['DEEP_ARCHIVE', undefined, true],
    ['GLACIER', { ongoing: true }, true],
    ['GLACIER', { ongoing: false, expiry: later }, false],
    ['DEEP_ARCHIVE', { ongoing: false, expiry: now }, true],
    ['GLACIER', { ongoing: false, expiry: new Date('2026-01-31T00:00:00Z') }, true],
    ['GLACIER', { ongoing: false }, false],
  ];
  for (const [storageClass, restore, archived] of rows) {
    it(`${storageClass} with restore ${JSON.stringify(restore) ?? 'none'}: ${archived ? 'archived' : 'readable'}`, () => {
      expect(isArchived(version({ key: 'k', storageClass, restore }), now)).toBe(archived);
    });
  }
});
