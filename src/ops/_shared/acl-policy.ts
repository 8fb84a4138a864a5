/**
 * Access control policies: canned ACLs, x-amz-grant-* headers and AccessControlPolicy documents,
 * validated as S3 does (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html).
 */
import type { AccessControlPolicy, Grant, Grantee } from '../../protocol/generated/types.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import { canonicalIdOf } from '../../authz/canonical-id.ts';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);
const PERMISSIONS = new Set(['FULL_CONTROL', 'READ', 'READ_ACP', 'WRITE', 'WRITE_ACP']);
const CANNED = new Set([
  'private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read',
  'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write',
]);
/** Header member -> permission, in the order S3 lists grants. */
const GRANT_HEADERS = [
  ['GrantFullControl', 'FULL_CONTROL'], ['GrantRead', 'READ'], ['GrantReadACP', 'READ_ACP'],
  ['GrantWrite', 'WRITE'], ['GrantWriteACP', 'WRITE_ACP'],
] as const;

export interface AclInput {
  ACL?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

const group = (URI: string): Grantee => ({ Type: 'Group', URI });
const user = (ID: string): Grantee => ({ Type: 'CanonicalUser', ID });

/**
 * Whose ACL it is, as account ids: the resource's owner, and the bucket's owner, whom the canned
 * bucket-owner-read and bucket-owner-full-control name on an object another account owns.
 */
export interface AclOwners {
  readonly owner: string;
  readonly bucketOwner: string;
}

/** One policy object per canned ACL and owners, shared by every resource that has it (never mutated). */
const CANNED_POLICIES = new Map<string, AccessControlPolicy>();
/** Any 12-digit access key is an account, so the cache is bounded. */
const CANNED_CACHE_LIMIT = 4096;

/** Whether the ACL lets anyone write (public-read-write): WRITE or FULL_CONTROL granted to AllUsers. */
export function grantsPublicWrite(policy: AccessControlPolicy | undefined): boolean {
  return policy?.Grants?.some((g) => g.Grantee?.Type === 'Group' && g.Grantee.URI === ALL_USERS
    && (g.Permission === 'WRITE' || g.Permission === 'FULL_CONTROL')) === true;
}

export function cannedAcl(canned: string, owners: AclOwners): AccessControlPolicy {
  // AWS sends this InvalidArgument with an empty Message.
  if (!CANNED.has(canned)) throw new S3Error('InvalidArgument', { message: '', fields: { ArgumentName: 'x-amz-acl', ArgumentValue: canned } });
  const cacheKey = `${canned} ${owners.owner} ${owners.bucketOwner}`;
  let policy = CANNED_POLICIES.get(cacheKey);
  if (policy === undefined) {
    policy = buildCannedAcl(canned, canonicalIdOf(owners.owner), canonicalIdOf(owners.bucketOwner));
    if (CANNED_POLICIES.size >= CANNED_CACHE_LIMIT) CANNED_POLICIES.clear();
    CANNED_POLICIES.set(cacheKey, policy);
  }
  return policy;
}

function buildCannedAcl(canned: string, ownerId: string, bucketOwnerId: string): AccessControlPolicy {
  const grants: Grant[] = [{ Grantee: user(ownerId), Permission: 'FULL_CONTROL' }];
  // "Object owner gets FULL_CONTROL. Bucket owner gets READ (FULL_CONTROL)": the canned ACL table,
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
  if (bucketOwnerId !== ownerId && canned === 'bucket-owner-read') grants.push({ Grantee: user(bucketOwnerId), Permission: 'READ' });
  if (bucketOwnerId !== ownerId && canned === 'bucket-owner-full-control') grants.push({ Grantee: user(bucketOwnerId), Permission: 'FULL_CONTROL' });
  if (canned === 'public-read' || canned === 'public-read-write') grants.push({ Grantee: group(ALL_USERS), Permission: 'READ' });
  if (canned === 'public-read-write') grants.push({ Grantee: group(ALL_USERS), Permission: 'WRITE' });
  if (canned === 'authenticated-read') grants.push({ Grantee: group(AUTHENTICATED_USERS), Permission: 'READ' });
  if (canned === 'log-delivery-write') {
    grants.push({ Grantee: group(LOG_DELIVERY), Permission: 'READ_ACP' }, { Grantee: group(LOG_DELIVERY), Permission: 'WRITE' });
  }
  return { Owner: { ID: ownerId }, Grants: grants };
}

/**
 * "As of October 1, 2025, Amazon S3 has discontinued support for Email Grantee ACLs ... the request
 * will receive an HTTP 405 (Method Not Allowed) error" (S3 API reference, PutBucketAcl/PutObjectAcl).
 */
function emailGrantRetired(): S3Error {
  return new S3Error('MethodNotAllowed');
}

function isCanonicalId(id: string): boolean {
  return /^[0-9a-f]{64}$/i.test(id);
}

/** `id="...", uri="...", emailAddress="..."` lists from x-amz-grant-* headers. */
function parseGrantHeader(header: string, value: string, permission: Grant['Permission']): Grant[] {
  return value.split(',').map((item) => {
    const [type = '', rawId = ''] = item.trim().split('=');
    const id = rawId.trim().replace(/^"|"$/g, '');
    if (type === 'uri') {
      if (!GROUPS.has(id)) throw new S3Error('InvalidArgument', { message: 'Invalid group uri', fields: { ArgumentName: 'uri', ArgumentValue: id } });
      return { Grantee: group(id), Permission: permission };
    }
    if (type === 'id') {
      if (!isCanonicalId(id)) throw new S3Error('InvalidArgument', { message: 'Invalid id', fields: { ArgumentName: 'id', ArgumentValue: id } });
      return { Grantee: { Type: 'CanonicalUser', ID: id }, Permission: permission };
    }
    if (type === 'emailAddress') throw emailGrantRetired();
    throw new S3Error('InvalidArgument', { message: 'Argument format not recognized', fields: { ArgumentName: header, ArgumentValue: item.trim() } });
  });
}

function headerGrants(input: AclInput): Grant[] {
  const grants: Grant[] = [];
  for (const [member, permission] of GRANT_HEADERS) {
    const value = input[member];
    if (value !== undefined) grants.push(...parseGrantHeader(`x-amz-grant-${permission.toLowerCase().replace(/_/g, '-')}`, value, permission));
  }
  return grants;
}

function hasGrantHeaders(input: AclInput): boolean {
  // A loop, not `some` with a closure: this runs on every PUT.
  for (const grant of GRANT_HEADERS) if (input[grant[0]] !== undefined) return true;
  return false;
}

/** The ACL of a new bucket or object: canned, from grant headers, or private. */
export function aclForNewResource(input: AclInput, owners: AclOwners): AccessControlPolicy {
  if (input.ACL !== undefined && hasGrantHeaders(input)) {
    throw new S3Error('InvalidRequest', { message: 'Specifying both Canned ACLs and Header Grants is not allowed' });
  }
  if (input.ACL !== undefined) return cannedAcl(input.ACL, owners);
  if (hasGrantHeaders(input)) return { Owner: { ID: canonicalIdOf(owners.owner) }, Grants: headerGrants(input) };
  return cannedAcl('private', owners);
}

function validatePolicyDocument(acp: AccessControlPolicy, realOwnerId: string): AccessControlPolicy {
  const ownerId = acp.Owner?.ID;
  if (acp.Owner === undefined || acp.Grants === undefined) throw new S3Error('MalformedACLError');
  if (ownerId === undefined || !isCanonicalId(ownerId)) {
    throw new S3Error('InvalidArgument', { message: 'Invalid id', fields: { ArgumentName: 'CanonicalUser/ID', ArgumentValue: ownerId ?? '' } });
  }
  for (const grant of acp.Grants) {
    const grantee = grant.Grantee;
    if (grant.Permission === undefined || !PERMISSIONS.has(grant.Permission) || grantee === undefined) {
      throw new S3Error('MalformedACLError');
    }
    if (grantee.Type === 'Group' && !GROUPS.has(grantee.URI ?? '')) {
      throw new S3Error('InvalidArgument', { message: 'Invalid group uri', fields: { ArgumentName: 'Group/URI', ArgumentValue: grantee.URI ?? '' } });
    }
    if (grantee.Type === 'CanonicalUser' && !isCanonicalId(grantee.ID ?? '')) {
      throw new S3Error('InvalidArgument', { message: 'Invalid id', fields: { ArgumentName: 'CanonicalUser/ID', ArgumentValue: grantee.ID ?? '' } });
    }
    if (grantee.Type === 'AmazonCustomerByEmail') throw emailGrantRetired();
    if (grantee.Type !== 'Group' && grantee.Type !== 'CanonicalUser') throw new S3Error('MalformedACLError');
  }
  // An ACL cannot change who owns the resource: the Owner read back is always the real one.
  return ownerId === realOwnerId ? acp : { ...acp, Owner: { ID: realOwnerId } };
}

/** PutBucketAcl / PutObjectAcl: exactly one of canned ACL, grant headers or a policy document. */
export function aclFromPutRequest(input: AclInput & { AccessControlPolicy?: AccessControlPolicy }, owners: AclOwners): AccessControlPolicy {
  const headers = hasGrantHeaders(input);
  const body = input.AccessControlPolicy;
  if (input.ACL === undefined && !headers && body === undefined) {
    throw new S3Error('MissingSecurityHeader', { fields: { MissingHeaderName: 'x-amz-acl' } });
  }
  if (input.ACL !== undefined && headers) throw new S3Error('InvalidRequest', { message: 'Specifying both Canned ACLs and Header Grants is not allowed' });
  if ((input.ACL !== undefined || headers) && body !== undefined) throw new S3Error('UnexpectedContent');
  if (body !== undefined) return validatePolicyDocument(body, canonicalIdOf(owners.owner));
  return aclForNewResource(input, owners);
}
