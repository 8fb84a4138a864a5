import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand,
  PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('attrs');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('GetObjectAttributes', () => {
  it('reports ETag (unquoted), size, storage class and checksum of a plain object', async () => {
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'hello', ChecksumAlgorithm: 'SHA256' }));
    const res = await e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'a', ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum'] }));
    expect(res.ETag).toBe(createHash('md5').update('hello').digest('hex'));
    expect(res.ObjectSize).toBe(5);
    expect(res.StorageClass).toBe('STANDARD');
    expect(res.Checksum?.ChecksumSHA256).toBe(createHash('sha256').update('hello').digest('base64'));
    expect(res.Checksum?.ChecksumType).toBe('FULL_OBJECT');
    expect(res.LastModified).toBeInstanceOf(Date);
  });

  it('pages the parts of a COMPOSITE multipart object with their checksums', async () => {
    const { UploadId } = await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp', ChecksumAlgorithm: 'SHA256' }));
    const parts = [];
    for (const n of [1, 2]) {
      const Body = new Uint8Array(n === 1 ? 5 * 1024 * 1024 : 10).fill(n);
      const r = await e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: n, Body, ChecksumAlgorithm: 'SHA256' }));
      parts.push({ ETag: r.ETag, PartNumber: n, ChecksumSHA256: r.ChecksumSHA256 });
    }
    await e2e.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mp', UploadId, MultipartUpload: { Parts: parts } }));
    const res = await e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'mp', ObjectAttributes: ['ObjectParts', 'Checksum'], MaxParts: 1 }));
    expect(res.ObjectParts?.TotalPartsCount).toBe(2);
    expect(res.ObjectParts?.IsTruncated).toBe(true);
    expect(res.ObjectParts?.Parts?.[0]).toMatchObject({ PartNumber: 1, Size: 5 * 1024 * 1024, ChecksumSHA256: parts[0]?.ChecksumSHA256 });
    expect(res.Checksum?.ChecksumSHA256).not.toContain('-');
    expect(res.Checksum?.ChecksumType).toBe('COMPOSITE');
    // The next page starts after NextPartNumberMarker (shape as in LocalStack's AWS recordings of
    // test_complete_multipart_parts_checksum_composite).
    expect(res.ObjectParts).toMatchObject({ PartNumberMarker: '0', NextPartNumberMarker: '1', MaxParts: 1 });
    const next = await e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'mp', ObjectAttributes: ['ObjectParts'], MaxParts: 1, PartNumberMarker: '1' }));
    expect(next.ObjectParts).toMatchObject({ TotalPartsCount: 2, PartNumberMarker: '1', NextPartNumberMarker: '2', IsTruncated: false });
    expect(next.ObjectParts?.Parts).toEqual([{ PartNumber: 2, Size: 10, ChecksumSHA256: parts[1]?.ChecksumSHA256 }]);
  });

  it('answers NoSuchKey for a missing key and InvalidArgument for an unknown attribute', async () => {
    await expect(e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'none', ObjectAttributes: ['ETag'] }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(e2e.s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'a', ObjectAttributes: ['Nope' as 'ETag'] }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });
});
