/** DeleteObject and DeleteObjects, aware of versioning state and delete markers. */
import type { RequestContext } from '../core/context.ts';
import type {
  DeletedObject,
  DeleteObjectOutput,
  DeleteObjectRequest,
  DeleteObjectsOutput,
  DeleteObjectsRequest,
  Error as DeleteError,
} from '../protocol/generated/types.ts';
import { S3Error, isS3Error } from '../protocol/s3-error.ts';
import type { Bucket } from '../state/bucket.ts';
import { NULL_VERSION_ID } from '../state/object.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { deleteMarker } from './_shared/delete-marker.ts';
import { commitVersion } from './_shared/write-version.ts';
import { assertValidVersionId, isIssuableVersionId, noSuchKey } from './_shared/object-lookup.ts';
import { isLocked, lockedError } from './_shared/object-lock-rules.ts';
import { etagMatches } from './_shared/preconditions.ts';
import type { OperationHandlers } from './operation-handler.ts';

const MAX_DELETE_KEYS = 1000;

interface DeleteResult {
  /** The version removed or the delete marker created. */
  readonly versionId?: string;
  readonly deleteMarker?: boolean;
}

/**
 * Without a version id: unversioned buckets drop the key, versioned ones get a delete marker (the
 * null one on Suspended buckets). With a version id: that version is removed for good.
 */
function deleteObjectVersion(ctx: RequestContext, bucket: Bucket, key: string, versionId: string | undefined, bypassGovernance = false): DeleteResult {
  if (versionId !== undefined) {
    assertValidVersionId(versionId, bucket);
    const target = bucket.objects.getVersion(key, versionId);
    if (target !== undefined && isLocked(target, bypassGovernance, ctx.now)) throw lockedError();
    const removed = ctx.state.deleteVersion(bucket, key, versionId);
    if (removed?.blob !== undefined) ctx.blobs.release(removed.blob);
    return { versionId, ...(removed?.isDeleteMarker ? { deleteMarker: true } : {}) };
  }
  if (bucket.versioning === undefined) {
    const removed = ctx.state.deleteVersion(bucket, key, NULL_VERSION_ID);
    if (removed?.blob !== undefined) ctx.blobs.release(removed.blob);
    return {};
  }
  const marker = deleteMarker(bucket, key, ctx.accountId, ctx.now);
  commitVersion(ctx, bucket, marker);
  return { versionId: marker.versionId, deleteMarker: true };
}

/** Conditional deletes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html */
function assertDeleteConditions(bucket: Bucket, input: DeleteObjectRequest): void {
  if (input.IfMatch === undefined && input.IfMatchSize === undefined && input.IfMatchLastModifiedTime === undefined) return;
  const current = input.VersionId !== undefined
    ? bucket.objects.getVersion(input.Key, input.VersionId)
    : bucket.objects.getLatest(input.Key);
  if (current === undefined || current.isDeleteMarker) throw noSuchKey(input.Key);
  const failed = (input.IfMatch !== undefined && !etagMatches(input.IfMatch, current.etag))
    || (input.IfMatchSize !== undefined && input.IfMatchSize !== current.size)
    || (input.IfMatchLastModifiedTime !== undefined
      && Math.floor(input.IfMatchLastModifiedTime.getTime() / 1000) !== Math.floor(current.lastModified.getTime() / 1000));
  if (failed) {
    throw new S3Error('PreconditionFailed', {
      fields: {
        Condition: 'If-Match',
      },
    });
  }
}

/** x-amz-bypass-governance-retention only means something on Object Lock buckets. */
function assertBypassApplicable(bucket: Bucket, bypass: boolean | undefined): void {
  if (bypass !== undefined && !bucket.objectLockEnabled) {
    throw new S3Error('InvalidArgument', {
      message: 'x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.',
      fields: {
        ArgumentName: 'x-amz-bypass-governance-retention',
      },
    });
  }
}

async function deleteObject(ctx: RequestContext, input: DeleteObjectRequest): Promise<DeleteObjectOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertBypassApplicable(bucket, input.BypassGovernanceRetention);
  assertDeleteConditions(bucket, input);
  const result = deleteObjectVersion(ctx, bucket, input.Key, input.VersionId, input.BypassGovernanceRetention === true);
  // Assigned rather than spread: this is every DELETE's output.
  const out: DeleteObjectOutput = {};
  if (result.deleteMarker) out.DeleteMarker = true;
  if (result.versionId !== undefined) out.VersionId = result.versionId;
  return out;
}

function deletedEntry(key: string, requestedVersion: string | undefined, result: DeleteResult): DeletedObject {
  const entry: DeletedObject = { Key: key };
  if (requestedVersion !== undefined) entry.VersionId = requestedVersion;
  if (result.deleteMarker) {
    entry.DeleteMarker = true;
    entry.DeleteMarkerVersionId = result.versionId;
  }
  return entry;
}

/**
 * A version absent from a DeleteObjects batch: an id never made here (AWS's recording in LocalStack's
 * test_delete_objects_versioned) is NoSuchVersion for its key; one this server issued was deleted
 * already, by an earlier or racing request, and is reported deleted, as AWS does (ceph s3-tests
 * test_versioning_concurrent_multi_object_delete: racing batches all report every version Deleted).
 */
function assertVersionWasIssued(bucket: Bucket, key: string, versionId: string): void {
  if (bucket.versioning === undefined || !isIssuableVersionId(versionId)) {
    throw new S3Error('NoSuchVersion', { fields: { Key: key, VersionId: versionId } });
  }
}

async function deleteObjects(ctx: RequestContext, input: DeleteObjectsRequest): Promise<DeleteObjectsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertBypassApplicable(bucket, input.BypassGovernanceRetention);
  const objects = input.Delete.Objects;
  if (objects.length > MAX_DELETE_KEYS) {
    throw new S3Error('MalformedXML');
  }
  const deleted: DeletedObject[] = [];
  const errors: DeleteError[] = [];
  for (const { Key: key, VersionId: versionId } of objects) {
    try {
      if (versionId !== undefined && versionId !== NULL_VERSION_ID && bucket.objects.getVersion(key, versionId) === undefined) {
        assertVersionWasIssued(bucket, key, versionId);
      }
      const result = deleteObjectVersion(ctx, bucket, key, versionId, input.BypassGovernanceRetention === true);
      if (input.Delete.Quiet !== true) deleted.push(deletedEntry(key, versionId, result));
    } catch (e) {
      if (!isS3Error(e)) throw e;
      errors.push({ Key: key, ...(versionId !== undefined ? { VersionId: versionId } : {}), Code: e.code, Message: e.message });
    }
  }
  return {
    ...(deleted.length > 0 ? { Deleted: deleted } : {}),
    ...(errors.length > 0 ? { Errors: errors } : {}),
  };
}

export const DELETE_OPERATIONS: OperationHandlers = {
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
};
