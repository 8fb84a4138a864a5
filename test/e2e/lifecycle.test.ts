import {
  CreateBucketCommand, DeleteBucketLifecycleCommand, GetBucketLifecycleConfigurationCommand, HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';
import { s3Client, uniqueBucket } from '../helpers/s3-client.ts';

let server: TestServer;
let s3: S3Client;
const bucket = uniqueBucket('lc');

beforeAll(async () => {
  server = await startInProcessServer();
  s3 = s3Client(server.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => server.stop());

describe('lifecycle configuration', () => {
  it('stores rules, shows x-amz-expiration on matching objects, and deletes', async () => {
    await expect(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
    const put = await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [
      { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 7 } },
    ] } }));
    expect(put.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules?.[0]?.ID).toBe('logs');
    const obj = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/a', Body: 'x' }));
    expect(obj.Expiration).toMatch(/^expiry-date="[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT", rule-id="logs"$/);
    const other = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'logs/a' }));
    expect(other.Expiration).toBe(obj.Expiration);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/b', Body: 'x' }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'data/b' }))).Expiration).toBeUndefined();
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
    await expect(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
  });

  it('refuses an expiration date that is not at midnight GMT', async () => {
    await expect(s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [
      { ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2030-01-01T10:00:00Z') } },
    ] } }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });
});
