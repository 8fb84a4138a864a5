import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('list');
const KEYS = ['a.txt', 'dir/x', 'dir/y', 'dir/sub/z', 'e f+g', 'photos/2024/1.jpg', 'photos/2025/2.jpg', 'z'];

// In process and against the compiled binary: the shipped artefact passes the same suite.
describeE2e('listing', (e2e) => {
  beforeAll(async () => {
    await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await Promise.all(KEYS.map((Key) => e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
  });

  describe('ListObjectsV2', () => {
    it('lists every key in UTF-8 binary order with sizes and ETags', async () => {
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(res.Contents?.map((o) => o.Key)).toEqual([...KEYS].sort());
      expect(res.KeyCount).toBe(KEYS.length);
      expect(res.IsTruncated).toBe(false);
      expect(res.Contents?.[0]?.Size).toBe('a.txt'.length);
      expect(res.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.Contents?.[0]?.StorageClass).toBe('STANDARD');
      expect(res.Contents?.[0]?.Owner).toBeUndefined();
    });

    it('rolls keys up into CommonPrefixes with a delimiter', async () => {
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
      expect(res.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'e f+g', 'z']);
      expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/', 'photos/']);
      expect(res.KeyCount).toBe(5);
    });

    it('combines prefix and delimiter', async () => {
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dir/', Delimiter: '/' }));
      expect(res.Contents?.map((o) => o.Key)).toEqual(['dir/x', 'dir/y']);
      expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/sub/']);
      expect(res.Prefix).toBe('dir/');
    });

    it('pages with MaxKeys and ContinuationToken until done', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 3, ContinuationToken: token }));
        seen.push(...(res.Contents ?? []).map((o) => o.Key ?? ''));
        token = res.NextContinuationToken;
        pages += 1;
        if (token !== undefined) expect(res.IsTruncated).toBe(true);
      } while (token !== undefined);
      expect(seen).toEqual([...KEYS].sort());
      expect(pages).toBe(3);
    });

    it('starts after StartAfter', async () => {
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'dir/y' }));
      expect(res.Contents?.[0]?.Key).toBe('e f+g');
      expect(res.StartAfter).toBe('dir/y');
    });

    it('includes Owner with FetchOwner', async () => {
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, FetchOwner: true, MaxKeys: 1 }));
      expect(res.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    });

    it('url-encodes keys and the prefix with encoding-type=url', async () => {
      // The JS SDK hands the encoded values back as they came (botocore decodes them).
      const res = await e2e.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'e f', EncodingType: 'url' }));
      expect(res.Contents?.map((o) => o.Key)).toEqual(['e%20f%2Bg']);
      expect(res.Prefix).toBe('e%20f');
      expect(res.EncodingType).toBe('url');
    });

    it('answers NoSuchBucket for a missing bucket', async () => {
      await expect(e2e.s3.send(new ListObjectsV2Command({ Bucket: uniqueBucket('none') }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    });
  });

  describe('ListObjects (v1)', () => {
    it('pages with Marker and returns NextMarker when a delimiter is set', async () => {
      const first = await e2e.s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 2, Delimiter: '/' }));
      expect(first.IsTruncated).toBe(true);
      expect(first.Contents?.map((o) => o.Key)).toEqual(['a.txt']);
      expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/']);
      expect(first.NextMarker).toBe('dir/');
      const second = await e2e.s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: first.NextMarker, Delimiter: '/' }));
      expect(second.Contents?.map((o) => o.Key)).toEqual(['e f+g', 'z']);
      expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/']);
      expect(first.Contents?.[0]?.Owner?.ID).toBeTruthy();
    });
  });
}, { binary: true });
