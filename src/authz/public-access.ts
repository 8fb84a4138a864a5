/**
 * Block Public Access and what it calls "public"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
 * an ACL granting AllUsers or AuthenticatedUsers; a policy statement allowing a wildcard principal
 * unless a condition pins it to fixed values of keys that identify the caller or its network.
 */
import type { Bucket } from '../state/bucket.ts';
import { cidrPrefix } from './ip-cidr.ts';
import type { ConditionClause, PolicyStatement } from './policy-document.ts';

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

const NONE: PublicAccessBlock = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

/** The bucket's settings (account-level settings through S3 Control are not emulated). */
export function publicAccessBlockOf(bucket: Bucket): PublicAccessBlock {
  return bucket.configs.publicAccessBlock ?? NONE;
}

/** Keys whose fixed values make a statement non-public (AWS's list, less VPC and organization keys we never set). */
const PINNING_KEYS = new Set([
  'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalaccount',
  'aws:principalarn', 'aws:principalorgid', 'aws:userid', 'aws:sourceip', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
]);
const PINNING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

function pins(clause: ConditionClause): boolean {
  const key = clause.key.toLowerCase();
  if (!PINNING_KEYS.has(key) || !PINNING_OPERATORS.has(clause.operator.toLowerCase())) return false;
  if (key === 'aws:sourceip') {
    // A block wider than /8 (IPv4) or /32 (IPv6) still lets much of the internet in.
    return clause.values.every((v) => {
      const prefix = cidrPrefix(v);
      return prefix !== undefined && prefix >= (v.includes(':') ? 32 : 8);
    });
  }
  return clause.values.every((v) => !v.includes('*') && !v.includes('?'));
}

function statementIsPublic(s: PolicyStatement): boolean {
  if (s.effect !== 'Allow') return false;
  const wildcard = s.notPrincipal !== undefined || s.principal?.everyone === true;
  return wildcard && !s.conditions.some(pins);
}

export function isPublicPolicy(statements: readonly PolicyStatement[]): boolean {
  return statements.some(statementIsPublic);
}
