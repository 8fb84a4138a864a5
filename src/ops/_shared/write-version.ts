/**
 * The one path that adds an object version (PutObject, PostObject, CopyObject,
 * CompleteMultipartUpload; delete markers use commitVersion). The bytes are stored first, awaiting
 * the body; then, with no await in between, the commit-time checks run (the bucket may have been
 * deleted, a conditional write overtaken), the version id is drawn and the store adds the version.
 * When a check or the store fails, the new bytes are released; on success, those of the null
 * version it replaced.
 */
import type { RequestContext } from '../../core/context.ts';
import type { PutObjectOutput } from '../../protocol/generated/types.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { MultipartUpload } from '../../state/multipart.ts';
import type { Mutable } from '../../state/mutable.ts';
import type { S3Object, VersionPatch } from '../../state/object.ts';
import { assertBucketLive } from './bucket-rules.ts';
import { versionIdForWrite } from './object-lookup.ts';
import { releaseParts } from './multipart-rules.ts';
import { assertWriteConditions } from './write-conditions.ts';

/**
 * When a write's response carries x-amz-version-id. AWS (LocalStack's suite, recorded against it):
 * PutObject on a Suspended bucket answers none, CopyObject answers `null` there
 * (test_put_object_on_suspended_bucket, test_s3_copy_object_in_place_suspended_only). PostObject
 * and CompleteMultipartUpload follow PutObject; no recording covers them on Suspended buckets.
 */
export type VersionIdAnswer = 'when-enabled' | 'when-ever-versioned';

export interface VersionWrite {
  readonly bucket: Bucket;
  /** The new version, complete but for its id, which is drawn at commit time. */
  readonly draft: Mutable<S3Object>;
  /** If-Match / If-None-Match, evaluated at commit time. */
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  /** The key's latest version when the request began: another write winning meanwhile is a 409. */
  readonly latestAtStart?: S3Object | null;
  /** Further commit-time checks (the upload still in progress, the form's size condition). */
  readonly check?: () => void;
  /** CompleteMultipartUpload: the upload leaves in the same change that adds the version. */
  readonly completes?: MultipartUpload;
}

/** Adds a version (or delete marker) and releases the bytes of the null version it replaces. */
export function commitVersion(ctx: RequestContext, bucket: Bucket, obj: S3Object): void {
  const status = replicationStatus(ctx, bucket, obj);
  const marked: S3Object = status === undefined ? obj : { ...obj, replication: status };
  const replaced = ctx.state.putVersion(bucket, marked);
  if (replaced?.blob !== undefined) ctx.blobs.release(replaced.blob);
  queueReplication(ctx, bucket, marked);
}

/**
 * A version a replication rule covers is stored PENDING (FAILED when the queue is full) in the
 * same change that adds it, so a restart finds it; it is queued once committed.
 */
function replicationStatus(ctx: RequestContext, bucket: Bucket, obj: S3Object): 'PENDING' | 'FAILED' | undefined {
  if (ctx.replication === undefined || bucket.configs.replication === undefined) return undefined;
  return ctx.replication.statusFor(bucket, obj);
}

function queueReplication(ctx: RequestContext, bucket: Bucket, obj: S3Object): void {
  if (obj.replication === 'PENDING') ctx.replication?.enqueue(bucket, obj);
}

/** What a request may change on a stored version that S3 carries to its replicas. */
export type ReplicatedChange = Pick<VersionPatch, 'tags' | 'acl' | 'lock'>;

/**
 * Changes a version's tags, ACL or Object Lock settings. S3 carries such changes to the replicas
 * of a version replication has handled (PENDING, COMPLETED or FAILED): it goes PENDING again, in the
 * same store change, and is queued; the replicator then brings each replica in line.
 */
export function changeVersion(ctx: RequestContext, bucket: Bucket, obj: S3Object, change: ReplicatedChange): void {
  const replicated = obj.replication !== undefined && obj.replication !== 'REPLICA';
  const status = replicated ? replicationStatus(ctx, bucket, { ...obj, ...change }) : undefined;
  ctx.state.updateVersion(bucket, obj, status === undefined ? change : { ...change, replication: status });
  if (status === 'PENDING') ctx.replication?.enqueue(bucket, obj);
}

function releaseDraft(ctx: RequestContext, draft: S3Object): void {
  if (draft.blob !== undefined) ctx.blobs.release(draft.blob);
}

/** Checks, draws the version id and commits; call after the write's last await. */
export function writeVersion(ctx: RequestContext, write: VersionWrite): S3Object {
  const { bucket, draft } = write;
  try {
    assertBucketLive(ctx, bucket);
    write.check?.();
    if (write.ifMatch !== undefined || write.ifNoneMatch !== undefined) {
      assertWriteConditions(bucket, draft.key, write.ifMatch, write.ifNoneMatch, write.latestAtStart);
    }
  } catch (e) {
    releaseDraft(ctx, draft);
    throw e;
  }
  draft.versionId = versionIdForWrite(bucket);
  const status = replicationStatus(ctx, bucket, draft);
  if (status !== undefined) draft.replication = status;
  let replaced: S3Object | undefined;
  try {
    if (write.completes === undefined) {
      replaced = ctx.state.putVersion(bucket, draft);
    } else {
      const done = ctx.state.completeUpload(bucket, write.completes, draft);
      replaced = done.replaced;
      // The object references the parts' bytes (or a joined copy); the upload's references go.
      releaseParts(ctx, done.parts);
    }
  } catch (e) {
    releaseDraft(ctx, draft);
    throw e;
  }
  if (replaced?.blob !== undefined) ctx.blobs.release(replaced.blob);
  queueReplication(ctx, bucket, draft);
  return draft;
}

/** x-amz-version-id of a write's response, by the writer's rule. */
export function answeredVersionId(bucket: Bucket, obj: S3Object, rule: VersionIdAnswer): string | undefined {
  const answer = rule === 'when-enabled' ? bucket.versioning === 'Enabled' : bucket.versioning !== undefined;
  return answer ? obj.versionId : undefined;
}

/** The SSE members every write and read output shares (PutObject's, HeadObject's, ...). */
type EncryptionMembers = Partial<Pick<PutObjectOutput, 'SSECustomerAlgorithm' | 'SSECustomerKeyMD5' | 'ServerSideEncryption' | 'SSEKMSKeyId' | 'BucketKeyEnabled'>>;

/** The SSE response headers of an object, added to `out` (a new object when none is given). */
export function encryptionHeaders<T extends EncryptionMembers = EncryptionMembers>(obj: S3Object, out: T = {} as T): T {
  if (obj.sseCustomer !== undefined) {
    out.SSECustomerAlgorithm = obj.sseCustomer.algorithm;
    out.SSECustomerKeyMD5 = obj.sseCustomer.keyMd5;
  } else if (obj.sse !== undefined) {
    out.ServerSideEncryption = obj.sse.algorithm as PutObjectOutput['ServerSideEncryption'];
    if (obj.sse.kmsKeyId !== undefined) out.SSEKMSKeyId = obj.sse.kmsKeyId;
    if (obj.sse.bucketKeyEnabled !== undefined) out.BucketKeyEnabled = obj.sse.bucketKeyEnabled;
  }
  return out;
}
