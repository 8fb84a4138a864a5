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
import { aclForNewResource, aclFromPutRequest } from './acl-policy.ts';
import { requireBucket } from './bucket-rules.ts';
import { findObject } from './object-lookup.ts';
import type { OperationHandlers } from './registry.ts';

function toOutput(acp: AccessControlPolicy | undefined): GetBucketAclOutput {
  const policy = acp ?? aclForNewResource({});
  return { Owner: policy.Owner, Grants: policy.Grants ?? [] };
}

async function getBucketAcl(ctx: RequestContext, input: GetBucketAclRequest): Promise<GetBucketAclOutput> {
  return toOutput(requireBucket(ctx, input.Bucket).acl);
}

async function putBucketAcl(ctx: RequestContext, input: PutBucketAclRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  ctx.state.updateBucket(bucket, { acl: aclFromPutRequest(input) });
  return {};
}

async function getObjectAcl(ctx: RequestContext, input: GetObjectAclRequest): Promise<GetObjectAclOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  return { ...toOutput(obj.acl), ...(bucket.versioning !== undefined ? { VersionId: obj.versionId } : {}) };
}

async function putObjectAcl(ctx: RequestContext, input: PutObjectAclRequest): Promise<PutObjectAclOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'PUT', { latestMarker: 'MethodNotAllowed' });
  ctx.state.updateVersion(bucket, obj, { acl: aclFromPutRequest(input) });
  return {};
}

export const ACL_OPERATIONS: OperationHandlers = {
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
};
