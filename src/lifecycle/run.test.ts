import { describe, expect, it } from 'vitest';
import type { ObjectEvent } from '../events/object-event.ts';
import type { LifecycleRule } from '../protocol/generated/types.ts';
import type { Bucket } from '../state/bucket.ts';
import { MemoryMetadataStore } from '../state/memory-store.ts';
import type { S3Object } from '../state/object.ts';
import type { BlobRef } from '../storage/types.ts';
import type { LifecycleDeps } from './apply.ts';
import { runLifecyclePass } from './run.ts';
import { version } from './version.test-helper.ts';

interface Harness {
  readonly deps: LifecycleDeps;
  readonly state: MemoryMetadataStore;
  readonly events: ObjectEvent[];
  readonly released: BlobRef[];
}

function harness(): Harness {
  const state = new MemoryMetadataStore();
  const events: ObjectEvent[] = [];
  const released: BlobRef[] = [];
  return { state, events, released, deps: { state, blobs: { release: (b) => void released.push(b) }, events: { publish: (_b, e) => void events.push(e) } } };
}

function bucketOf(h: Harness, name: string, rules: Array<Partial<LifecycleRule>>, versioning?: 'Enabled'): Bucket {
  const bucket = h.state.createBucket({
    name, ownerAccountId: '111122223333', region: 'eu-west-1', creationDate: new Date(0), configs: {},
    versioning, mfaDelete: undefined, objectLockEnabled: false,
  });
  h.state.setConfig(bucket, 'lifecycle', { rules: rules.map((r, i) => ({ ID: `r${i}`, Status: 'Enabled', Filter: {}, ...r })), transitionDefaultMinimumObjectSize: 'varies_by_storage_class' });
  h.state.setConfig(bucket, 'notification', { QueueConfigurations: [] });
  return bucket;
}

const blob = (size: number): BlobRef => ({ size });
const LAST_MODIFIED = new Date('2026-01-01T12:00:00Z');
const put = (h: Harness, bucket: Bucket, over: Partial<S3Object> & { key: string }): void =>
  void h.state.putVersion(bucket, version({ lastModified: LAST_MODIFIED, ...over }));

describe('runLifecyclePass', () => {
  it('deletes, releases the bytes and publishes LifecycleExpiration:Delete as s3.amazonaws.com', async () => {
    const h = harness();
    const bucket = bucketOf(h, 'b', [{ Expiration: { Days: 1 } }]);
    put(h, bucket, { key: 'a', blob: blob(5) });
    const summary = await runLifecyclePass(h.deps, new Date('2026-01-03T00:00:00Z'));
    expect(summary).toMatchObject({ buckets: 1, keys: 1, expired: 1 });
    expect(bucket.objects.keyCount).toBe(0);
    expect(h.released).toEqual([blob(5)]);
    expect(h.events.map((e) => [e.name, e.key, e.requester, e.sourceIp, e.versionId])).toEqual([
      ['LifecycleExpiration:Delete', 'a', 's3.amazonaws.com', 's3.amazonaws.com', undefined],
    ]);
  });

  it('publishes DeleteMarkerCreated and LifecycleTransition with the new class', async () => {
    const h = harness();
    const bucket = bucketOf(h, 'v', [{ Filter: { Prefix: 'old/' }, Expiration: { Days: 1 } }, { Filter: { Prefix: 'cold/' }, Transitions: [{ Days: 1, StorageClass: 'DEEP_ARCHIVE' }] }], 'Enabled');
    put(h, bucket, { key: 'old/x', versionId: 'v1' });
    put(h, bucket, { key: 'cold/y', versionId: 'v2', restore: { ongoing: false, expiry: new Date('2030-01-01T00:00:00Z') } });
    await runLifecyclePass(h.deps, new Date('2026-01-05T07:00:00Z'));
    expect(h.events.map((e) => [e.name, e.key, e.storageClass])).toEqual([
      ['LifecycleTransition', 'cold/y', 'DEEP_ARCHIVE'],
      ['LifecycleExpiration:DeleteMarkerCreated', 'old/x', 'STANDARD'],
    ]);
    const cold = bucket.objects.getLatest('cold/y');
    expect([cold?.storageClass, cold?.restore]).toEqual(['DEEP_ARCHIVE', undefined]);
    const marker = bucket.objects.getLatest('old/x');
    expect([marker?.isDeleteMarker, marker?.lastModified.toISOString(), marker?.ownerAccountId]).toEqual([true, '2026-01-05T00:00:00.000Z', '111122223333']);
  });

  it('keeps noncurrent versions Object Lock protects', async () => {
    const h = harness();
    const bucket = bucketOf(h, 'l', [{ NoncurrentVersionExpiration: { NoncurrentDays: 1 } }], 'Enabled');
    put(h, bucket, { key: 'k', versionId: 'v1', lock: { mode: 'COMPLIANCE', retainUntil: new Date('2099-01-01T00:00:00Z') } });
    put(h, bucket, { key: 'k', versionId: 'v2' });
    const summary = await runLifecyclePass(h.deps, new Date('2026-02-01T00:00:00Z'));
    expect([summary.noncurrentExpired, summary.locked, bucket.objects.versionCount]).toEqual([0, 1, 2]);
  });

  it('skips buckets without a configuration and ones deleted during the pass', async () => {
    const h = harness();
    const plain = h.state.createBucket({ name: 'plain', ownerAccountId: '1', region: 'us-east-1', creationDate: new Date(0), configs: {}, versioning: undefined, mfaDelete: undefined, objectLockEnabled: false });
    put(h, plain, { key: 'x' });
    const doomed = bucketOf(h, 'doomed', [{ Expiration: { Days: 1 } }]);
    for (let i = 0; i < 20_000; i++) put(h, doomed, { key: `k${String(i).padStart(6, '0')}` });
    const pass = runLifecyclePass(h.deps, new Date('2027-01-01T00:00:00Z'), { sliceBudgetMs: 1 });
    setImmediate(() => h.state.deleteBucket(doomed));
    const summary = await pass;
    expect(summary.keys).toBeLessThan(20_000);
    expect(plain.objects.keyCount).toBe(1);
  });

  it('gives the event loop back between slices while walking many keys', async () => {
    const h = harness();
    const bucket = bucketOf(h, 'many', [{ Filter: { Prefix: 'even/' }, Expiration: { Days: 1 } }]);
    for (let i = 0; i < 50_000; i++) put(h, bucket, { key: `${i % 2 === 0 ? 'even' : 'odd'}/${String(i).padStart(6, '0')}` });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const summary = await runLifecyclePass(h.deps, new Date('2027-01-01T00:00:00Z'), { sliceBudgetMs: 2 });
    clearInterval(timer);
    expect([summary.keys, summary.expired, bucket.objects.keyCount]).toEqual([50_000, 25_000, 25_000]);
    expect(summary.slices).toBeGreaterThan(1);
    expect(ticks).toBeGreaterThan(0);
  });
});
