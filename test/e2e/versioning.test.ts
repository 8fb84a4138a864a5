import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { describeE2e } from '../helpers/e2e.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

// In process and against the compiled binary: the shipped artefact passes the same suite.
describeE2e('versioning', (e2e) => {
  async function versionedBucket(): Promise<string> {
    const b = uniqueBucket('ver');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: b }));
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    return b;
  }

  describe('versioning', () => {
    it('a never-versioned bucket has no versioning Status', async () => {
      const b = uniqueBucket('ver');
      await e2e.s3.send(new CreateBucketCommand({ Bucket: b }));
      const res = await e2e.s3.send(new GetBucketVersioningCommand({ Bucket: b }));
      expect(res.Status).toBeUndefined();
      await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Suspended' } }));
      expect((await e2e.s3.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBe('Suspended');
    });

    it('each PutObject on an Enabled bucket makes a new version readable by id', async () => {
      const b = await versionedBucket();
      const v1 = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'one' }));
      const v2 = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'two' }));
      expect(v1.VersionId).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(v1.VersionId).not.toBe(v2.VersionId);
      expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k' }))).Body)).toBe('two');
      const old = await e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: v1.VersionId }));
      expect(await bodyText(old.Body)).toBe('one');
      expect(old.VersionId).toBe(v1.VersionId);
    });

    it('DeleteObject inserts a delete marker; reads answer NoSuchKey, by-id reads of the marker 405', async () => {
      const b = await versionedBucket();
      const put = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const del = await e2e.s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
      expect(del.DeleteMarker).toBe(true);
      expect(del.VersionId).toBeTruthy();
      const err = await s3ErrorOf(e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k' })));
      expect(err.name).toBe('NoSuchKey');
      expect(err.$response?.headers['x-amz-delete-marker']).toBe('true');
      const byId = await s3ErrorOf(e2e.s3.send(new HeadObjectCommand({ Bucket: b, Key: 'k', VersionId: del.VersionId })));
      expect(byId.$metadata.httpStatusCode).toBe(405);
      // The old version is still there.
      expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: put.VersionId }))).Body)).toBe('x');
      expect((await e2e.s3.send(new ListObjectsV2Command({ Bucket: b }))).KeyCount).toBe(0);
    });

    it('deleting a version by id removes it for good; deleting the marker restores the object', async () => {
      const b = await versionedBucket();
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const del = await e2e.s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
      const undo = await e2e.s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: del.VersionId }));
      expect(undo.DeleteMarker).toBe(true);
      expect(undo.VersionId).toBe(del.VersionId);
      expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k' }))).Body)).toBe('x');
    });

    it('a missing version id is NoSuchVersion, one never issued is InvalidArgument', async () => {
      const b = await versionedBucket();
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const other = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'other', Body: 'y' }));
      // A well-formed id of another key's version: not a version of this key.
      expect((await s3ErrorOf(e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: other.VersionId })))).name).toBe('NoSuchVersion');
      // Ids this server could never have issued are malformed, as on AWS.
      for (const bad of ['bad id', 'A'.repeat(32), 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD']) {
        expect((await s3ErrorOf(e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: bad })))).name, bad).toBe('InvalidArgument');
      }
    });

    it('a Suspended bucket overwrites only the null version', async () => {
      const b = await versionedBucket();
      const kept = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'versioned' }));
      await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Suspended' } }));
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'null-1' }));
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'null-2' }));
      const versions = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: b }));
      expect(versions.Versions?.map((v) => v.VersionId)).toEqual(['null', kept.VersionId]);
      expect(versions.Versions?.[0]?.IsLatest).toBe(true);
      expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: 'null' }))).Body)).toBe('null-2');
    });

    it('ListObjectVersions lists versions newest first per key and pages with markers', async () => {
      const b = await versionedBucket();
      const ids: string[] = [];
      for (const body of ['1', '2', '3']) ids.unshift((await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'a', Body: body }))).VersionId ?? '');
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'b', Body: 'b' }));
      await e2e.s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'b' }));
      const all = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: b }));
      expect(all.Versions?.filter((v) => v.Key === 'a').map((v) => v.VersionId)).toEqual(ids);
      expect(all.DeleteMarkers?.map((m) => [m.Key, m.IsLatest])).toEqual([['b', true]]);
      const page1 = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 2 }));
      expect(page1.IsTruncated).toBe(true);
      expect(page1.NextKeyMarker).toBe('a');
      expect(page1.NextVersionIdMarker).toBe(ids[1]);
      const page2 = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 2, KeyMarker: page1.NextKeyMarker, VersionIdMarker: page1.NextVersionIdMarker }));
      expect(page2.Versions?.[0]?.VersionId).toBe(ids[2]);
    });

    it('DeleteObjects racing over the same version both report it deleted, not NoSuchVersion (as AWS)', async () => {
      const b = await versionedBucket();
      const { VersionId } = await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const batch = (): Promise<DeleteObjectsCommandOutput> => e2e.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'k', VersionId }] } }));
      const results = await Promise.all([batch(), batch()]);
      expect(results.map((r) => [r.Deleted, r.Errors])).toEqual([[[{ Key: 'k', VersionId }], undefined], [[{ Key: 'k', VersionId }], undefined]]);
      expect((await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: b }))).Versions).toBeUndefined();
    });

    it('DeleteObjects still reports a version id this server never issued as NoSuchVersion', async () => {
      const b = await versionedBucket();
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const res = await e2e.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'k', VersionId: 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD' }] } }));
      expect(res.Errors?.map((e) => e.Code)).toEqual(['NoSuchVersion']);
    });

    it('DeleteObjects on a versioned bucket reports DeleteMarker and DeleteMarkerVersionId', async () => {
      const b = await versionedBucket();
      await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
      const res = await e2e.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'k' }] } }));
      expect(res.Deleted?.[0]?.DeleteMarker).toBe(true);
      expect(res.Deleted?.[0]?.DeleteMarkerVersionId).toBeTruthy();
    });
  });
}, { binary: true });
