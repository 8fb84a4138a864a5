/**
 * Bucket replication to buckets on the same server, through @aws-sdk/client-s3: versions a rule
 * covers go PENDING, then COMPLETED once copied (REPLICA on the copy), or FAILED. Tests wait by
 * polling HEAD (or a listing), a bounded number of times, never for a fixed time.
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketCommand, DeleteBucketReplicationCommand, DeleteObjectCommand, DeleteObjectsCommand,
  DeleteObjectTaggingCommand, GetObjectAclCommand, GetObjectAttributesCommand, GetObjectCommand, GetObjectLegalHoldCommand, GetObjectTaggingCommand,
  HeadObjectCommand, ListObjectVersionsCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, PutObjectAclCommand, PutObjectCommand,
  PutObjectLegalHoldCommand, PutObjectTaggingCommand, UploadPartCommand,
  type HeadObjectCommandOutput, type ReplicationRule, type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientOfAccountId } from '../helpers/accounts.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';
import { useE2e } from '../helpers/e2e.ts';

let other: S3Client;

const e2e = useE2e();
beforeAll(async () => {
  other = clientOfAccountId(e2e, '111111111111');
});

const ROLE = 'arn:aws:iam::000000000000:role/replication';
const POLLS = 500;

async function versionedBucket(client: S3Client = e2e.s3, prefix = 'repl'): Promise<string> {
  const Bucket = uniqueBucket(prefix);
  await client.send(new CreateBucketCommand({ Bucket }));
  await client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  return Bucket;
}

function rule(dest: string, over: Partial<ReplicationRule> = {}): ReplicationRule {
  return { Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${dest}` }, ...over };
}

async function replicate(source: string, ...rules: ReplicationRule[]): Promise<void> {
  await e2e.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: { Role: ROLE, Rules: rules } }));
}

/** The source version's HEAD once it is no longer PENDING (bounded polling). */
async function settled(Bucket: string, Key: string, VersionId?: string): Promise<HeadObjectCommandOutput> {
  for (let i = 0; i < POLLS; i++) {
    const head = await e2e.s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }));
    if (head.ReplicationStatus !== 'PENDING') return head;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${Bucket}/${Key} stayed PENDING`);
}

async function versionsOf(Bucket: string): Promise<{ versions: string[]; markers: string[] }> {
  const out = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket }));
  return { versions: (out.Versions ?? []).map((v) => v.VersionId ?? ''), markers: (out.DeleteMarkers ?? []).map((m) => m.VersionId ?? '') };
}

describe('replication to a bucket on this server', () => {
  it('marks a new version PENDING, copies it with the same version id, metadata, tags and checksum, then says COMPLETED', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'before', Body: 'old' }));
    await replicate(source, rule(dest));
    const put = await e2e.s3.send(new PutObjectCommand({
      Bucket: source, Key: 'doc.txt', Body: 'hello replication', ContentType: 'text/plain', Metadata: { colour: 'blue' },
      Tagging: 'team=a&env=prod', ChecksumAlgorithm: 'SHA256',
    }));
    const first = await e2e.s3.send(new HeadObjectCommand({ Bucket: source, Key: 'doc.txt' }));
    expect(['PENDING', 'COMPLETED']).toContain(first.ReplicationStatus);
    const done = await settled(source, 'doc.txt');
    expect(done.ReplicationStatus).toBe('COMPLETED');

    const replica = await e2e.s3.send(new GetObjectCommand({ Bucket: dest, Key: 'doc.txt', ChecksumMode: 'ENABLED' }));
    expect(replica.ReplicationStatus).toBe('REPLICA');
    expect(replica.VersionId).toBe(put.VersionId);
    expect(replica.ETag).toBe(put.ETag);
    expect(replica.ContentType).toBe('text/plain');
    expect(replica.Metadata).toEqual({ colour: 'blue' });
    expect(replica.ChecksumSHA256).toBe(put.ChecksumSHA256);
    expect(replica.LastModified?.getTime()).toBe(done.LastModified?.getTime());
    expect(await bodyText(replica.Body)).toBe('hello replication');
    const tags = await e2e.s3.send(new GetObjectTaggingCommand({ Bucket: dest, Key: 'doc.txt' }));
    expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }]);
    // What existed before the configuration stays where it was, without a status.
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: source, Key: 'before' }))).ReplicationStatus).toBeUndefined();
    expect((await versionsOf(dest)).versions).toEqual([put.VersionId]);
  });

  it('does not report the status in GetObjectAttributes', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'k', Body: 'x' }));
    await settled(source, 'k');
    const attrs = await e2e.s3.send(new GetObjectAttributesCommand({ Bucket: source, Key: 'k', ObjectAttributes: ['ETag', 'StorageClass'] }));
    expect(Object.keys(attrs).filter((k) => k.toLowerCase().includes('replication'))).toEqual([]);
  });

  it('replicates a delete marker with its version id when the rule says so, and not otherwise', async () => {
    const [source, withMarkers, withoutMarkers] = [await versionedBucket(), await versionedBucket(), await versionedBucket()];
    await replicate(source,
      rule(withMarkers, { ID: 'markers', Filter: { Prefix: 'm/' }, DeleteMarkerReplication: { Status: 'Enabled' } }),
      rule(withoutMarkers, { ID: 'plain', Filter: { Prefix: 'm/' } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'm/k', Body: 'x' }));
    await settled(source, 'm/k');
    const deleted = await e2e.s3.send(new DeleteObjectCommand({ Bucket: source, Key: 'm/k' }));
    // A later version is copied after the marker (one queue, in order): once it is, the marker's turn has passed.
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'm/after', Body: 'y' }));
    await settled(source, 'm/after');
    expect((await versionsOf(withMarkers)).markers).toEqual([deleted.VersionId]);
    expect((await versionsOf(withoutMarkers)).markers).toEqual([]);
  });

  it('does not replicate the deletion of a specific version', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest, { DeleteMarkerReplication: { Status: 'Enabled' } }));
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'k', Body: 'x' }));
    await settled(source, 'k');
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: source, Key: 'k', VersionId: put.VersionId }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'later', Body: 'y' }));
    await settled(source, 'later');
    expect((await versionsOf(dest)).versions).toContain(put.VersionId);
    expect((await versionsOf(dest)).markers).toEqual([]);
  });

  it('goes by prefix and tag filters, the highest priority winning a destination, and its storage class', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source,
      rule(dest, { ID: 'logs', Priority: 1, Filter: { Prefix: 'logs/' }, Destination: { Bucket: `arn:aws:s3:::${dest}`, StorageClass: 'STANDARD_IA' } }),
      rule(dest, { ID: 'hot', Priority: 2, Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'tier', Value: 'hot' }] } }, Destination: { Bucket: `arn:aws:s3:::${dest}`, StorageClass: 'GLACIER_IR' } }),
      rule(dest, { ID: 'tagged', Priority: 0, Filter: { Tag: { Key: 'keep', Value: 'yes' } } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'logs/a', Body: 'a' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'logs/b', Body: 'b', Tagging: 'tier=hot' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'data/c', Body: 'c', Tagging: 'keep=yes' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'data/d', Body: 'd' }));
    for (const key of ['logs/a', 'logs/b', 'data/c']) expect((await settled(source, key)).ReplicationStatus).toBe('COMPLETED');
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: source, Key: 'data/d' }))).ReplicationStatus).toBeUndefined();
    const classOf = async (Key: string): Promise<string | undefined> => (await e2e.s3.send(new HeadObjectCommand({ Bucket: dest, Key }))).StorageClass;
    expect(await classOf('logs/a')).toBe('STANDARD_IA');
    expect(await classOf('logs/b')).toBe('GLACIER_IR');
    expect(await classOf('data/c')).toBeUndefined();
    const listed = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: dest }));
    expect((listed.Versions ?? []).map((v) => v.Key).sort()).toEqual(['data/c', 'logs/a', 'logs/b']);
  });

  it('makes the destination account owner of the replica with AccessControlTranslation Owner=Destination', async () => {
    const source = await versionedBucket();
    const [keep, take] = [await versionedBucket(other, 'repl-other'), await versionedBucket(other, 'repl-other')];
    await replicate(source,
      rule(keep, { ID: 'keep', Filter: { Prefix: 'keep/' } }),
      rule(take, { ID: 'take', Filter: { Prefix: 'take/' }, Destination: { Bucket: `arn:aws:s3:::${take}`, Account: '111111111111', AccessControlTranslation: { Owner: 'Destination' } } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'keep/k', Body: 'x' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'take/k', Body: 'x' }));
    await settled(source, 'keep/k');
    await settled(source, 'take/k');
    const ownerIn = async (Bucket: string): Promise<string | undefined> => (await other.send(new ListObjectVersionsCommand({ Bucket }))).Versions?.[0]?.Owner?.ID;
    const mine = await other.send(new ListObjectVersionsCommand({ Bucket: source }));
    expect(await ownerIn(keep)).toBe(mine.Versions?.[0]?.Owner?.ID);
    expect(await ownerIn(take)).toBe(createHash('sha256').update('111111111111').digest('hex'));
  });

  it('carries later tag, ACL and legal-hold changes of a source version to its replica', async () => {
    const lockedBucket = async (): Promise<string> => {
      const Bucket = uniqueBucket('repl-lock');
      await e2e.s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
      return Bucket;
    };
    const [source, dest] = [await lockedBucket(), await lockedBucket()];
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'before', Body: 'x', Tagging: 'a=1' }));
    await replicate(source, rule(dest));
    const { VersionId } = await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'k', Body: 'x', Tagging: 'a=1' }));
    expect((await settled(source, 'k')).ReplicationStatus).toBe('COMPLETED');
    const replicaTags = async (): Promise<unknown> => (await e2e.s3.send(new GetObjectTaggingCommand({ Bucket: dest, Key: 'k', VersionId }))).TagSet;
    expect(await replicaTags()).toEqual([{ Key: 'a', Value: '1' }]);

    // Each change marks the source version PENDING in the same store change, so settling waits for the replica.
    await e2e.s3.send(new PutObjectTaggingCommand({ Bucket: source, Key: 'k', Tagging: { TagSet: [{ Key: 'b', Value: '2' }] } }));
    expect((await settled(source, 'k')).ReplicationStatus).toBe('COMPLETED');
    expect(await replicaTags()).toEqual([{ Key: 'b', Value: '2' }]);
    await e2e.s3.send(new DeleteObjectTaggingCommand({ Bucket: source, Key: 'k' }));
    expect((await settled(source, 'k')).ReplicationStatus).toBe('COMPLETED');
    expect(await replicaTags()).toEqual([]);

    await e2e.s3.send(new PutObjectAclCommand({ Bucket: source, Key: 'k', ACL: 'public-read' }));
    expect((await settled(source, 'k')).ReplicationStatus).toBe('COMPLETED');
    const grants = (await e2e.s3.send(new GetObjectAclCommand({ Bucket: dest, Key: 'k', VersionId }))).Grants ?? [];
    expect(grants.map((g) => [g.Grantee?.URI ?? g.Grantee?.Type, g.Permission])).toContainEqual(['http://acs.amazonaws.com/groups/global/AllUsers', 'READ']);

    await e2e.s3.send(new PutObjectLegalHoldCommand({ Bucket: source, Key: 'k', LegalHold: { Status: 'ON' } }));
    expect((await settled(source, 'k')).ReplicationStatus).toBe('COMPLETED');
    expect((await e2e.s3.send(new GetObjectLegalHoldCommand({ Bucket: dest, Key: 'k', VersionId }))).LegalHold?.Status).toBe('ON');
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: dest, Key: 'k', VersionId }))).ReplicationStatus).toBe('REPLICA');
    await e2e.s3.send(new PutObjectLegalHoldCommand({ Bucket: source, Key: 'k', LegalHold: { Status: 'OFF' } }));
    await settled(source, 'k');
    expect((await e2e.s3.send(new GetObjectLegalHoldCommand({ Bucket: dest, Key: 'k', VersionId }))).LegalHold?.Status).toBe('OFF');

    // A version from before the configuration was never replicated: changing its tags does not start it.
    await e2e.s3.send(new PutObjectTaggingCommand({ Bucket: source, Key: 'before', Tagging: { TagSet: [] } }));
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: source, Key: 'before' }))).ReplicationStatus).toBeUndefined();
    expect((await versionsOf(dest)).versions).toEqual([VersionId]);
  });

  it('says FAILED, and writes nothing, when the destination bucket is gone or not versioned', async () => {
    const [source, gone, unversioned] = [await versionedBucket(), await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(gone, { ID: 'gone', Filter: { Prefix: 'g/' } }), rule(unversioned, { ID: 'suspended', Filter: { Prefix: 's/' } }));
    await e2e.s3.send(new DeleteBucketCommand({ Bucket: gone }));
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: unversioned, VersioningConfiguration: { Status: 'Suspended' } }));
    const { lines } = await e2e.serverLog(async () => {
      await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'g/k', Body: 'x' }));
      await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 's/k', Body: 'x' }));
      expect((await settled(source, 'g/k')).ReplicationStatus).toBe('FAILED');
      expect((await settled(source, 's/k')).ReplicationStatus).toBe('FAILED');
    }, (logged) => logged.filter((line) => line.includes('FAILED:')).length >= 2);
    expect(lines.join('\n')).toMatch(/g\/k .*FAILED: DstBucketNotFound: destination bucket .* does not exist on this server/);
    expect(lines.join('\n')).toMatch(/s\/k .*FAILED: DstBucketUnversioned: versioning is not enabled/);
    expect(await versionsOf(unversioned)).toEqual({ versions: [], markers: [] });
  });

  it('replicates a multipart object with its parts ETag', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest));
    const { UploadId } = await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: source, Key: 'big' }));
    const part1 = new Uint8Array(5 * 1024 * 1024).fill(97);
    const p1 = await e2e.s3.send(new UploadPartCommand({ Bucket: source, Key: 'big', UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await e2e.s3.send(new UploadPartCommand({ Bucket: source, Key: 'big', UploadId, PartNumber: 2, Body: 'tail' }));
    const done = await e2e.s3.send(new CompleteMultipartUploadCommand({
      Bucket: source, Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    }));
    expect((await settled(source, 'big')).ReplicationStatus).toBe('COMPLETED');
    const replica = await e2e.s3.send(new HeadObjectCommand({ Bucket: dest, Key: 'big' }));
    expect([replica.ReplicationStatus, replica.ETag, replica.VersionId, replica.ContentLength]).toEqual(['REPLICA', done.ETag, done.VersionId, part1.length + 4]);
    const got = await e2e.s3.send(new GetObjectCommand({ Bucket: dest, Key: 'big', Range: 'bytes=5242878-5242883' }));
    expect(await bodyText(got.Body)).toBe('aatail');
  });

  it('replicates what CopyObject writes and the delete markers DeleteObjects adds', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'orig', Body: 'copied bytes', Metadata: { m: '1' } }));
    await replicate(source, rule(dest, { DeleteMarkerReplication: { Status: 'Enabled' } }));
    const copy = await e2e.s3.send(new CopyObjectCommand({ Bucket: source, Key: 'copy', CopySource: `${source}/orig` }));
    expect((await settled(source, 'copy')).ReplicationStatus).toBe('COMPLETED');
    const replica = await e2e.s3.send(new GetObjectCommand({ Bucket: dest, Key: 'copy' }));
    expect([replica.VersionId, replica.Metadata, await bodyText(replica.Body)]).toEqual([copy.VersionId, { m: '1' }, 'copied bytes']);
    const deleted = await e2e.s3.send(new DeleteObjectsCommand({ Bucket: source, Delete: { Objects: [{ Key: 'copy' }] } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: 'after', Body: 'y' }));
    await settled(source, 'after');
    expect((await versionsOf(dest)).markers).toEqual([deleted.Deleted?.[0]?.DeleteMarkerVersionId]);
  });

  it('replicates what a PostObject form uploads', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest));
    const fields: Record<string, string> = {
      key: 'form.txt', 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': 'test/20260101/us-east-1/s3/aws4_request',
      'x-amz-date': '20260101T000000Z',
    };
    const conditions = [{ bucket: source }, ...Object.entries(fields).map(([k, v]) => ['eq', `$${k}`, v])];
    const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions })).toString('base64');
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...fields, policy, 'x-amz-signature': '00' })) form.append(k, v);
    form.append('file', new Blob(['from a form']), 'form.txt');
    const res = await fetch(`${e2e.endpoint}/${source}`, { method: 'POST', body: form });
    expect(res.status).toBe(204);
    expect((await settled(source, 'form.txt')).ReplicationStatus).toBe('COMPLETED');
    const replica = await e2e.s3.send(new GetObjectCommand({ Bucket: dest, Key: 'form.txt' }));
    expect([replica.ReplicationStatus, replica.VersionId, await bodyText(replica.Body)]).toEqual(['REPLICA', res.headers.get('x-amz-version-id'), 'from a form']);
  });

  it('drops what waits at a reset and replicates again afterwards', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest));
    await Promise.all(Array.from({ length: 20 }, (_, i) => e2e.s3.send(new PutObjectCommand({ Bucket: source, Key: `k${i}`, Body: 'x' }))));
    const reset = await fetch(`${e2e.endpoint}/_ruststack/reset`, { method: 'POST' });
    expect(reset.ok).toBe(true);
    const [again, target] = [await versionedBucket(), await versionedBucket()];
    await replicate(again, rule(target));
    await e2e.s3.send(new PutObjectCommand({ Bucket: again, Key: 'k', Body: 'x' }));
    expect((await settled(again, 'k')).ReplicationStatus).toBe('COMPLETED');
  });

  it('refuses to suspend versioning on a source bucket, as AWS does', async () => {
    const [source, dest] = [await versionedBucket(), await versionedBucket()];
    await replicate(source, rule(dest));
    const err = await s3ErrorOf(e2e.s3.send(new PutBucketVersioningCommand({ Bucket: source, VersioningConfiguration: { Status: 'Suspended' } })));
    expect([err.name, err.$metadata.httpStatusCode, err.message]).toEqual([
      'InvalidBucketState', 409,
      'A replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.',
    ]);
    await e2e.s3.send(new DeleteBucketReplicationCommand({ Bucket: source }));
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: source, VersioningConfiguration: { Status: 'Suspended' } }));
  });

  it('never replicates a replica again', async () => {
    const [a, b, c] = [await versionedBucket(), await versionedBucket(), await versionedBucket()];
    await replicate(a, rule(b));
    await replicate(b, rule(c));
    await e2e.s3.send(new PutObjectCommand({ Bucket: a, Key: 'k', Body: 'x' }));
    await settled(a, 'k');
    await e2e.s3.send(new PutObjectCommand({ Bucket: b, Key: 'own', Body: 'y' }));
    expect((await settled(b, 'own')).ReplicationStatus).toBe('COMPLETED');
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: b, Key: 'k' }))).ReplicationStatus).toBe('REPLICA');
    expect((await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: c }))).Versions?.map((v) => v.Key)).toEqual(['own']);
  });
});
