import { describe, expect, it } from 'vitest';
import { version } from '../lifecycle/version.test-helper.ts';
import type { Bucket, BucketRecord } from '../state/bucket.ts';
import { MemoryMetadataStore } from '../state/memory-store.ts';
import type { S3Object } from '../state/object.ts';
import type { BlobRef } from '../storage/types.ts';
import { Replicator } from './replicator.ts';
import type { ObjectEvent } from '../events/object-event.ts';
import { captureLog } from '../../test/helpers/capture-log.ts';

const CONFIG = { Role: 'r', Rules: [{ Status: 'Enabled' as const, Filter: {}, Destination: { Bucket: 'arn:aws:s3:::dest' } }] };

function record(name: string, configs: BucketRecord['configs'] = {}): BucketRecord {
  return { name, ownerAccountId: '000000000000', region: 'us-east-1', creationDate: new Date(0), versioning: 'Enabled', mfaDelete: undefined, objectLockEnabled: false, configs };
}

/** A store with source -> dest, and blobs whose copies finish when the test says so. */
function setup(capacity?: number) {
  const state = new MemoryMetadataStore();
  const source = state.createBucket(record('source', { replication: CONFIG }));
  const dest = state.createBucket(record('dest'));
  const copies: Array<{ resolve: (ref: BlobRef) => void; reject: (e: Error) => void }> = [];
  const released: BlobRef[] = [];
  const blobs = {
    concat: (refs: readonly BlobRef[]) => new Promise<BlobRef>((resolve, reject) => copies.push({ resolve: () => resolve({ size: refs[0]?.size ?? 0 }), reject })),
    release: (ref: BlobRef) => void released.push(ref),
  };
  const replicator = new Replicator({ state, blobs }, capacity);
  /** What writeVersion does: status, commit, queue. */
  const write = (bucket: Bucket, obj: S3Object): S3Object => {
    const status = replicator.statusFor(bucket, obj);
    const marked = status === undefined ? obj : { ...obj, replication: status };
    state.putVersion(bucket, marked);
    if (status === 'PENDING') replicator.enqueue(bucket, marked);
    return marked;
  };
  return { state, source, dest, copies, released, replicator, write };
}

const statusOf = (bucket: Bucket, key: string, id: string): string | undefined => bucket.objects.getVersion(key, id)?.replication;

