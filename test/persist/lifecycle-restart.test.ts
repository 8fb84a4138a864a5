/** A lifecycle pass with PERSISTENCE=1: its changes go through the persistent store and survive a restart. */
import {
  CreateBucketCommand, HeadObjectCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../helpers/s3-client.ts';
import { bytes } from './build-state.ts';
import { startPersistentServer } from './persistent-server.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'persist-lifecycle-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PERSISTENCE=1 lifecycle pass', () => {
  it('keeps what a pass did across a restart: removals, delete markers, transitions; removed bodies leave the disk', async () => {
    const env = { S3_MAX_MEMORY_OBJECT_SIZE: String(64 * 1024), S3_LIFECYCLE_INTERVAL: '0' };
    let server = await startPersistentServer(root, env);
    let s3 = s3Client(server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    // Over 64 KiB: a body file of its own, which the expiration must release.
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'tmp/large', Body: bytes(300 * 1024, 3) }));
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'cold/big', Body: bytes(200 * 1024, 4) }));
    await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'v' }));
    const rules = [
      { ID: 'tmp', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
      { ID: 'cold', Status: 'Enabled' as const, Filter: { Prefix: 'cold/' }, Transitions: [{ Days: 1, StorageClass: 'GLACIER' as const }] },
    ];
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'plain', LifecycleConfiguration: { Rules: rules } }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'versioned', LifecycleConfiguration: { Rules: [
      { ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } },
    ] } }));
    const res = await fetch(`${server.endpoint}/_ruststack/lifecycle/run?days=2`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ expired: 2, deleteMarkersCreated: 1, transitioned: 1 });
    await server.stop();

    expect(readdirSync(join(root, 'state', 's3', 'blobs'))).toHaveLength(1);
    server = await startPersistentServer(root, env);
    s3 = s3Client(server.endpoint);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'plain', Key: 'tmp/large' }))).rejects.toMatchObject({ name: 'NotFound' });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'plain', Key: 'cold/big' }))).StorageClass).toBe('GLACIER');
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versioned' }));
    expect([versions.Versions?.length, versions.DeleteMarkers?.[0]?.IsLatest]).toEqual([1, true]);
    await server.stop();
  });
});
