/**
 * BucketOwnerEnforced disables ACLs, so the bucket ACL may grant nothing to anyone but its owner:
 * CreateBucket and PutBucketOwnershipControls otherwise fail with InvalidBucketAclWithObjectOwnership
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html).
 */
import type { AccessControlPolicy } from '../../protocol/generated/types.ts';
import { S3Error } from '../../protocol/s3-error.ts';

function grantsBeyondOwner(acl: AccessControlPolicy | undefined): boolean {
  const ownerId = acl?.Owner?.ID;
  return (acl?.Grants ?? []).some((g) => g.Grantee?.Type !== 'CanonicalUser' || g.Grantee.ID !== ownerId);
}

export function assertAclFitsOwnership(ownership: string | undefined, acl: AccessControlPolicy | undefined): void {
  if (ownership === 'BucketOwnerEnforced' && grantsBeyondOwner(acl)) throw new S3Error('InvalidBucketAclWithObjectOwnership');
}
