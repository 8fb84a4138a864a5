/** Bucket and object ACL operations. */
import type { RequestContext } from '../core/context.ts';
import type {
  AccessControlPolicy,
  GetBucketAclOutput,
  GetBucketAclRequest,
  GetObjectAclOutput,
  GetObjectAclRequest,
  PutBucketAclRequest,
  PutObjectAclOutput,
  PutObjectAclRequest,
} from '../protocol/generated/types.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { aclForNewResource, aclFromPutRequest, type AclOwners } from './_shared/acl-policy.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { findObject } from './_shared/object-lookup.ts';
import { changeVersion } from './_shared/write-version.ts';
import type { OperationHandlers } from './operation-handler.ts';

function toOutput(acp: AccessControlPolicy | undefined, owners: AclOwners): GetBucketAclOutput {
  const policy = acp ?? aclForNewResource({}, owners);
  return { Owner: policy.Owner, Grants: policy.Grants ?? [] };
}

const bucketOwners = (bucket: Bucket): AclOwners => ({ owner: bucket.ownerAccountId, bucketOwner: bucket.ownerAccountId });
const objectOwners = (bucket: Bucket, obj: S3Object): AclOwners => ({ owner: obj.ownerAccountId, bucketOwner: bucket.ownerAccountId });

async function getBucketAcl(ctx: RequestContext, input: GetBucketAclRequest): Promise<GetBucketAclOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  return toOutput(bucket.acl, bucketOwners(bucket));
}

async function putBucketAcl(ctx: RequestContext, input: PutBucketAclRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  ctx.state.updateBucket(bucket, { acl: aclFromPutRequest(input, bucketOwners(bucket)) });
  return {};
}

async function getObjectAcl(ctx: RequestContext, input: GetObjectAclRequest): Promise<GetObjectAclOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  return { ...toOutput(obj.acl, objectOwners(bucket, obj)), ...(bucket.versioning !== undefined ? { VersionId: obj.versionId } : {}) };
}

async function putObjectAcl(ctx: RequestContext, input: PutObjectAclRequest): Promise<PutObjectAclOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'PUT', { latestMarker: 'MethodNotAllowed' });
  changeVersion(ctx, bucket, obj, { acl: aclFromPutRequest(input, objectOwners(bucket, obj)) });
  return {};
}

export const ACL_OPERATIONS: OperationHandlers = {
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
};
