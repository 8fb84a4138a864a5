import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('del');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('DeleteObject / DeleteObjects', () => {
  it('DeleteObject removes the key and answers 204 even when it is absent', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone', Body: 'x' }));
    const res = await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expect(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'gone' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    const again = await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('DeleteObjects deletes many keys and reports each', async () => {
    const keys = ['m1', 'm2', 'm3'];
    for (const Key of keys) await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    const res = await e2e.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual(keys);
    const list = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'm' }));
    expect(list.KeyCount).toBe(0);
  });

  it('DeleteObjects in Quiet mode reports nothing on success', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'q', Body: 'q' }));
    const res = await e2e.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'q' }], Quiet: true } }));
    expect(res.Deleted).toBeUndefined();
    expect(res.Errors).toBeUndefined();
  });

  it('DeleteObjects refuses more than 1000 keys with MalformedXML', async () => {
    const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    await expect(e2e.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }))).rejects.toMatchObject({ name: 'MalformedXML' });
  });

  it('DeleteObjects needs no Content-MD5 (as AWS now), but a wrong one is BadDigest', async () => {
    const body = '<Delete><Object><Key>x</Key></Object></Delete>';
    const ok = await fetch(`${e2e.endpoint}/${bucket}/?delete&x-id=DeleteObjects`, { method: 'POST', body });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${e2e.endpoint}/${bucket}?delete`, {
      method: 'POST', body, headers: { 'Content-MD5': createHash('md5').update('other').digest('base64') },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>BadDigest</Code>');
  });
});
