import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('cond');

const e2e = useE2e();
let s3: S3Client;
beforeAll(async () => {
  s3 = e2e.client({ maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof S3ServiceException) return e.$metadata.httpStatusCode ?? 0;
    throw e;
  }
}

describe('conditional writes', () => {
  it('exactly one of 32 concurrent If-None-Match: * creates of one key succeeds', async () => {
    const body = (i: number): Uint8Array => new Uint8Array(600 * 1024).fill(i);
    const statuses = await Promise.all(Array.from({ length: 32 }, (_, i) =>
      statusOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'race', Body: body(i), IfNoneMatch: '*' })))));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The others lost: 412 when the winner was already there, 409 when it won during their upload.
    expect(statuses.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
  });

  it('If-None-Match: * refuses an existing key (412); If-Match needs the current ETag (412) and an existing key (404)', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }));
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', IfNoneMatch: '*' })))).toBe(412);
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', IfMatch: '"0000"' })))).toBe(412);
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'absent', Body: 'x', IfMatch: put.ETag })))).toBe(404);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', IfMatch: put.ETag }));
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))).Body)).toBe('two');
  });

  it('DeleteObject with If-Match deletes only the current ETag (412 otherwise, 404 when absent)', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'del', Body: 'x' }));
    expect(await statusOf(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del', IfMatch: '"0000"' })))).toBe(412);
    expect(await statusOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'del' })))).toBe(200);
    expect(await statusOf(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del', IfMatch: put.ETag })))).toBe(200);
    expect(await statusOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'del' })))).toBe(404);
    expect(await statusOf(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del', IfMatch: put.ETag })))).toBe(404);
  });
});
