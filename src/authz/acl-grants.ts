/**
 * What an ACL grants to a caller. Permissions map to actions as AWS documents in "Mapping of ACL
 * permissions and access policy permissions"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions).
 */
import type { AccessControlPolicy, Grant } from '../protocol/generated/types.ts';
import type { Caller } from './caller.ts';
import { canonicalIdOf } from './canonical-id.ts';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

type Permission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';

/** Bucket ACL permissions. WRITE lets a grantee create objects and delete (or overwrite) them. */
const BUCKET_PERMISSIONS: ReadonlyMap<string, Permission> = new Map([
  ['s3:ListBucket', 'READ'], ['s3:ListBucketVersions', 'READ'], ['s3:ListBucketMultipartUploads', 'READ'],
  ['s3:PutObject', 'WRITE'], ['s3:DeleteObject', 'WRITE'], ['s3:DeleteObjectVersion', 'WRITE'],
  // A grantee who may start an upload may also list its parts and abort it.
  ['s3:AbortMultipartUpload', 'WRITE'], ['s3:ListMultipartUploadParts', 'WRITE'],
  ['s3:GetBucketAcl', 'READ_ACP'], ['s3:PutBucketAcl', 'WRITE_ACP'],
]);

/** Object ACL permissions (WRITE means nothing on an object). */
const OBJECT_PERMISSIONS: ReadonlyMap<string, Permission> = new Map([
  ['s3:GetObject', 'READ'], ['s3:GetObjectVersion', 'READ'], ['s3:GetObjectTorrent', 'READ'], ['s3:GetObjectVersionTorrent', 'READ'],
  ['s3:GetObjectAcl', 'READ_ACP'], ['s3:GetObjectVersionAcl', 'READ_ACP'],
  ['s3:PutObjectAcl', 'WRITE_ACP'], ['s3:PutObjectVersionAcl', 'WRITE_ACP'],
]);

export function isPublicGrant(grant: Grant): boolean {
  const uri = grant.Grantee?.Type === 'Group' ? grant.Grantee.URI : undefined;
  return uri === ALL_USERS || uri === AUTHENTICATED_USERS;
}

/** Whether an ACL grants anyone outside named accounts (AllUsers or AuthenticatedUsers): Block Public Access's "public". */
export function isPublicAcl(acl: AccessControlPolicy | undefined): boolean {
  return acl?.Grants?.some(isPublicGrant) === true;
}

function granteeMatches(grant: Grant, caller: Caller): boolean {
  const grantee = grant.Grantee;
  if (grantee === undefined) return false;
  if (grantee.Type === 'Group') {
    return grantee.URI === ALL_USERS || (grantee.URI === AUTHENTICATED_USERS && caller.accountId !== undefined);
  }
  if (grantee.Type !== 'CanonicalUser' || caller.accountId === undefined) return false;
  return grantee.ID === canonicalIdOf(caller.accountId);
}

/**
 * Whether `acl` grants `action` to the caller, named by its account's canonical id or a group.
 * `ignorePublic` (IgnorePublicAcls) drops grants to AllUsers and AuthenticatedUsers.
 */
export function aclGrants(
  acl: AccessControlPolicy | undefined, level: 'bucket' | 'object', action: string, caller: Caller, ignorePublic: boolean,
): boolean {
  const needed = (level === 'bucket' ? BUCKET_PERMISSIONS : OBJECT_PERMISSIONS).get(action);
  if (needed === undefined || acl?.Grants === undefined) return false;
  for (const grant of acl.Grants) {
    if (grant.Permission !== needed && grant.Permission !== 'FULL_CONTROL') continue;
    if (ignorePublic && isPublicGrant(grant)) continue;
    if (granteeMatches(grant, caller)) return true;
  }
  return false;
}
