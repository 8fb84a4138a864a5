import { CreateBucketCommand, GetBucketLocationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';
import { s3Client, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

let strict: TestServer;
let lenient: TestServer;

beforeAll(async () => {
  [strict, lenient] = await Promise.all([startInProcessServer(), startInProcessServer({ env: { ALLOW_NONSTANDARD_REGIONS: '1' } })]);
});
afterAll(async () => Promise.all([strict.stop(), lenient.stop()]));

describe('regions', () => {
  it('refuses a location constraint outside AWS regions by default', async () => {
    const err = await s3ErrorOf(s3Client(strict.endpoint).send(new CreateBucketCommand({
      Bucket: uniqueBucket('region'), CreateBucketConfiguration: { LocationConstraint: 'eu-east-1' as 'eu-west-1' },
    })));
    expect(err.name).toBe('InvalidLocationConstraint');
  });

  it('with ALLOW_NONSTANDARD_REGIONS, creates and lists buckets in a nonstandard region', async () => {
    const bucket = uniqueBucket('region');
    const s3 = s3Client(lenient.endpoint, { region: 'eu-east-1' });
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-east-1' as 'eu-west-1' } }));
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint).toBe('eu-east-1');
    const listed = await s3Client(lenient.endpoint).send(new ListBucketsCommand({ BucketRegion: 'eu-east-1' }));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual([bucket]);
  });
});
