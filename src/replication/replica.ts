/**
 * The copy a destination bucket receives, and whether it may receive one: pure.
 * A replica keeps the source's version id, last-modified, ETag, metadata, tags, checksum, encryption
 * and Object Lock settings (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
 */
import type { Bucket } from '../state/bucket.ts';
import type { S3Object, VersionPatch } from '../state/object.ts';
import type { BlobRef } from '../storage/types.ts';
import type { ReplicationTarget } from './rules.ts';

/** Why a replication failed: `reason` is AWS's failure code (replication-failure-codes.html). */
export interface ReplicationProblem {
  readonly reason: string;
  readonly detail: string;
}

/** Why a destination cannot take a replica; undefined when it can. */
export function destinationProblem(source: Bucket, dest: Bucket | undefined, target: ReplicationTarget): ReplicationProblem | undefined {
  if (dest === undefined) return { reason: 'DstBucketNotFound', detail: `destination bucket ${target.bucket} does not exist on this server` };
  if (dest === source) return { reason: 'DstPutObjectNotPermitted', detail: 'the destination is the source bucket' };
  if (dest.versioning !== 'Enabled') return { reason: 'DstBucketUnversioned', detail: `versioning is not enabled on destination bucket ${dest.name}` };
  if (source.objectLockEnabled && !dest.objectLockEnabled) {
    return { reason: 'DstBucketObjectLockConfigMissing', detail: `Object Lock is not enabled on destination bucket ${dest.name}` };
  }
  const account = target.rule.Destination.Account;
  if (account !== undefined && account !== dest.ownerAccountId) {
    return { reason: 'DstPutObjectNotPermitted', detail: `destination bucket ${dest.name} belongs to account ${dest.ownerAccountId}, not ${account}` };
  }
  return undefined;
}

/**
 * Destination StorageClass overrides the source's; AccessControlTranslation Owner=Destination
 * makes the destination's account the replica's owner, with the default (private) ACL.
 */
export function replicaOf(src: S3Object, target: ReplicationTarget, dest: Bucket, blob: BlobRef | undefined): S3Object {
  const destination = target.rule.Destination;
  const ownerOverride = destination.AccessControlTranslation?.Owner === 'Destination';
  const { blob: _sourceBlob, acl, uploadId: _uploadId, restore: _restore, ...rest } = src;
  const replica: S3Object = {
    ...rest,
    ...(blob !== undefined ? { blob } : {}),
    ...(acl !== undefined && !ownerOverride ? { acl } : {}),
    ownerAccountId: ownerOverride ? destination.Account ?? dest.ownerAccountId : src.ownerAccountId,
    storageClass: src.isDeleteMarker ? src.storageClass : destination.StorageClass ?? src.storageClass,
    replication: 'REPLICA',
  };
  return replica;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What an existing replica must change to match its source again after the source's tags, ACL or
 * Object Lock settings changed; undefined when it matches. The ACL stays the destination owner's
 * under AccessControlTranslation Owner=Destination, as at the copy.
 */
export function replicaChanges(src: S3Object, target: ReplicationTarget, replica: S3Object): VersionPatch | undefined {
  const ownerOverride = target.rule.Destination.AccessControlTranslation?.Owner === 'Destination';
  const patch: { -readonly [K in keyof VersionPatch]: VersionPatch[K] } = {};
  if (!same(src.tags, replica.tags)) patch.tags = src.tags;
  if (!ownerOverride && !same(src.acl, replica.acl)) patch.acl = src.acl;
  if (!same(src.lock, replica.lock)) patch.lock = src.lock;
  return Object.keys(patch).length === 0 ? undefined : patch;
}
