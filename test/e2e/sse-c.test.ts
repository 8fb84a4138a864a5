import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('ssec');
// The SDK base64-encodes the key and adds its MD5 itself.
const KEY = '1234567890abcdef1234567890abcdef';
const OTHER_KEY = 'abcdef1234567890abcdef1234567890';
const KEY_MD5 = createHash('md5').update(KEY).digest('base64');
const withKey = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: KEY } as const;

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const e = await s3ErrorOf(p);
  return { name: e.name, status: e.$metadata.httpStatusCode, message: e.message };
}

describe('SSE-C', () => {
  it('stores the key MD5 and requires the same key on GET, HEAD and GetObjectAttributes', async () => {
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret', Body: 'data', ...withKey }));
    expect(put.SSECustomerAlgorithm).toBe('AES256');
    expect(put.SSECustomerKeyMD5).toBe(KEY_MD5);
    expect(put.ServerSideEncryption).toBeUndefined();
    const got = await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret', ...withKey }));
    expect(await bodyText(got.Body)).toBe('data');
    expect(got.SSECustomerKeyMD5).toBe(KEY_MD5);
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'secret', ...withKey }))).SSECustomerAlgorithm).toBe('AES256');
    expect((await e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'secret', ObjectAttributes: ['ObjectSize'], ...withKey }))).ObjectSize).toBe(4);

    expect(await errorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret' })))).toMatchObject({
      name: 'InvalidRequest', status: 400, message: expect.stringContaining('The correct parameters must be provided'),
    });
    expect(await errorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret', SSECustomerAlgorithm: 'AES256', SSECustomerKey: OTHER_KEY }))))
      .toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await errorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret', SSECustomerAlgorithm: 'KMS', SSECustomerKey: KEY }))))
      .toMatchObject({ name: 'InvalidEncryptionAlgorithmError', status: 400 });
    expect((await errorOf(e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'secret' })))).status).toBe(400);
    expect((await errorOf(e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'secret', ObjectAttributes: ['ETag'] })))).name).toBe('InvalidRequest');
  });

  it('validates the headers on PutObject', async () => {
    const put = (extra: Record<string, unknown>): Promise<unknown> =>
      e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'v', Body: 'x', ...extra }));
    expect((await errorOf(put({ ...withKey, ServerSideEncryption: 'AES256' }))).message).toContain('incompatible with the encryption method');
    expect((await errorOf(put({ SSECustomerAlgorithm: 'KMS', SSECustomerKey: KEY }))).name).toBe('InvalidEncryptionAlgorithmError');
    expect((await errorOf(put({ SSECustomerKey: KEY }))).message).toContain('must provide a valid encryption algorithm');
    expect((await errorOf(put({ SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: KEY_MD5 }))).message).toContain('must provide an appropriate secret key');
    expect((await errorOf(put({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'short' }))).message).toBe('The secret key was invalid for the specified algorithm.');
    // The SDK always recomputes the key MD5, so a mismatching one goes out by hand.
    const res = await fetch(`${e2e.endpoint}/${bucket}/v`, {
      method: 'PUT', body: 'x', headers: {
        'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        'x-amz-server-side-encryption-customer-key': Buffer.from(KEY).toString('base64'),
        'x-amz-server-side-encryption-customer-key-MD5': createHash('md5').update(OTHER_KEY).digest('base64'),
      },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The calculated MD5 hash of the key did not match the hash that was provided.');
  });

  it('rejects SSE-C headers on an object stored without them', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'x' }));
    expect((await errorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain', ...withKey })))).name).toBe('InvalidRequest');
  });

  it('copies with the source key, and encrypts the target only when asked', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'copied', ...withKey }));
    const source = { CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: KEY };
    const plain = await e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst-plain', CopySource: `${bucket}/src`, ...source }));
    expect(plain.ServerSideEncryption).toBe('AES256');
    expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dst-plain' }))).Body)).toBe('copied');
    const sealed = await e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst-sealed', CopySource: `${bucket}/src`, ...source, ...withKey }));
    expect(sealed.SSECustomerKeyMD5).toBe(KEY_MD5);
    expect((await errorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dst-sealed' })))).name).toBe('InvalidRequest');
    expect((await errorOf(e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst-x', CopySource: `${bucket}/src` })))).name).toBe('InvalidRequest');
  });

  it('multipart: every part carries the upload key; the object has no default checksum', async () => {
    const { UploadId } = await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', ...withKey }));
    expect((await errorOf(e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mpu', UploadId, PartNumber: 1, Body: 'p' })))).message)
      .toContain('Subsequent part requests must include the appropriate encryption parameters');
    expect((await errorOf(e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mpu', UploadId, PartNumber: 1, Body: 'p', SSECustomerAlgorithm: 'AES256', SSECustomerKey: OTHER_KEY })))).message)
      .toContain('did not match the ones used originally');
    const part = await e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mpu', UploadId, PartNumber: 1, Body: 'part', ...withKey }));
    expect(part.SSECustomerKeyMD5).toBe(KEY_MD5);
    const done = await e2e.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', UploadId, MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] } }));
    expect(done.ChecksumCRC64NVME).toBeUndefined();
    const got = await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mpu', ChecksumMode: 'ENABLED', ...withKey }));
    expect(await bodyText(got.Body)).toBe('part');
    expect(got.ChecksumCRC64NVME).toBeUndefined();
  });
});
