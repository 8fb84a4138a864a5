import { describe, expect, it } from 'vitest';
import { S3Error, isS3Error } from './s3-error.ts';

describe('S3Error', () => {
  it('takes its status and message from the error table when the call names only the code', () => {
    const e = new S3Error('NoSuchKey');
    expect([e.code, e.status, e.message, e.fields, e.headers]).toEqual(['NoSuchKey', 404, 'The specified key does not exist.', {}, {}]);
  });

  it('carries the message, fields and headers a call gives', () => {
    const e = new S3Error('InvalidArgument', { message: 'Invalid id', fields: { ArgumentName: 'x' }, headers: { Allow: 'GET' } });
    expect([e.status, e.message, e.fields, e.headers]).toEqual([400, 'Invalid id', { ArgumentName: 'x' }, { Allow: 'GET' }]);
  });

  it('answers another status than the table only when the call says so', () => {
    expect(new S3Error('InvalidRequest', { status: 501 }).status).toBe(501);
  });

  it('refuses a code outside the error table at compile time', () => {
    // @ts-expect-error 'NoSuchThing' is not an S3ErrorCode: tsc fails if this line ever compiles.
    expect(() => new S3Error('NoSuchThing')).toThrow();
  });

  it('is recognised by isS3Error, other errors are not', () => {
    expect([isS3Error(new S3Error('AccessDenied')), isS3Error(new Error('x')), isS3Error('AccessDenied')]).toEqual([true, false, false]);
  });
});
