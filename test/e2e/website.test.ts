import { CreateBucketCommand, DeleteBucketWebsiteCommand, GetBucketWebsiteCommand, PutBucketWebsiteCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('web');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('website configuration', () => {
  it('stores, returns and deletes a website configuration', async () => {
    await expect(e2e.s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchWebsiteConfiguration' });
    await e2e.s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' } } }));
    const got = await e2e.s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }));
    expect(got.IndexDocument?.Suffix).toBe('index.html');
    expect(got.ErrorDocument?.Key).toBe('error.html');
    await e2e.s3.send(new DeleteBucketWebsiteCommand({ Bucket: bucket }));
    await expect(e2e.s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchWebsiteConfiguration' });
  });

  it('validates as AWS: an index suffix is needed, and cannot contain a slash', async () => {
    await expect(e2e.s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { ErrorDocument: { Key: 'e' } } }))).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(e2e.s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'a/b' } } }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('serves the bucket on its website endpoint over HTTP, chosen by the Host header', async () => {
    await e2e.s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body: '<h1>hi</h1>', ContentType: 'text/html' }));
    const res = await fetch(`${e2e.endpoint}/`, { headers: { host: `${bucket}.s3-website.localhost.localstack.cloud:4566` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<h1>hi</h1>');
  });
});
