import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const e2e = useE2e();

describe('buckets', () => {
  it('CreateBucket then HeadBucket reports the region', async () => {
    const name = uniqueBucket();
    const created = await e2e.s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(created.Location).toBe(`/${name}`);
    const head = await e2e.s3.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.BucketRegion).toBe('us-east-1');
  });

  it('CreateBucket is idempotent for the owner in us-east-1', async () => {
    const name = uniqueBucket();
    await e2e.s3.send(new CreateBucketCommand({ Bucket: name }));
    await expect(e2e.s3.send(new CreateBucketCommand({ Bucket: name }))).resolves.toBeDefined();
  });

  it('CreateBucket answers BucketAlreadyOwnedByYou outside us-east-1', async () => {
    const eu = e2e.client({ region: 'eu-west-2' });
    const name = uniqueBucket();
    await eu.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }));
    const err = await s3ErrorOf(eu.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } })));
    expect(err.name).toBe('BucketAlreadyOwnedByYou');
    expect(err.$metadata.httpStatusCode).toBe(409);
    const loc = await eu.send(new GetBucketLocationCommand({ Bucket: name }));
    expect(loc.LocationConstraint).toBe('eu-west-2');
  });

  it('CreateBucket answers BucketAlreadyExists for another account', async () => {
    const name = uniqueBucket();
    await e2e.s3.send(new CreateBucketCommand({ Bucket: name }));
    const other = e2e.client({ credentials: { accessKeyId: '111111111111', secretAccessKey: 'test' } });
    const err = await s3ErrorOf(other.send(new CreateBucketCommand({ Bucket: name })));
    expect(err.name).toBe('BucketAlreadyExists');
  });

  it('CreateBucket rejects invalid names with InvalidBucketName', async () => {
    for (const bad of ['ab', 'UPPER-case', '192.168.1.1', 'a..b', '-lead']) {
      const err = await s3ErrorOf(e2e.s3.send(new CreateBucketCommand({ Bucket: bad })));
      expect(err.name, bad).toBe('InvalidBucketName');
    }
  });

  it('CreateBucket in us-east-1 with LocationConstraint us-east-1 is InvalidLocationConstraint', async () => {
    const err = await s3ErrorOf(e2e.s3.send(new CreateBucketCommand({
      Bucket: uniqueBucket(),
      CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
    })));
    expect(err.name).toBe('InvalidLocationConstraint');
  });

  it('CreateBucket with a constraint that differs from the request region is IllegalLocationConstraintException', async () => {
    // (The JS SDK fills in LocationConstraint from the client region, so "none" can't be sent with it.)
    const eu = e2e.client({ region: 'eu-central-1' });
    const err = await s3ErrorOf(eu.send(new CreateBucketCommand({ Bucket: uniqueBucket(), CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } })));
    expect(err.name).toBe('IllegalLocationConstraintException');
    expect(err.message).toBe('The eu-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.');
  });

  it('DeleteBucket refuses a non-empty bucket with BucketNotEmpty, then deletes once empty', async () => {
    const name = uniqueBucket();
    await e2e.s3.send(new CreateBucketCommand({ Bucket: name }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'x' }));
    const err = await s3ErrorOf(e2e.s3.send(new DeleteBucketCommand({ Bucket: name })));
    expect(err.name).toBe('BucketNotEmpty');
    expect(err.$metadata.httpStatusCode).toBe(409);
  });

  it('DeleteBucket of a missing bucket is NoSuchBucket 404', async () => {
    const err = await s3ErrorOf(e2e.s3.send(new DeleteBucketCommand({ Bucket: uniqueBucket('missing') })));
    expect(err.name).toBe('NoSuchBucket');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('HeadBucket of a missing bucket is 404', async () => {
    const err = await s3ErrorOf(e2e.s3.send(new HeadBucketCommand({ Bucket: uniqueBucket('missing') })));
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('ListBuckets pages with MaxBuckets and ContinuationToken, filtered by Prefix', async () => {
    const prefix = uniqueBucket('lb');
    const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const n of names) await e2e.s3.send(new CreateBucketCommand({ Bucket: n }));
    const first = await e2e.s3.send(new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 2 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(names.slice(0, 2));
    expect(first.ContinuationToken).toBeTruthy();
    const second = await e2e.s3.send(new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
    expect(second.Buckets?.map((b) => b.Name)).toEqual(names.slice(2));
    expect(second.ContinuationToken).toBeUndefined();
    expect(first.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(first.Buckets?.[0]?.BucketRegion).toBe('us-east-1');
  });

  it('refuses BucketOwnerEnforced with a bucket ACL granting others: InvalidBucketAclWithObjectOwnership', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
    const refused = { name: 'InvalidBucketAclWithObjectOwnership', message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", $metadata: { httpStatusCode: 400 } };
    await expect(e2e.s3.send(new CreateBucketCommand({ Bucket: uniqueBucket(), ACL: 'public-read' }))).rejects.toMatchObject(refused);
    await expect(e2e.s3.send(new CreateBucketCommand({ Bucket: uniqueBucket(), ACL: 'public-read', ObjectOwnership: 'BucketOwnerEnforced' }))).rejects.toMatchObject(refused);
    await expect(e2e.s3.send(new CreateBucketCommand({ Bucket: uniqueBucket(), ACL: 'private' }))).resolves.toBeDefined();
    const name = uniqueBucket();
    await e2e.s3.send(new CreateBucketCommand({ Bucket: name, ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }));
    const enforce = new PutBucketOwnershipControlsCommand({ Bucket: name, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    await expect(e2e.s3.send(enforce)).rejects.toMatchObject(refused);
    await e2e.s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'private' }));
    await expect(e2e.s3.send(enforce)).resolves.toBeDefined();
  });
});
