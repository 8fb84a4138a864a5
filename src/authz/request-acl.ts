/**
 * The ACL a request sets (canned x-amz-acl, x-amz-grant-* headers or an AccessControlPolicy body), as
 * Object Ownership and Block Public Access judge it.
 */
import type { AccessControlPolicy } from '../protocol/generated/types.ts';
import { ALL_USERS, AUTHENTICATED_USERS, isPublicAcl } from './acl-grants.ts';

export interface AclFields {
  readonly ACL?: string | undefined;
  readonly GrantFullControl?: string | undefined;
  readonly GrantRead?: string | undefined;
  readonly GrantReadACP?: string | undefined;
  readonly GrantWrite?: string | undefined;
  readonly GrantWriteACP?: string | undefined;
  readonly AccessControlPolicy?: AccessControlPolicy | undefined;
}

const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const GRANT_FIELDS = ['GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'] as const;

export function setsAcl(input: AclFields): boolean {
  return input.ACL !== undefined || input.AccessControlPolicy !== undefined || GRANT_FIELDS.some((f) => input[f] !== undefined);
}

/** Whether the ACL set grants AllUsers or AuthenticatedUsers. */
export function setsPublicAcl(input: AclFields): boolean {
  if (input.ACL !== undefined && PUBLIC_CANNED.has(input.ACL)) return true;
  if (isPublicAcl(input.AccessControlPolicy)) return true;
  return GRANT_FIELDS.some((f) => {
    const value = input[f];
    return value !== undefined && (value.includes(ALL_USERS) || value.includes(AUTHENTICATED_USERS));
  });
}

/** BucketOwnerEnforced takes writes with no ACL or bucket-owner-full-control only. */
export function aclAllowedWhenEnforced(input: AclFields): boolean {
  return !setsAcl(input) || (input.ACL === 'bucket-owner-full-control' && !GRANT_FIELDS.some((f) => input[f] !== undefined));
}
