import { describe, expect, it } from 'vitest';
import { S3Error } from '../protocol/s3-error.ts';
import { BlobStoreClearedError, BlobTooLargeError } from '../storage/types.ts';
import { fromStorageError } from './storage-errors.ts';

describe('fromStorageError', () => {
  it('answers a body past its limit with EntityTooLarge naming both sizes', () => {
    const err = fromStorageError(new BlobTooLargeError(4200, 4000), 'b');
    expect(err).toBeInstanceOf(S3Error);
    expect(err).toMatchObject({ code: 'EntityTooLarge', status: 400, message: 'Your proposed upload exceeds the maximum allowed size' });
    expect((err as S3Error).fields).toEqual({ ProposedSize: 4200, MaxSizeAllowed: 4000 });
  });

  it('answers a write overtaken by a reset with NoSuchBucket for its bucket', () => {
    expect(fromStorageError(new BlobStoreClearedError('cleared'), 'gone')).toMatchObject({ code: 'NoSuchBucket', status: 404 });
  });

  it('leaves every other error as it is', () => {
    const other = new Error('boom');
    expect(fromStorageError(other, 'b')).toBe(other);
    const s3 = new S3Error('NoSuchKey');
    expect(fromStorageError(s3, 'b')).toBe(s3);
  });
});
