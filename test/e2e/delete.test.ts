import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';
import { s3Client, uniqueBucket } from '../helpers/s3-client.ts';

let server: TestServer;
let s3: S3Client;
const bucket = uniqueBucket('del');

beforeAll(async () => {
  server = await startInProcessServer();
  s3 = s3Client(server.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => server.stop());

describe('DeleteObject / DeleteObjects', () => {
  it('DeleteObject removes the key and answers 204 even when it is absent', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone', Body: 'x' }));
    const res = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'gone' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    const again = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('DeleteObjects deletes many keys and reports each', async () => {
    const keys = ['m1', 'm2', 'm3'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual(keys);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'm' }));
    expect(list.KeyCount).toBe(0);
  });

  it('DeleteObjects in Quiet mode reports nothing on success', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'q', Body: 'q' }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'q' }], Quiet: true } }));
    expect(res.Deleted).toBeUndefined();
    expect(res.Errors).toBeUndefined();
  });

  it('DeleteObjects refuses more than 1000 keys with MalformedXML', async () => {
    const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    await expect(s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }))).rejects.toMatchObject({ name: 'MalformedXML' });
  });

  it('DeleteObjects needs no Content-MD5 (as AWS now), but a wrong one is BadDigest', async () => {
    const body = '<Delete><Object><Key>x</Key></Object></Delete>';
    const ok = await fetch(`${server.endpoint}/${bucket}/?delete&x-id=DeleteObjects`, { method: 'POST', body });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${server.endpoint}/${bucket}?delete`, {
      method: 'POST', body, headers: { 'Content-MD5': createHash('md5').update('other').digest('base64') },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>BadDigest</Code>');
  });
});