describe('Replicator', () => {
  it('keeps a version PENDING until its copy is done, then COMPLETED with a REPLICA in the destination', async () => {
    const { source, dest, copies, replicator, write } = setup();
    write(source, version({ key: 'k', versionId: 'v1', blob: { size: 10 } }));
    expect(statusOf(source, 'k', 'v1')).toBe('PENDING');
    expect(dest.objects.getVersion('k', 'v1')).toBeUndefined();
    copies[0]?.resolve({ size: 10 });
    await replicator.idle();
    expect(statusOf(source, 'k', 'v1')).toBe('COMPLETED');
    expect(statusOf(dest, 'k', 'v1')).toBe('REPLICA');
    expect(replicator.completed).toBe(1);
  });

  it('close lets the copy in flight finish and drops what waits', async () => {
    const { source, copies, replicator, write } = setup();
    write(source, version({ key: 'a', versionId: 'v1', blob: { size: 1 } }));
    write(source, version({ key: 'b', versionId: 'v2', blob: { size: 1 } }));
    const closed = replicator.close();
    copies[0]?.resolve({ size: 1 });
    await closed;
    expect([statusOf(source, 'a', 'v1'), statusOf(source, 'b', 'v2'), copies.length]).toEqual(['COMPLETED', 'PENDING', 1]);
  });

  it('marks FAILED at once what finds the queue full, rather than leaving it PENDING', async () => {
    const { source, copies, replicator, write } = setup(1);
    write(source, version({ key: 'a', versionId: 'v1', blob: { size: 1 } }));
    write(source, version({ key: 'b', versionId: 'v2', blob: { size: 1 } }));
    const { lines } = await captureLog(() => write(source, version({ key: 'c', versionId: 'v3', blob: { size: 1 } })));
    expect([statusOf(source, 'a', 'v1'), statusOf(source, 'b', 'v2'), statusOf(source, 'c', 'v3')]).toEqual(['PENDING', 'PENDING', 'FAILED']);
    expect(lines.join('\n')).toMatch(/replication queue full/);
    copies[0]?.resolve({ size: 1 });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    copies[1]?.resolve({ size: 1 });
    await replicator.idle();
    expect([statusOf(source, 'a', 'v1'), statusOf(source, 'b', 'v2')]).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('marks FAILED a version whose copy throws', async () => {
    const { source, copies, replicator, write } = setup();
    write(source, version({ key: 'k', versionId: 'v1', blob: { size: 1 } }));
    const { lines } = await captureLog(async () => {
      copies[0]?.reject(new Error('disk full'));
      await replicator.idle();
    });
    expect(statusOf(source, 'k', 'v1')).toBe('FAILED');
    expect(lines.join('\n')).toMatch(/disk full/);
  });

  it('releases the copied bytes when the destination goes during the copy', async () => {
    const { state, source, dest, copies, released, replicator, write } = setup();
    write(source, version({ key: 'k', versionId: 'v1', blob: { size: 3 } }));
    state.deleteBucket(dest);
    const { lines } = await captureLog(async () => {
      copies[0]?.resolve({ size: 3 });
      await replicator.idle();
    });
    expect(statusOf(source, 'k', 'v1')).toBe('FAILED');
    expect(released).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/does not exist|was deleted/);
  });

  it('publishes s3:Replication:OperationFailedReplication for a failed rule with metrics enabled', async () => {
    const state = new MemoryMetadataStore();
    const rule = { ID: 'm', Status: 'Enabled' as const, Filter: {}, Destination: { Bucket: 'arn:aws:s3:::missing', Metrics: { Status: 'Enabled' as const } } };
    const source = state.createBucket(record('source', { replication: { Role: 'r', Rules: [rule] }, notification: { QueueConfigurations: [] } }));
    const published: ObjectEvent[] = [];
    const replicator = new Replicator({ state, blobs: { concat: async () => ({ size: 0 }), release: () => undefined }, events: { publish: (_b, e) => void published.push(e) } });
    const obj = { ...version({ key: 'k', versionId: 'v1' }), replication: 'PENDING' as const };
    state.putVersion(source, obj);
    await captureLog(async () => {
      replicator.enqueue(source, obj);
      await replicator.idle();
    });
    expect(published.map((e) => [e.name, e.replication?.failureReason, e.replication?.replicationRuleId]))
      .toEqual([['Replication:OperationFailedReplication', 'DstBucketNotFound', 'm']]);
  });

  it('resume queues the PENDING versions a store holds; clear drops what waits', async () => {
    const { state, source, dest, copies, replicator } = setup();
    state.putVersion(source, version({ key: 'a', versionId: 'v1', replication: 'PENDING' }));
    state.putVersion(source, version({ key: 'b', versionId: 'v2', replication: 'PENDING', blob: { size: 1 } }));
    state.putVersion(source, version({ key: 'c', versionId: 'v3', replication: 'COMPLETED' }));
    expect(replicator.resume()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(statusOf(dest, 'a', 'v1')).toBe('REPLICA');
    replicator.clear();
    copies[0]?.resolve({ size: 1 });
    await replicator.idle();
    expect(statusOf(source, 'b', 'v2')).toBe('COMPLETED');
    state.putVersion(source, version({ key: 'd', versionId: 'v4', replication: 'PENDING', blob: { size: 1 } }));
    state.putVersion(source, version({ key: 'e', versionId: 'v5', replication: 'PENDING', blob: { size: 1 } }));
    replicator.resume();
    replicator.clear();
    copies[1]?.resolve({ size: 1 });
    await replicator.idle();
    expect([statusOf(source, 'd', 'v4'), statusOf(source, 'e', 'v5')]).toEqual(['COMPLETED', 'PENDING']);
  });
});
