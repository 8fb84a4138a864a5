/**
 * The access decision for one action on one bucket or object, in S3's order
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html):
 * an explicit Deny in the bucket policy wins; the resource owner's account may do everything; others
 * need an Allow from the bucket policy or a grant from the bucket or object ACL.
 */
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { aclGrants } from './acl-grants.ts';
import type { Caller } from './caller.ts';
import type { ConditionValues } from './policy-conditions.ts';
import { policyStatements } from './policy-document.ts';
import { evaluatePolicy } from './policy-evaluate.ts';
import { isPublicPolicy, publicAccessBlockOf } from './public-access.ts';

export interface Decision {
  readonly caller: Caller;
  readonly bucket: Bucket;
  readonly action: string;
  readonly resource: string;
  /** The object acted on, when it exists (its owner and ACL count). */
  readonly object?: S3Object | undefined;
  readonly values: ConditionValues;
}

/**
 * Object actions decided in the bucket owner's context whoever owns the object at the key: writing and
 * deleting are permissions on the bucket. So the bucket owner may overwrite or delete objects another
 * account owns (ObjectWriter), though not read them.
 */
const BUCKET_CONTEXT_ACTIONS = new Set([
  's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts',
]);

const POLICY_ACTIONS = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);

/**
 * The account whose resource the action touches: the bucket owner, or for reads of an object the
 * object's owner, except under BucketOwnerEnforced, where the bucket owner owns every object.
 */
export function resourceOwner(bucket: Bucket, object: S3Object | undefined, action: string): string {
  if (object === undefined || bucket.configs.ownership === 'BucketOwnerEnforced' || BUCKET_CONTEXT_ACTIONS.has(action)) return bucket.ownerAccountId;
  return object.ownerAccountId;
}

export function isAllowed(d: Decision): boolean {
  const { bucket, caller } = d;
  const statements = bucket.configs.policy !== undefined ? policyStatements(bucket.configs.policy) : [];
  const verdict = statements.length > 0 ? evaluatePolicy(statements, d) : undefined;
  // The owner account's root may always manage the policy, so a Deny cannot lock it out (AWS does the same).
  if (verdict === 'Deny' && !(POLICY_ACTIONS.has(d.action) && caller.accountId === bucket.ownerAccountId && caller.userName === undefined)) return false;
  const objectOwner = resourceOwner(bucket, d.object, d.action);
  if (caller.accountId !== undefined && caller.accountId === objectOwner) return true;
  const pab = publicAccessBlockOf(bucket);
  const sameAccount = caller.accountId === bucket.ownerAccountId;
  // RestrictPublicBuckets: a public policy grants nobody outside the owner's account.
  const policyCounts = !(pab.RestrictPublicBuckets && !sameAccount && isPublicPolicy(statements));
  // A bucket policy speaks for the bucket owner, so it cannot grant objects another account owns.
  if (verdict === 'Allow' && policyCounts && objectOwner === bucket.ownerAccountId) return true;
  if (bucket.configs.ownership === 'BucketOwnerEnforced') return false;
  if (aclGrants(bucket.acl, 'bucket', d.action, caller, pab.IgnorePublicAcls)) return true;
  return d.object !== undefined && aclGrants(d.object.acl, 'object', d.action, caller, pab.IgnorePublicAcls);
}
