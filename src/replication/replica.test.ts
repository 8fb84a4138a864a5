import { describe, expect, it } from 'vitest';
import type { ReplicationRule } from '../protocol/generated/types.ts';
import { newBucket, type Bucket } from '../state/bucket.ts';
import { version } from '../lifecycle/version.test-helper.ts';
import { destinationProblem, replicaChanges, replicaOf } from './replica.ts';
import type { ReplicationTarget } from './rules.ts';

function bucket(name: string, over: Partial<Bucket> = {}): Bucket {
  return { ...newBucket({ name, ownerAccountId: '111111111111', region: 'us-east-1', creationDate: new Date(0), versioning: 'Enabled', mfaDelete: undefined, objectLockEnabled: false, configs: {} }), ...over };
}

function target(destination: Partial<ReplicationRule['Destination']> = {}): ReplicationTarget {
  return { bucket: 'dest', rule: { Status: 'Enabled', Filter: {}, Destination: { Bucket: 'arn:aws:s3:::dest', ...destination } } };
}

const ACL = { Owner: { ID: 'src-owner' }, Grants: [] };

describe('replicas', () => {
  it('keep the version id, metadata, tags, checksum and lock, and say REPLICA', () => {
    const src = version({
      key: 'k', versionId: 'v1', metadata: { a: '1' }, tags: [{ Key: 't', Value: 'x' }], checksumAlgorithm: 'CRC32', checksumValue: 'abc=',
      lock: { mode: 'GOVERNANCE' }, replication: 'PENDING', acl: ACL, uploadId: 'u',
    });
    const replica = replicaOf(src, target(), bucket('dest'), { size: 10 });
    expect(replica).toMatchObject({ key: 'k', versionId: 'v1', metadata: { a: '1' }, checksumValue: 'abc=', lock: { mode: 'GOVERNANCE' }, replication: 'REPLICA', acl: ACL });
    expect(replica.tags).toEqual([{ Key: 't', Value: 'x' }]);
    expect(replica.lastModified).toBe(src.lastModified);
    expect(replica.uploadId).toBeUndefined();
  });

  it('take the destination storage class and, with Owner=Destination, the destination account and a default ACL', () => {
    const src = version({ key: 'k', versionId: 'v1', ownerAccountId: '000000000000', acl: ACL });
    const replica = replicaOf(src, target({ StorageClass: 'STANDARD_IA', AccessControlTranslation: { Owner: 'Destination' }, Account: '111111111111' }), bucket('dest'), undefined);
    expect(replica.storageClass).toBe('STANDARD_IA');
    expect(replica.ownerAccountId).toBe('111111111111');
    expect(replica.acl).toBeUndefined();
    expect(replicaOf(src, target(), bucket('dest'), undefined).ownerAccountId).toBe('000000000000');
  });

  it('go nowhere a destination cannot take them', () => {
    const source = bucket('src');
    const reason = (dest: Bucket | undefined, t = target(), from = source): string | undefined => destinationProblem(from, dest, t)?.reason;
    expect(reason(undefined)).toBe('DstBucketNotFound');
    expect(reason(source)).toBe('DstPutObjectNotPermitted');
    expect(reason(bucket('dest', { versioning: 'Suspended' }))).toBe('DstBucketUnversioned');
    expect(reason(bucket('dest'), target(), bucket('locked', { objectLockEnabled: true }))).toBe('DstBucketObjectLockConfigMissing');
    expect(reason(bucket('dest'), target({ Account: '222222222222' }))).toBe('DstPutObjectNotPermitted');
    expect(destinationProblem(source, bucket('dest'), target({ Account: '222222222222' }))?.detail).toMatch(/belongs to account 111111111111/);
    expect(reason(bucket('dest'), target({ Account: '111111111111' }))).toBeUndefined();
  });

  it('follow later changes of their source\'s tags, ACL and Object Lock settings, and nothing else', () => {
    const src = version({ key: 'k', versionId: 'v1', tags: [{ Key: 't', Value: 'x' }], acl: ACL, lock: { legalHold: 'OFF' } });
    const replica = replicaOf(src, target(), bucket('dest'), undefined);
    expect(replicaChanges(src, target(), replica)).toBeUndefined();
    // Equal content read back from a store (new objects) is no change either.
    expect(replicaChanges({ ...src, tags: [{ Key: 't', Value: 'x' }] }, target(), replica)).toBeUndefined();
    const retained = { mode: 'GOVERNANCE', retainUntil: new Date('2030-01-01T00:00:00Z'), legalHold: 'ON' };
    const acl = { Owner: { ID: 'src-owner' }, Grants: [{ Grantee: { Type: 'Group' as const, URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' as const }] };
    const changed = { ...src, tags: [], acl, lock: retained, storageClass: 'GLACIER' };
    expect(replicaChanges(changed, target(), replica)).toEqual({ tags: [], acl, lock: retained });
    // Under Owner=Destination the replica's ACL is the destination owner's own.
    expect(replicaChanges(changed, target({ AccessControlTranslation: { Owner: 'Destination' }, Account: '111111111111' }), replica)).toEqual({ tags: [], lock: retained });
  });
});
