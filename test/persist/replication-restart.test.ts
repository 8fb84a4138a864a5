/**
 * PERSISTENCE=1 replication: a version stored PENDING whose copy never happened (the process
 * stopped first) is copied by the next start; the outcome and the replica survive a restart.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPersistentStorage } from '../../src/persist/open.ts';
import type { BucketRecord } from '../../src/state/bucket.ts';
import { bodyText, s3Client } from '../helpers/s3-client.ts';
import { startPersistentServer } from './persistent-server.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'persist-replication-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function record(name: string, configs: BucketRecord['configs'] = {}): BucketRecord {
  return { name, ownerAccountId: '000000000000', region: 'us-east-1', creationDate: new Date(0), versioning: 'Enabled', mfaDelete: undefined, objectLockEnabled: false, configs };
}

/** The state a process leaves when it stops between storing a PENDING version and copying it. */
async function leavePending(dataDir: string): Promise<void> {
  const storage = await openPersistentStorage({ dataDir, fsync: false, maxMemoryObjectSize: 1024 * 1024 });
  storage.state.createBucket(record('dest'));
  const source = storage.state.createBucket(record('source', {
    replication: { Role: 'arn:aws:iam::000000000000:role/r', Rules: [{ ID: 'all', Status: 'Enabled', Priority: 1, Filter: {}, Destination: { Bucket: 'arn:aws:s3:::dest' } }] },
  }));
  const written = await storage.blobs.write(new TextEncoder().encode('left behind'), { checksums: [] });
  storage.state.putVersion(source, {
    key: 'k', versionId: 'v-pending', isDeleteMarker: false, lastModified: new Date('2026-01-01T00:00:00Z'), ownerAccountId: '000000000000',
    blob: written.ref, size: written.ref.size, etag: `"${written.md5Hex}"`, system: { contentType: 'text/plain' }, metadata: {}, storageClass: 'STANDARD',
    tags: [], replication: 'PENDING',
  });
  storage.state.close();
}

describe('PERSISTENCE=1 replication', () => {
  it('copies at start what the last run left PENDING, and keeps the outcome across another restart', async () => {
    await leavePending(root);
    let server = await startPersistentServer(root, { LOG_LEVEL: 'warn' });
    let s3 = s3Client(server.endpoint);
    let status: string | undefined = 'PENDING';
    for (let i = 0; i < 500 && status === 'PENDING'; i++) {
      status = (await s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'k' }))).ReplicationStatus;
      if (status === 'PENDING') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(status).toBe('COMPLETED');
    await server.stop();

    server = await startPersistentServer(root, { LOG_LEVEL: 'warn' });
    s3 = s3Client(server.endpoint);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'k' }))).ReplicationStatus).toBe('COMPLETED');
    const replica = await s3.send(new GetObjectCommand({ Bucket: 'dest', Key: 'k' }));
    expect([replica.ReplicationStatus, replica.VersionId, replica.ContentType]).toEqual(['REPLICA', 'v-pending', 'text/plain']);
    expect(await bodyText(replica.Body)).toBe('left behind');
    await server.stop();
  });
});
