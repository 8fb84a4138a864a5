import { describe, expect, it, vi } from 'vitest';
import { MemoryMetadataStore } from '../state/memory-store.ts';
import type { LifecycleDeps } from './apply.ts';
import { runLifecyclePass } from './run.ts';
import { version } from './version.test-helper.ts';

const collections = vi.hoisted(() => ({ count: 0 }));
vi.mock('../memory/young-gc.ts', () => ({ collectYoung: () => void collections.count++ }));

function bucketWith(keys: number, days: number): LifecycleDeps {
  const state = new MemoryMetadataStore();
  const bucket = state.createBucket({
    name: 'b', ownerAccountId: '111122223333', region: 'eu-west-1', creationDate: new Date(0), configs: {},
    versioning: 'Enabled', mfaDelete: undefined, objectLockEnabled: false,
  });
  state.setConfig(bucket, 'lifecycle', { rules: [{ ID: 'r', Status: 'Enabled', Filter: {}, Expiration: { Days: days } }], transitionDefaultMinimumObjectSize: 'varies_by_storage_class' });
  for (let i = 0; i < keys; i++) state.putVersion(bucket, version({ key: `k${String(i).padStart(6, '0')}`, versionId: `v${i}`, lastModified: new Date('2026-01-01T00:00:00Z') }));
  return { state, blobs: { release: () => undefined }, events: { publish: () => undefined } };
}

// Delete markers made by the million would otherwise be marked in 15-20 ms young collections.
describe('a lifecycle pass and the young generation', () => {
  it('collects it after each slice that wrote, not after slices that only read', async () => {
    collections.count = 0;
    const writing = await runLifecyclePass(bucketWith(30_000, 1), new Date('2027-01-01T00:00:00Z'), { sliceBudgetMs: 1 });
    expect(writing.deleteMarkersCreated).toBe(30_000);
    expect(writing.slices).toBeGreaterThan(1);
    expect(collections.count).toBe(writing.slices - 1);

    collections.count = 0;
    const reading = await runLifecyclePass(bucketWith(30_000, 10_000), new Date('2027-01-01T00:00:00Z'), { sliceBudgetMs: 1 });
    expect(reading.slices).toBeGreaterThan(1);
    expect(collections.count).toBe(0);
  });
});
