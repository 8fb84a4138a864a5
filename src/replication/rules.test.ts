import { describe, expect, it } from 'vitest';
import type { ReplicationConfiguration, ReplicationRule } from '../protocol/generated/types.ts';
import { version } from '../lifecycle/version.test-helper.ts';
import { destinationBucketName, replicatesDeleteMarkers, replicationTargets, ruleMatches, wantsReplication } from './rules.ts';

function rule(over: Partial<ReplicationRule> & { to?: string } = {}): ReplicationRule {
  const { to = 'dest', ...rest } = over;
  return { Status: 'Enabled', Destination: { Bucket: `arn:aws:s3:::${to}` }, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, ...rest };
}

function config(...rules: ReplicationRule[]): ReplicationConfiguration {
  return { Role: 'arn:aws:iam::000000000000:role/r', Rules: rules };
}

const TAGGED = [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }];

describe('replication rule matching', () => {
  it('names the destination bucket by its ARN or bare name', () => {
    expect(destinationBucketName(rule({ to: 'b1' }))).toBe('b1');
    expect(destinationBucketName({ ...rule(), Destination: { Bucket: 'plain' } })).toBe('plain');
  });

  it('an empty Filter matches every key; a V1 rule-level Prefix filters by prefix', () => {
    expect(ruleMatches(rule(), 'any/key', [])).toBe(true);
    const v1: ReplicationRule = { Status: 'Enabled', Prefix: 'logs/', Destination: { Bucket: 'arn:aws:s3:::d' } };
    expect(ruleMatches(v1, 'logs/a', [])).toBe(true);
    expect(ruleMatches(v1, 'data/a', [])).toBe(false);
  });

  it('Filter Prefix, Tag and And (prefix and every tag) must all hold', () => {
    expect(ruleMatches(rule({ Filter: { Prefix: 'a/' } }), 'a/x', [])).toBe(true);
    expect(ruleMatches(rule({ Filter: { Prefix: 'a/' } }), 'b/x', [])).toBe(false);
    expect(ruleMatches(rule({ Filter: { Tag: { Key: 'team', Value: 'a' } } }), 'k', TAGGED)).toBe(true);
    expect(ruleMatches(rule({ Filter: { Tag: { Key: 'team', Value: 'b' } } }), 'k', TAGGED)).toBe(false);
    const and = rule({ Filter: { And: { Prefix: 'a/', Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }] } } });
    expect(ruleMatches(and, 'a/x', TAGGED)).toBe(true);
    expect(ruleMatches(and, 'a/x', [{ Key: 'team', Value: 'a' }])).toBe(false);
    expect(ruleMatches(and, 'b/x', TAGGED)).toBe(false);
  });

  it('of rules sharing a destination the highest Priority wins; other destinations each get their own', () => {
    const low = rule({ ID: 'low', Priority: 1, Destination: { Bucket: 'arn:aws:s3:::dest', StorageClass: 'STANDARD_IA' } });
    const high = rule({ ID: 'high', Priority: 5, Filter: { Prefix: 'a/' }, Destination: { Bucket: 'arn:aws:s3:::dest', StorageClass: 'GLACIER' } });
    const other = rule({ ID: 'other', Priority: 0, to: 'elsewhere' });
    const targets = replicationTargets(config(low, high, other), version({ key: 'a/x' }));
    expect(targets.map((t) => [t.bucket, t.rule.ID])).toEqual([['dest', 'high'], ['elsewhere', 'other']]);
    expect(replicationTargets(config(low, high), version({ key: 'b/x' })).map((t) => t.rule.ID)).toEqual(['low']);
  });

  it('SSE-KMS objects go only by rules with SseKmsEncryptedObjects Enabled', () => {
    const kms = version({ key: 'k', sse: { algorithm: 'aws:kms', kmsKeyId: 'key' } });
    expect(replicationTargets(config(rule()), kms)).toEqual([]);
    expect(replicationTargets(config(rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } })), kms)).toHaveLength(1);
    expect(replicationTargets(config(rule()), version({ key: 'k', sse: { algorithm: 'AES256' } }))).toHaveLength(1);
  });

  it('disabled rules are skipped', () => {
    expect(replicationTargets(config(rule({ Status: 'Disabled' })), version({ key: 'k' }))).toEqual([]);
  });

  it('delete markers follow V2 rules only with DeleteMarkerReplication Enabled, V1 rules always', () => {
    const marker = version({ key: 'k', isDeleteMarker: true, size: 0, etag: '' });
    expect(replicatesDeleteMarkers(rule())).toBe(false);
    expect(replicatesDeleteMarkers(rule({ DeleteMarkerReplication: { Status: 'Enabled' } }))).toBe(true);
    expect(replicatesDeleteMarkers({ Status: 'Enabled', Prefix: '', Destination: { Bucket: 'd' } })).toBe(true);
    expect(replicatesDeleteMarkers({ Status: 'Enabled', Prefix: '', Destination: { Bucket: 'd' }, DeleteMarkerReplication: { Status: 'Disabled' } })).toBe(false);
    expect(replicatesDeleteMarkers({ Status: 'Enabled', Filter: {}, Destination: { Bucket: 'd' } })).toBe(false);
    expect(replicationTargets(config(rule()), marker)).toEqual([]);
    expect(replicationTargets(config(rule({ DeleteMarkerReplication: { Status: 'Enabled' } })), marker)).toHaveLength(1);
  });

  it('a marker is not replicated when the winning rule for its destination does not replicate markers', () => {
    const marker = version({ key: 'k', isDeleteMarker: true });
    const winner = rule({ Priority: 9 });
    const loser = rule({ Priority: 1, DeleteMarkerReplication: { Status: 'Enabled' } });
    expect(replicationTargets(config(loser, winner), marker)).toEqual([]);
  });

  it('replicas are never replicated again', () => {
    expect(wantsReplication(config(rule()), version({ key: 'k' }))).toBe(true);
    expect(wantsReplication(config(rule()), version({ key: 'k', replication: 'REPLICA' }))).toBe(false);
    expect(wantsReplication(undefined, version({ key: 'k' }))).toBe(false);
  });

  it('objects stored in GLACIER or DEEP_ARCHIVE are not replicated', () => {
    expect(wantsReplication(config(rule()), version({ key: 'k', storageClass: 'GLACIER' }))).toBe(false);
    expect(wantsReplication(config(rule()), version({ key: 'k', storageClass: 'DEEP_ARCHIVE' }))).toBe(false);
    expect(wantsReplication(config(rule()), version({ key: 'k', storageClass: 'GLACIER_IR' }))).toBe(true);
  });
});
