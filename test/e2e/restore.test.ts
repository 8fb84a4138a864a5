import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('restore');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('RestoreObject', () => {
  it('makes an archived object readable until the restore expires', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold', Body: 'frozen', StorageClass: 'DEEP_ARCHIVE' }));
    const denied = await s3ErrorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' })));
    expect(denied.name).toBe('InvalidObjectState');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect((await s3ErrorOf(e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/cold` })))).name).toBe('InvalidObjectState');

    const started = await e2e.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Bulk' } } }));
    expect(started.$metadata.httpStatusCode).toBe(202);
    const head = await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }));
    expect(head.Restore).toMatch(/^ongoing-request="false", expiry-date="\w{3}, \d{2} \w{3} \d{4} 00:00:00 GMT"$/);
    expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' }))).Body)).toBe('frozen');
    // Asking again only extends the copy's life.
    const again = await e2e.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 5 } }));
    expect(again.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses objects that are not archived', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'warm', Body: 'x' }));
    const err = await s3ErrorOf(e2e.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'warm', RestoreRequest: { Days: 1 } })));
    expect(err.name).toBe('InvalidObjectState');
  });
});
