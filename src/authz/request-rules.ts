/**
 * Rules a request must pass whoever sends it, the bucket owner included: Object Ownership's
 * BucketOwnerEnforced disables ACLs
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html), and
 * Block Public Access refuses public ACLs and policies (AccessDenied, as AWS answers them).
 */
import type { OperationName } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { Bucket } from '../state/bucket.ts';
import { aclForNewResource, aclFromPutRequest } from '../ops/_shared/acl-policy.ts';
import { canonicalIdOf } from './canonical-id.ts';
import { policyStatements } from './policy-document.ts';
import { isPublicPolicy, publicAccessBlockOf } from './public-access.ts';
import { aclAllowedWhenEnforced, setsAcl, setsPublicAcl, type AclFields } from './request-acl.ts';

export function accessDenied(): S3Error {
  return new S3Error('AccessDenied');
}

const aclNotSupported = (): S3Error => new S3Error('AccessControlListNotSupported');
const aclWithEnforced = (): S3Error => new S3Error('InvalidBucketAclWithObjectOwnership');

/** Operations that replace an ACL, and writes that may carry one for the new object. */
const ACL_PUTS = new Set<OperationName>(['PutBucketAcl', 'PutObjectAcl']);
const ACL_WRITES = new Set<OperationName>(['PutObject', 'CopyObject', 'CreateMultipartUpload', 'PostObject']);
const OWNER_ONLY_CANNED = new Set(['private', 'bucket-owner-full-control']);

/** Whether an ACL gives anything to anyone but its owner (BucketOwnerEnforced needs it not to). */
function aclReachesOthers(bucket: Bucket): boolean {
  const ownerId = canonicalIdOf(bucket.ownerAccountId);
  return bucket.acl?.Grants?.some((g) => g.Grantee?.Type !== 'CanonicalUser' || g.Grantee.ID !== ownerId) === true;
}

/** CreateBucket: new buckets are BucketOwnerEnforced unless they ask otherwise, and then take no ACL but the owner's. */
export function checkCreateBucket(input: AclFields & { ObjectOwnership?: string | undefined }): void {
  if ((input.ObjectOwnership ?? 'BucketOwnerEnforced') !== 'BucketOwnerEnforced' || !setsAcl(input)) return;
  if (input.ACL !== undefined && OWNER_ONLY_CANNED.has(input.ACL) && input.AccessControlPolicy === undefined) return;
  throw aclWithEnforced();
}

export function checkRequestRules(op: OperationName, input: object, bucket: Bucket): void {
  const enforced = bucket.configs.ownership === 'BucketOwnerEnforced';
  if (ACL_PUTS.has(op) || ACL_WRITES.has(op)) {
    const acl = input as AclFields;
    // A malformed ACL is refused as such first (InvalidArgument, MalformedACLError), as AWS answers
    // it even where ACLs are disabled (LocalStack's AWS-recorded test_s3_bucket_acl_exceptions).
    const owners = { owner: bucket.ownerAccountId, bucketOwner: bucket.ownerAccountId };
    if (ACL_PUTS.has(op)) aclFromPutRequest(acl, owners);
    else aclForNewResource(acl, owners);
    if (enforced && (ACL_PUTS.has(op) || !aclAllowedWhenEnforced(acl))) throw aclNotSupported();
    if (publicAccessBlockOf(bucket).BlockPublicAcls && setsPublicAcl(acl)) throw accessDenied();
    return;
  }
  if (op === 'PutBucketPolicy') {
    const policy = (input as { Policy?: string }).Policy;
    if (policy !== undefined && publicAccessBlockOf(bucket).BlockPublicPolicy && isPublicPolicy(policyStatements(policy))) throw accessDenied();
    return;
  }
  if (op === 'PutBucketOwnershipControls') {
    const rules = (input as { OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] } }).OwnershipControls?.Rules;
    if (rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced' && aclReachesOthers(bucket)) throw aclWithEnforced();
  }
}
