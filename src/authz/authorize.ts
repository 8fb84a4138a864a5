/**
 * Authorises one S3 request (S3_ENFORCE_ACCESS): the action of its operation on its bucket or
 * object, a copy's source, and the rules every request obeys. Throws AccessDenied (or the ACL errors
 * of Object Ownership); answers which account owns the objects the request writes.
 */
import type { DeleteObjectsRequest, ObjectIdentifier, OperationName } from '../protocol/generated/types.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { parseCopySource } from '../ops/_shared/copy-source.ts';
import { actionOf, OPERATION_ACTIONS } from './actions.ts';
import { ANONYMOUS, type Caller } from './caller.ts';
import { isAllowed } from './decide.ts';
import { conditionValuesOf, tagsFromHeader } from './request-values.ts';
import { accessDenied, checkCreateBucket, checkRequestRules } from './request-rules.ts';

export interface AccessRequest {
  readonly state: MetadataStore;
  readonly caller: Caller;
  readonly headers: Headers;
  readonly query: URLSearchParams;
  readonly now: Date;
}

export interface AccessOutcome {
  /** The account owning objects this request writes (Object Ownership). */
  readonly objectOwner: string | undefined;
  /** DeleteObjects: the keys the caller may not delete (answered as per-key AccessDenied). */
  readonly refusedDeletes?: readonly ObjectIdentifier[];
}

interface Target {
  readonly Bucket?: string;
  readonly Key?: string;
  readonly VersionId?: string;
  readonly ACL?: string;
  readonly CopySource?: string;
  readonly Tagging?: { TagSet?: { Key: string; Value: string }[] };
}

const OPEN: AccessOutcome = { objectOwner: undefined };
/** Writes whose object gets an owner by Object Ownership. */
const OBJECT_WRITES = new Set<OperationName>(['PutObject', 'CopyObject', 'CreateMultipartUpload', 'PostObject']);

function lookup(bucket: Bucket, key: string, versionId: string | undefined): S3Object | undefined {
  return versionId !== undefined ? bucket.objects.getVersion(key, versionId) : bucket.objects.getLatest(key);
}

/** One action on a bucket (no key) or an object, decided with the request's condition keys. */
export function allowedOn(req: AccessRequest, bucket: Bucket, action: string, key?: string, object?: S3Object, requestTags?: readonly { Key: string; Value: string }[]): boolean {
  const values = conditionValuesOf({
    caller: req.caller, headers: req.headers, query: req.query, now: req.now, bucketOwner: bucket.ownerAccountId,
    existingTags: object?.tags, requestTags,
  });
  const resource = key === undefined ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${key}`;
  return isAllowed({ caller: req.caller, bucket, action, resource, object, values });
}

/** Who owns a new object: the bucket owner under BucketOwnerEnforced, or BucketOwnerPreferred with bucket-owner-full-control. */
export function newObjectOwner(bucket: Bucket, caller: Caller, acl: string | undefined): string {
  const ownership = bucket.configs.ownership;
  if (caller.accountId === undefined || ownership === 'BucketOwnerEnforced') return bucket.ownerAccountId;
  if (ownership === 'BucketOwnerPreferred' && acl === 'bucket-owner-full-control') return bucket.ownerAccountId;
  return caller.accountId;
}

function requestTagsOf(op: OperationName, input: Target, headers: Headers): readonly { Key: string; Value: string }[] | undefined {
  if (op === 'PutObjectTagging') return input.Tagging?.TagSet;
  return tagsFromHeader(headers.get('x-amz-tagging'));
}

/** CopyObject and UploadPartCopy read their source: s3:GetObject (or GetObjectVersion) on it. */
function authorizeCopySource(req: AccessRequest, raw: string): void {
  const source = parseCopySource(raw);
  const bucket = req.state.getBucket(source.bucket);
  if (bucket === undefined) return;
  const action = source.versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject';
  if (!allowedOn(req, bucket, action, source.key, lookup(bucket, source.key, source.versionId))) throw accessDenied();
}

function refusedDeletes(req: AccessRequest, bucket: Bucket, input: DeleteObjectsRequest): ObjectIdentifier[] {
  return input.Delete.Objects.filter((o) => {
    const action = o.VersionId !== undefined ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
    return !allowedOn(req, bucket, action, o.Key, lookup(bucket, o.Key, o.VersionId));
  });
}

export function authorizeOperation(op: OperationName, input: object, req: AccessRequest): AccessOutcome {
  const spec = OPERATION_ACTIONS[op];
  const anonymous = req.caller.accountId === undefined;
  // Creating a bucket or listing one's own needs an identity; the bucket then is the caller's.
  if (spec.resource === 'service' || op === 'CreateBucket') {
    if (anonymous) throw accessDenied();
    if (op === 'CreateBucket') checkCreateBucket(input);
    return OPEN;
  }
  const target = input as Target;
  const bucket = target.Bucket !== undefined ? req.state.getBucket(target.Bucket) : undefined;
  // A missing bucket is NoSuchBucket for everyone: the operation answers it.
  if (bucket === undefined) return OPEN;
  if (op === 'DeleteObjects') {
    const refused = refusedDeletes(req, bucket, input as DeleteObjectsRequest);
    return refused.length > 0 ? { objectOwner: undefined, refusedDeletes: refused } : OPEN;
  }
  const key = spec.resource === 'object' ? target.Key : undefined;
  const object = key !== undefined ? lookup(bucket, key, target.VersionId) : undefined;
  const action = actionOf(spec, target.VersionId);
  if (!allowedOn(req, bucket, action, key, object, requestTagsOf(op, target, req.headers))) throw accessDenied();
  // Without s3:ListBucket a missing key is AccessDenied, not NoSuchKey: its absence is not revealed.
  if (object === undefined && (op === 'GetObject' || op === 'HeadObject') && !allowedOn(req, bucket, 's3:ListBucket')) throw accessDenied();
  if (target.CopySource !== undefined && (op === 'CopyObject' || op === 'UploadPartCopy')) authorizeCopySource(req, target.CopySource);
  checkRequestRules(op, input, bucket);
  return OBJECT_WRITES.has(op) ? { objectOwner: newObjectOwner(bucket, req.caller, target.ACL) } : OPEN;
}

/** Website endpoints serve anonymous readers: with access enforced, only what anyone may GetObject. */
export function anonymousMayRead(state: MetadataStore, bucket: Bucket, key: string, object: S3Object, headers: Headers, now: Date): boolean {
  return allowedOn({ state, caller: ANONYMOUS, headers, query: new URLSearchParams(), now }, bucket, 's3:GetObject', key, object);
}
