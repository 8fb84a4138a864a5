import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../protocol/generated/types.ts';
import type { S3Object } from '../state/object.ts';
import { planKey, type BucketLifecycle, type KeyAction } from './plan.ts';
import { version } from './version.test-helper.ts';

const KB = 1024;
const at = (iso: string): Date => new Date(iso);
const ms = (iso: string): number => Date.parse(iso);
const lifecycle = (rules: Array<Partial<LifecycleRule>>, size = 'all_storage_classes_128K'): BucketLifecycle => ({
  rules: rules.map((r, i) => ({ ID: `r${i}`, Status: 'Enabled', Filter: {}, ...r })),
  transitionDefaultMinimumObjectSize: size,
});
/** What each action does to which version, as `kind:versionId[:class]`. */
const described = (actions: readonly KeyAction[]): string[] =>
  actions.map((a) => `${a.kind}:${a.version.versionId}${a.kind === 'transition' ? `:${a.storageClass}` : ''}`);

describe('planKey: current versions', () => {
  const obj = version({ key: 'k', lastModified: at('2026-01-15T10:30:00Z') });
  const expire3 = lifecycle([{ Expiration: { Days: 3 } }]);

  it('expires the current version from the midnight after LastModified + Days, not before', () => {
    expect(described(planKey(expire3, [obj], ms('2026-01-18T23:59:59Z')))).toEqual([]);
    expect(described(planKey(expire3, [obj], ms('2026-01-19T00:00:00Z')))).toEqual(['expire:null']);
  });

  it('expires on a Date', () => {
    const byDate = lifecycle([{ Expiration: { Date: at('2026-02-01T00:00:00Z') } }]);
    expect(planKey(byDate, [obj], ms('2026-01-31T12:00:00Z'))).toEqual([]);
    expect(described(planKey(byDate, [obj], ms('2026-02-01T00:00:00Z')))).toEqual(['expire:null']);
  });

  it('leaves a key whose current version is a delete marker over older versions alone', () => {
    const chain = [version({ key: 'k', versionId: 'v1' }), version({ key: 'k', versionId: 'm', isDeleteMarker: true, size: 0 })];
    expect(planKey(expire3, chain, ms('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('transitions to the deepest due class, and expiration wins over a transition', () => {
    const big = version({ key: 'k', size: 200 * KB, lastModified: at('2026-01-15T10:30:00Z') });
    const rules = lifecycle([{ Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 60, StorageClass: 'GLACIER' }], Expiration: { Days: 365 } }]);
    expect(described(planKey(rules, [big], ms('2026-02-20T00:00:00Z')))).toEqual(['transition:null:STANDARD_IA']);
    expect(described(planKey(rules, [big], ms('2026-03-20T00:00:00Z')))).toEqual(['transition:null:GLACIER']);
    expect(described(planKey(rules, [big], ms('2027-03-20T00:00:00Z')))).toEqual(['expire:null']);
  });

  it('never moves a version up the waterfall or to the class it has', () => {
    const glacier = version({ key: 'k', size: 200 * KB, storageClass: 'GLACIER' });
    const rules = lifecycle([{ Transitions: [{ Days: 1, StorageClass: 'STANDARD_IA' }, { Days: 2, StorageClass: 'GLACIER' }] }]);
    expect(planKey(rules, [glacier], ms('2027-01-01T00:00:00Z'))).toEqual([]);
    const toDeep = lifecycle([{ Transitions: [{ Days: 1, StorageClass: 'DEEP_ARCHIVE' }] }]);
    expect(described(planKey(toDeep, [glacier], ms('2027-01-01T00:00:00Z')))).toEqual(['transition:null:DEEP_ARCHIVE']);
  });

  it('keeps objects under 128 KB out of transitions unless a size filter or varies_by_storage_class lets them', () => {
    const small = version({ key: 'k', size: 1 * KB });
    const later = ms('2027-01-01T00:00:00Z');
    const toGlacier = [{ Transitions: [{ Days: 1, StorageClass: 'GLACIER' as const }] }];
    expect(planKey(lifecycle(toGlacier), [small], later)).toEqual([]);
    expect(described(planKey(lifecycle(toGlacier, 'varies_by_storage_class'), [small], later))).toEqual(['transition:null:GLACIER']);
    const toIa = [{ Transitions: [{ Days: 1, StorageClass: 'STANDARD_IA' as const }] }];
    expect(planKey(lifecycle(toIa, 'varies_by_storage_class'), [small], later)).toEqual([]);
    const sized = [{ Filter: { ObjectSizeGreaterThan: 10 }, Transitions: [{ Days: 1, StorageClass: 'STANDARD_IA' as const }] }];
    expect(described(planKey(lifecycle(sized), [small], later))).toEqual(['transition:null:STANDARD_IA']);
  });
});

describe('planKey: noncurrent versions and delete markers', () => {
  // v1 written 1/1, v2 on 1/10 (v1 noncurrent since), v3 on 1/20 (v2 noncurrent since), v3 current.
  const chain: S3Object[] = [
    version({ key: 'k', versionId: 'v1', lastModified: at('2026-01-01T08:00:00Z') }),
    version({ key: 'k', versionId: 'v2', lastModified: at('2026-01-10T08:00:00Z') }),
    version({ key: 'k', versionId: 'v3', lastModified: at('2026-01-20T08:00:00Z') }),
  ];

  it('counts NoncurrentDays from when the next version was written', () => {
    const rules = lifecycle([{ NoncurrentVersionExpiration: { NoncurrentDays: 5 } }]);
    // v1: due 1/16 00:00; v2: due 1/26 00:00.
    expect(described(planKey(rules, chain, ms('2026-01-15T23:00:00Z')))).toEqual([]);
    expect(described(planKey(rules, chain, ms('2026-01-16T00:00:00Z')))).toEqual(['expire-noncurrent:v1']);
    expect(described(planKey(rules, chain, ms('2026-01-26T00:00:00Z')))).toEqual(['expire-noncurrent:v1', 'expire-noncurrent:v2']);
  });

  it('keeps the NewerNoncurrentVersions newest noncurrent versions', () => {
    const rules = lifecycle([{ NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 } }]);
    expect(described(planKey(rules, chain, ms('2027-01-01T00:00:00Z')))).toEqual(['expire-noncurrent:v1']);
  });

  it('transitions noncurrent versions by NoncurrentDays', () => {
    const big = chain.map((v) => ({ ...v, size: 200 * KB }));
    const rules = lifecycle([{ NoncurrentVersionTransitions: [{ NoncurrentDays: 5, StorageClass: 'GLACIER' }] }]);
    expect(described(planKey(rules, big, ms('2026-01-20T00:00:00Z')))).toEqual(['transition:v1:GLACIER']);
  });

  it('removes a delete marker left alone with ExpiredObjectDeleteMarker, not one with versions behind it', () => {
    const marker = version({ key: 'k', versionId: 'm', isDeleteMarker: true, size: 0 });
    const rules = lifecycle([{ Expiration: { ExpiredObjectDeleteMarker: true } }]);
    expect(described(planKey(rules, [marker], ms('2026-01-15T11:00:00Z')))).toEqual(['remove-marker:m']);
    expect(planKey(rules, [chain[0] as S3Object, marker], ms('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('removes a lone delete marker once an Expiration Days rule would have expired it (AWS does with Days)', () => {
    const marker = version({ key: 'k', versionId: 'm', isDeleteMarker: true, size: 0, lastModified: at('2026-01-15T00:00:00Z') });
    const rules = lifecycle([{ Expiration: { Days: 2 } }]);
    expect(planKey(rules, [marker], ms('2026-01-16T12:00:00Z'))).toEqual([]);
    expect(described(planKey(rules, [marker], ms('2026-01-17T00:00:00Z')))).toEqual(['remove-marker:m']);
  });

  it('applies filters to each version: a tag on the old version only', () => {
    const tagged = [{ ...(chain[0] as S3Object), tags: [{ Key: 'tmp', Value: '1' }] }, chain[1] as S3Object, chain[2] as S3Object];
    const rules = lifecycle([{ Filter: { Tag: { Key: 'tmp', Value: '1' } }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }]);
    expect(described(planKey(rules, tagged, ms('2027-01-01T00:00:00Z')))).toEqual(['expire-noncurrent:v1']);
  });
});
