import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('copy');
const other = uniqueBucket('copy-dest');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await e2e.s3.send(new CreateBucketCommand({ Bucket: other }));
});

describe('CopyObject', () => {
  it('copies across buckets keeping bytes, ETag and metadata (COPY directive)', async () => {
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src key+ü', Body: 'payload', ContentType: 'text/x-src', Metadata: { a: '1' } }));
    const res = await e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'dest', CopySource: `${bucket}/${encodeURIComponent('src key+ü')}` }));
    expect(res.CopyObjectResult?.ETag).toBe(put.ETag);
    const got = await e2e.s3.send(new GetObjectCommand({ Bucket: other, Key: 'dest' }));
    expect(await bodyText(got.Body)).toBe('payload');
    expect(got.ContentType).toBe('text/x-src');
    expect(got.Metadata).toEqual({ a: '1' });
  });

  it('replaces metadata with the REPLACE directive', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'meta', Body: 'm', Metadata: { old: 'x' } }));
    await e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'meta', CopySource: `${bucket}/meta`, MetadataDirective: 'REPLACE', Metadata: { new: 'y' }, ContentType: 'text/new' }));
    const head = await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta' }));
    expect(head.Metadata).toEqual({ new: 'y' });
    expect(head.ContentType).toBe('text/new');
  });

  it('refuses to copy an object onto itself without changes', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'self', Body: 's' }));
    const err = await s3ErrorOf(e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'self', CopySource: `${bucket}/self` })));
    expect(err.name).toBe('InvalidRequest');
    expect(err.message).toContain('copy an object to itself');
    await expect(e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'self', CopySource: `${bucket}/self`, StorageClass: 'STANDARD_IA' }))).resolves.toBeDefined();
  });

  it('evaluates copy-source preconditions with AWS precedence', async () => {
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pre', Body: 'p' }));
    const past = new Date(Date.now() - 3600_000);
    const copy = (extra: Record<string, unknown>) => e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'pre', CopySource: `${bucket}/pre`, ...extra }));
    expect((await s3ErrorOf(copy({ CopySourceIfMatch: '"nope"' }))).$metadata.httpStatusCode).toBe(412);
    expect((await s3ErrorOf(copy({ CopySourceIfNoneMatch: put.ETag }))).$metadata.httpStatusCode).toBe(412);
    // If-Match true beats If-Unmodified-Since false.
    await expect(copy({ CopySourceIfMatch: put.ETag, CopySourceIfUnmodifiedSince: past })).resolves.toBeDefined();
  });

  it('copies a specific source version and reports both version ids', async () => {
    const vb = uniqueBucket('copy-ver');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: vb }));
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: vb, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await e2e.s3.send(new PutObjectCommand({ Bucket: vb, Key: 'k', Body: 'first' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: vb, Key: 'k', Body: 'second' }));
    const res = await e2e.s3.send(new CopyObjectCommand({ Bucket: vb, Key: 'k2', CopySource: `${vb}/k?versionId=${v1.VersionId}` }));
    expect(res.CopySourceVersionId).toBe(v1.VersionId);
    expect(res.VersionId).toBeTruthy();
    expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: vb, Key: 'k2' }))).Body)).toBe('first');
  });

  it('answers NoSuchKey for a missing source and copies tags unless REPLACE', async () => {
    expect((await s3ErrorOf(e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'x', CopySource: `${bucket}/missing` })))).name).toBe('NoSuchKey');
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 't', Tagging: 'k=v' }));
    await e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'tagged', CopySource: `${bucket}/tagged` }));
    expect((await e2e.s3.send(new GetObjectTaggingCommand({ Bucket: other, Key: 'tagged' }))).TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    await e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'retagged', CopySource: `${bucket}/tagged`, TaggingDirective: 'REPLACE', Tagging: 'n=w' }));
    expect((await e2e.s3.send(new GetObjectTaggingCommand({ Bucket: other, Key: 'retagged' }))).TagSet).toEqual([{ Key: 'n', Value: 'w' }]);
  });

  it('recomputes the checksum when a new algorithm is asked for', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'algo', Body: 'algo' }));
    const res = await e2e.s3.send(new CopyObjectCommand({ Bucket: other, Key: 'algo', CopySource: `${bucket}/algo`, ChecksumAlgorithm: 'SHA256' }));
    expect(res.CopyObjectResult?.ChecksumSHA256).toBeTruthy();
  });
});
