/**
 * Bucket policy evaluation: whether a statement applies to a request (principal, action, resource,
 * conditions), and the policy's verdict: an explicit Deny wins over any Allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
import type { Caller } from './caller.ts';
import { canonicalIdOf } from './canonical-id.ts';
import { globMatches } from './glob.ts';
import { conditionHolds, type ConditionValues } from './policy-conditions.ts';
import type { PolicyStatement, PrincipalSet } from './policy-document.ts';

export interface PolicyRequest {
  readonly caller: Caller;
  readonly action: string;
  /** arn:aws:s3:::bucket or arn:aws:s3:::bucket/key */
  readonly resource: string;
  readonly values: ConditionValues;
}

export type PolicyVerdict = 'Allow' | 'Deny' | undefined;

/**
 * An account principal (`123456789012`, `arn:aws:iam::123456789012:root`) stands for every identity of
 * that account: without IAM, every user of the account. A user ARN names one user.
 */
function awsPrincipalMatches(principal: string, caller: Caller): boolean {
  const account = caller.accountId;
  if (principal === '*') return true;
  if (account === undefined) return false;
  if (principal === account || principal === `arn:aws:iam::${account}:root`) return true;
  return caller.userName !== undefined && principal === caller.arn;
}

function principalMatches(set: PrincipalSet, caller: Caller): boolean {
  if (set.everyone) return true;
  for (const p of set.aws) if (awsPrincipalMatches(p, caller)) return true;
  if (caller.accountId !== undefined && set.canonicalUsers.length > 0) return set.canonicalUsers.includes(canonicalIdOf(caller.accountId));
  return false;
}

function anyGlob(patterns: readonly string[], value: string, ignoreCase: boolean): boolean {
  for (const p of patterns) if (globMatches(ignoreCase ? p.toLowerCase() : p, value)) return true;
  return false;
}

export function statementApplies(s: PolicyStatement, request: PolicyRequest): boolean {
  if (s.principal !== undefined && !principalMatches(s.principal, request.caller)) return false;
  if (s.notPrincipal !== undefined && principalMatches(s.notPrincipal, request.caller)) return false;
  if (s.principal === undefined && s.notPrincipal === undefined) return false;
  // Action names are case-insensitive; resource ARNs are not.
  const action = request.action.toLowerCase();
  if (s.action !== undefined && !anyGlob(s.action, action, true)) return false;
  if (s.notAction !== undefined && anyGlob(s.notAction, action, true)) return false;
  if (s.action === undefined && s.notAction === undefined) return false;
  if (s.resource !== undefined && !anyGlob(s.resource, request.resource, false)) return false;
  if (s.notResource !== undefined && anyGlob(s.notResource, request.resource, false)) return false;
  if (s.resource === undefined && s.notResource === undefined) return false;
  for (const clause of s.conditions) if (!conditionHolds(clause, request.values)) return false;
  return true;
}

/** Deny if any statement denies, else Allow if one allows, else no opinion (the implicit deny). */
export function evaluatePolicy(statements: readonly PolicyStatement[], request: PolicyRequest): PolicyVerdict {
  let verdict: PolicyVerdict;
  for (const s of statements) {
    if (!statementApplies(s, request)) continue;
    if (s.effect === 'Deny') return 'Deny';
    verdict = 'Allow';
  }
  return verdict;
}
