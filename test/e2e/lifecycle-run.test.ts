/**
 * Lifecycle rules executed: objects written through the SDK, a configuration put, then a pass run
 * "as of" a later time through POST /_ruststack/lifecycle/run, and the result read back.
 */
import {
  CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand,
  RestoreObjectCommand, UploadPartCommand, type LifecycleRule,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const e2e = useE2e({ env: { S3_LIFECYCLE_INTERVAL: '0' } });

const DAY_MS = 86_400_000;

interface Summary {
  status: string;
  now: string;
  expired: number;
  deleteMarkersCreated: number;
  noncurrentExpired: number;
  deleteMarkersRemoved: number;
  transitioned: number;
  aborted: number;
}

async function runAsOf(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${e2e.endpoint}/_ruststack/lifecycle/run${query}`, { method: 'POST', headers });
}

/** A pass as of `days` from now (or an absolute time), which must succeed. */
async function passAt(when: { days: number } | { now: Date }): Promise<Summary> {
  const query = 'days' in when ? `?days=${when.days}` : `?now=${encodeURIComponent(when.now.toISOString())}`;
  const res = await runAsOf(query);
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
}

async function bucketWith(rules: LifecycleRule[], versioning?: 'Enabled' | 'Suspended', size?: 'varies_by_storage_class'): Promise<string> {
  const bucket = uniqueBucket('lcrun');
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioning !== undefined) await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: versioning } }));
  await e2e.s3.send(new PutBucketLifecycleConfigurationCommand({
    Bucket: bucket, LifecycleConfiguration: { Rules: rules }, ...(size !== undefined ? { TransitionDefaultMinimumObjectSize: size } : {}),
  }));
  return bucket;
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'NotFound') return false;
    throw e;
  }
}

/** `key:current` / `key:noncurrent` per version and `key:marker[:current]` per delete marker, sorted. */
async function versionsOf(bucket: string): Promise<string[]> {
  const out = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return [
    ...(out.Versions ?? []).map((v) => `${v.Key}:${v.IsLatest === true ? 'current' : 'noncurrent'}`),
    ...(out.DeleteMarkers ?? []).map((m) => `${m.Key}:marker${m.IsLatest === true ? ':current' : ''}`),
  ].sort();
}

describe('lifecycle pass on an unversioned bucket', () => {
  it('removes an object exactly when its x-amz-expiration header says, and only objects the filter matches', async () => {
    const bucket = await bucketWith([{ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 7 } }]);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/a', Body: 'a' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/b', Body: 'b' }));
    const header = (await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'logs/a' }))).Expiration ?? '';
    const date = new Date(/expiry-date="([^"]+)"/.exec(header)?.[1] ?? 'missing');
    expect(header).toContain('rule-id="logs"');

    const before = await passAt({ now: new Date(date.getTime() - 1000) });
    expect(before.expired).toBe(0);
    expect(await exists(bucket, 'logs/a')).toBe(true);

    const due = await passAt({ now: date });
    expect(due.expired).toBeGreaterThanOrEqual(1);
    expect(await exists(bucket, 'logs/a')).toBe(false);
    expect(await exists(bucket, 'data/b')).toBe(true);
  });

  it('filters by tag, by size and by both with And', async () => {
    const bucket = await bucketWith([
      { ID: 'tag', Status: 'Enabled', Filter: { Tag: { Key: 'temp', Value: 'yes' } }, Expiration: { Days: 1 } },
      { ID: 'big', Status: 'Enabled', Filter: { ObjectSizeGreaterThan: 5 }, Expiration: { Days: 1 } },
      { ID: 'and', Status: 'Enabled', Filter: { And: { Prefix: 'x/', Tags: [{ Key: 'a', Value: '1' }], ObjectSizeLessThan: 3 } }, Expiration: { Days: 1 } },
    ]);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 'x', Tagging: 'temp=yes' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other-tag', Body: 'x', Tagging: 'temp=no' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'large', Body: '0123456789' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x/small', Body: 'ab', Tagging: 'a=1' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x/untagged', Body: 'ab' }));
    await passAt({ days: 3 });
    const left = await Promise.all(['tagged', 'other-tag', 'large', 'x/small', 'x/untagged'].map(async (k) => [k, await exists(bucket, k)]));
    expect(Object.fromEntries(left)).toEqual({ tagged: false, 'other-tag': true, large: false, 'x/small': false, 'x/untagged': true });
  });

  it('aborts incomplete multipart uploads DaysAfterInitiation after they started', async () => {
    const bucket = await bucketWith([{ ID: 'mpu', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } }]);
    const upload = await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'tmp/big' }));
    await e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'tmp/big', UploadId: upload.UploadId, PartNumber: 1, Body: 'part' }));
    await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'keep/big' }));
    expect((await passAt({ days: 1 })).aborted).toBe(0);
    expect((await passAt({ days: 3 })).aborted).toBe(1);
    const left = await e2e.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect((left.Uploads ?? []).map((u) => u.Key)).toEqual(['keep/big']);
  });
});

describe('lifecycle pass on a versioned bucket', () => {
  it('adds a delete marker for an expired current version, expires noncurrent versions, then the lone marker', async () => {
    const bucket = await bucketWith([{ ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }], 'Enabled');
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v1' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v2' }));

    const first = await passAt({ days: 3 });
    expect(first.deleteMarkersCreated).toBe(1);
    // v1 has been noncurrent since v2 was written; v2 only since this pass's marker.
    expect(first.noncurrentExpired).toBe(1);
    expect(await versionsOf(bucket)).toEqual(['k:marker:current', 'k:noncurrent']);
    const marker = (await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))).DeleteMarkers?.[0];
    // AWS dates the marker at midnight UTC of the day the pass ran.
    expect((marker?.LastModified?.getTime() ?? 1) % DAY_MS).toBe(0);

    expect((await passAt({ days: 5 })).noncurrentExpired).toBe(1);
    expect(await versionsOf(bucket)).toEqual(['k:marker:current']);
    expect((await passAt({ days: 6 })).deleteMarkersRemoved).toBe(1);
    expect(await versionsOf(bucket)).toEqual([]);
  });

  it('keeps NewerNoncurrentVersions noncurrent versions', async () => {
    const bucket = await bucketWith([{ ID: 'nc', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 2 } }], 'Enabled');
    for (const body of ['1', '2', '3', '4']) await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: body }));
    expect((await passAt({ days: 3 })).noncurrentExpired).toBe(1);
    expect(await versionsOf(bucket)).toEqual(['k:current', 'k:noncurrent', 'k:noncurrent']);
  });

  it('removes an expired object delete marker with ExpiredObjectDeleteMarker', async () => {
    const bucket = await bucketWith([{ ID: 'dm', Status: 'Enabled', Filter: {}, Expiration: { ExpiredObjectDeleteMarker: true } }], 'Enabled');
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone', Body: 'x' }));
    const versions = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const id = versions.Versions?.[0]?.VersionId;
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'kept', Body: 'x' }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone', VersionId: id }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'kept' }));
    expect((await passAt({ days: 0 })).deleteMarkersRemoved).toBe(1);
    expect(await versionsOf(bucket)).toEqual(['kept:marker:current', 'kept:noncurrent']);
  });

  it('on a Suspended bucket, expiring puts a null delete marker in the null version\'s place', async () => {
    const bucket = await bucketWith([{ ID: 'e', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }], 'Suspended');
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    expect((await passAt({ days: 2 })).deleteMarkersCreated).toBe(1);
    const out = await e2e.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(out.Versions ?? []).toEqual([]);
    expect(out.DeleteMarkers?.map((m) => m.VersionId)).toEqual(['null']);
  });
});

describe('lifecycle transitions', () => {
  it('moves an object to GLACIER, which then needs RestoreObject before GET', async () => {
    const bucket = await bucketWith([{ ID: 't', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }], undefined, 'varies_by_storage_class');
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold', Body: 'brr' }));
    expect((await passAt({ days: 10 })).transitioned).toBe(0);
    expect((await passAt({ days: 31 })).transitioned).toBe(1);
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }))).StorageClass).toBe('GLACIER');
    const err = await s3ErrorOf(e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' })));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['InvalidObjectState', 403]);
    await e2e.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 1 } }));
    expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' }))).Body)).toBe('brr');
  });

  it('leaves objects under 128 KB in place by default, moves larger ones to STANDARD_IA, readable as before', async () => {
    const bucket = await bucketWith([{ ID: 'ia', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }]);
    const big = new Uint8Array(130 * 1024).fill(7);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: big }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small', Body: 'x' }));
    expect((await passAt({ days: 31 })).transitioned).toBe(1);
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big' }))).StorageClass).toBe('STANDARD_IA');
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'small' }))).StorageClass).toBeUndefined();
    const got = await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }));
    expect((await got.Body?.transformToByteArray())?.length).toBe(big.length);
  });
});

describe('the lifecycle endpoint', () => {
  it('answers 400 for a date it cannot read and 403 to a page of a foreign origin', async () => {
    const bad = await runAsOf('?now=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('ISO 8601');
    expect((await runAsOf('?days=x')).status).toBe(400);
    const foreign = await runAsOf('', { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    await foreign.body?.cancel();
  });

  it('evaluates as of now plus days and says when', async () => {
    const summary = await passAt({ now: new Date('2030-01-01T00:00:00Z') });
    expect(summary.now).toBe('2030-01-01T00:00:00.000Z');
    const res = await runAsOf('?now=2030-01-01T00:00:00Z&days=40');
    expect(((await res.json()) as Summary).now).toBe('2030-02-10T00:00:00.000Z');
  });
});
