/**
 * Which rules of a replication configuration a new version (or delete marker) goes by: pure.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html
 */
import type { ReplicationConfiguration, ReplicationRule } from '../protocol/generated/types.ts';
import type { S3Object, Tag } from '../state/object.ts';

const NOT_REPLICATED_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** One destination a version is copied to, by the rule that won it. */
export interface ReplicationTarget {
  readonly rule: ReplicationRule;
  /** The destination bucket's name (the rule names it by ARN). */
  readonly bucket: string;
}

/** `arn:aws:s3:::name` -> `name` (PutBucketReplication accepts a bare name too). */
export function destinationBucketName(rule: ReplicationRule): string {
  return rule.Destination.Bucket.replace(/^arn:[^:]*:s3:::/, '');
}

/**
 * A rule's DeleteMarkerReplication decides; without one, V1 rules (no Filter) replicate delete
 * markers and V2 rules do not (API_ReplicationRule.html, "Backward Compatibility").
 */
export function replicatesDeleteMarkers(rule: ReplicationRule): boolean {
  const status = rule.DeleteMarkerReplication?.Status;
  if (status !== undefined) return status === 'Enabled';
  return rule.Filter === undefined;
}

function hasTag(tags: readonly Tag[], wanted: Tag): boolean {
  return tags.some((t) => t.Key === wanted.Key && t.Value === wanted.Value);
}

/** Filter Prefix, Tag or And (every tag and the prefix); an empty Filter matches every key. */
export function ruleMatches(rule: ReplicationRule, key: string, tags: readonly Tag[]): boolean {
  const filter = rule.Filter;
  if (filter === undefined) return key.startsWith(rule.Prefix ?? '');
  if (filter.Prefix !== undefined && !key.startsWith(filter.Prefix)) return false;
  if (filter.Tag !== undefined && !hasTag(tags, filter.Tag)) return false;
  const and = filter.And;
  if (and !== undefined) {
    if (and.Prefix !== undefined && !key.startsWith(and.Prefix)) return false;
    if (!(and.Tags ?? []).every((t) => hasTag(tags, t))) return false;
  }
  return true;
}

/** SSE-KMS objects only by rules that opt in (replication-config-for-kms-objects.html). */
function coversEncryption(rule: ReplicationRule, obj: S3Object): boolean {
  if (obj.sse?.algorithm.startsWith('aws:kms') !== true) return true;
  return rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled';
}

/**
 * Every enabled rule that matches is carried out, but of several rules sharing a destination only
 * the one with the highest Priority (API_ReplicationRule: "the higher the number, the higher the
 * priority"; among equals, the first). Delete markers go only by rules that replicate them.
 */
export function replicationTargets(config: ReplicationConfiguration | undefined, obj: S3Object): ReplicationTarget[] {
  if (config === undefined) return [];
  const byBucket = new Map<string, ReplicationRule>();
  for (const rule of config.Rules) {
    if (rule.Status !== 'Enabled' || !ruleMatches(rule, obj.key, obj.tags) || !coversEncryption(rule, obj)) continue;
    const bucket = destinationBucketName(rule);
    const held = byBucket.get(bucket);
    if (held === undefined || (rule.Priority ?? 0) > (held.Priority ?? 0)) byBucket.set(bucket, rule);
  }
  const targets: ReplicationTarget[] = [];
  for (const [bucket, rule] of byBucket) {
    if (obj.isDeleteMarker && !replicatesDeleteMarkers(rule)) continue;
    targets.push({ rule, bucket });
  }
  return targets;
}

/**
 * Whether a new version of this bucket is replicated at all. Never replicated: replicas (a chain
 * A->B->C leaves A's objects in B), and objects stored in GLACIER or DEEP_ARCHIVE
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
 */
export function wantsReplication(config: ReplicationConfiguration | undefined, obj: S3Object): boolean {
  if (config === undefined || obj.replication === 'REPLICA' || NOT_REPLICATED_CLASSES.has(obj.storageClass)) return false;
  return replicationTargets(config, obj).length > 0;
}
