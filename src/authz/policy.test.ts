import { describe, expect, it } from 'vitest';
import { ANONYMOUS, callerOf } from './caller.ts';
import { conditionHolds, type ConditionValues } from './policy-conditions.ts';
import { parsePolicy } from './policy-document.ts';
import { evaluatePolicy, type PolicyRequest } from './policy-evaluate.ts';
import { isPublicPolicy } from './public-access.ts';

const ALICE = callerOf('111111111111', undefined, 'REST-HEADER', 'AWS4-HMAC-SHA256');
const LISTED = new Map([['AKBOB', { secret: 's', accountId: '222222222222', userName: 'bob' }]]);
const BOB = callerOf('AKBOB', LISTED, 'REST-HEADER', 'AWS4-HMAC-SHA256');
const none: ConditionValues = () => undefined;
const valuesOf = (map: Record<string, string[]>): ConditionValues => (k) => map[k.toLowerCase()];

function verdict(statements: object[], over: Partial<PolicyRequest> = {}): string | undefined {
  const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  return evaluatePolicy(policy, { caller: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', values: none, ...over });
}

const allow = (extra: object = {}): object => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });

describe('bucket policy statements', () => {
  it('allows a matching principal, action and resource', () => {
    expect(verdict([allow()])).toBe('Allow');
  });

  it('has no opinion when the resource does not match', () => {
    expect(verdict([allow({ Resource: 'arn:aws:s3:::other/*' })])).toBeUndefined();
  });

  it('lets an explicit Deny win over an Allow', () => {
    expect(verdict([allow(), { ...allow(), Effect: 'Deny' }])).toBe('Deny');
  });

  it('matches actions case-insensitively and with wildcards', () => {
    expect(verdict([allow({ Action: ['S3:Get*'] })])).toBe('Allow');
  });

  it('matches an account principal by id and by root ARN', () => {
    expect([
      verdict([allow({ Principal: { AWS: '111111111111' } })]),
      verdict([allow({ Principal: { AWS: ['arn:aws:iam::111111111111:root'] } })]),
    ]).toEqual(['Allow', 'Allow']);
  });

  it('matches a user ARN only for that user', () => {
    const stmt = allow({ Principal: { AWS: 'arn:aws:iam::222222222222:user/bob' } });
    expect([verdict([stmt], { caller: BOB }), verdict([stmt])]).toEqual(['Allow', undefined]);
  });

  it('matches anonymous callers only with a wildcard principal', () => {
    expect([verdict([allow()], { caller: ANONYMOUS }), verdict([allow({ Principal: { AWS: '111111111111' } })], { caller: ANONYMOUS })]).toEqual(['Allow', undefined]);
  });

  it('applies NotPrincipal to everyone but the named principals', () => {
    const deny = { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' };
    expect([verdict([allow(), deny]), verdict([allow(), deny], { caller: BOB })]).toEqual(['Allow', 'Deny']);
  });

  it('applies NotAction and NotResource as exclusions', () => {
    expect([
      verdict([{ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }, allow()]),
      verdict([{ Effect: 'Deny', Principal: '*', Action: '*', NotResource: 'arn:aws:s3:::b/k' }, allow()]),
    ]).toEqual(['Allow', 'Allow']);
  });

  it('requires every condition to hold', () => {
    const stmt = allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' }, Bool: { 'aws:SecureTransport': 'true' } } });
    expect([
      verdict([stmt], { values: valuesOf({ 'aws:principalaccount': ['111111111111'], 'aws:securetransport': ['true'] }) }),
      verdict([stmt], { values: valuesOf({ 'aws:principalaccount': ['111111111111'], 'aws:securetransport': ['false'] }) }),
    ]).toEqual(['Allow', undefined]);
  });
});

describe('condition operators', () => {
  const holds = (operator: string, key: string, values: string[], ctx: Record<string, string[]>): boolean =>
    conditionHolds({ operator, key, values }, valuesOf(ctx));

  it('StringLike matches wildcards; StringNotLike inverts it', () => {
    expect([holds('StringLike', 's3:prefix', ['home/*'], { 's3:prefix': ['home/a'] }), holds('StringNotLike', 's3:prefix', ['home/*'], { 's3:prefix': ['home/a'] })]).toEqual([true, false]);
  });

  it('fails a positive operator and satisfies a negated one when the key is absent', () => {
    expect([holds('StringEquals', 's3:prefix', ['a'], {}), holds('StringNotEquals', 's3:prefix', ['a'], {})]).toEqual([false, true]);
  });

  it('...IfExists holds when the key is absent', () => {
    expect(holds('StringEqualsIfExists', 's3:x-amz-acl', ['private'], {})).toBe(true);
  });

  it('NumericLessThanEquals compares numbers', () => {
    expect([holds('NumericLessThanEquals', 's3:max-keys', ['10'], { 's3:max-keys': ['10'] }), holds('NumericLessThanEquals', 's3:max-keys', ['10'], { 's3:max-keys': ['11'] })]).toEqual([true, false]);
  });

  it('IpAddress and NotIpAddress test CIDR blocks', () => {
    const ctx = { 'aws:sourceip': ['192.0.2.9'] };
    expect([holds('IpAddress', 'aws:SourceIp', ['192.0.2.0/24'], ctx), holds('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24'], ctx)]).toEqual([true, false]);
  });

  it('Null tests whether a key is present', () => {
    expect([holds('Null', 's3:x-amz-acl', ['true'], {}), holds('Null', 's3:x-amz-acl', ['false'], {})]).toEqual([true, false]);
  });

  it('ForAnyValue needs one match, ForAllValues needs every value to match', () => {
    const ctx = { 's3:requestobjecttagkeys': ['a', 'b'] };
    expect([
      holds('ForAnyValue:StringEquals', 's3:RequestObjectTagKeys', ['a'], ctx),
      holds('ForAllValues:StringEquals', 's3:RequestObjectTagKeys', ['a'], ctx),
      holds('ForAllValues:StringEquals', 's3:RequestObjectTagKeys', ['a', 'b', 'c'], ctx),
    ]).toEqual([true, false, true]);
  });

  it('ArnLike matches ARNs with wildcards', () => {
    expect(holds('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:user/b?b'], { 'aws:principalarn': ['arn:aws:iam::2:user/bob'] })).toBe(true);
  });

  it('never holds for an unknown operator', () => {
    expect(holds('StringSortOf', 's3:prefix', ['a'], { 's3:prefix': ['a'] })).toBe(false);
  });
});

describe('isPublicPolicy (Block Public Access)', () => {
  const isPublic = (statement: object): boolean => isPublicPolicy(parsePolicy(JSON.stringify({ Statement: [statement] })));

  it('calls a wildcard principal without conditions public', () => {
    expect(isPublic(allow())).toBe(true);
  });

  it('calls a statement pinned to an account or a narrow network non-public', () => {
    expect([
      isPublic(allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } })),
      isPublic(allow({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })),
    ]).toEqual([false, false]);
  });

  it('calls a named account principal non-public and a Deny never public', () => {
    expect([isPublic(allow({ Principal: { AWS: '111111111111' } })), isPublic({ ...allow(), Effect: 'Deny' })]).toEqual([false, false]);
  });
});
