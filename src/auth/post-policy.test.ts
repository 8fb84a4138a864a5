import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { authenticatePostForm, checkPolicyConditions, type PostPolicy } from './post-policy.ts';
import { hmacHex, signingKey } from './sigv4.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const policyOf = (doc: object): string => Buffer.from(JSON.stringify(doc)).toString('base64');

function v4Fields(policy: string, secret = 'test'): Map<string, string> {
  const scope = '20260601/us-east-1/s3/aws4_request';
  return new Map([
    ['key', 'k'], ['policy', policy], ['x-amz-algorithm', 'AWS4-HMAC-SHA256'], ['x-amz-credential', `AKID/${scope}`],
    ['x-amz-date', '20260601T000000Z'], ['x-amz-signature', hmacHex(signingKey(secret, scope), policy)],
  ]);
}

describe('authenticatePostForm', () => {
  const policy = policyOf({ expiration: '2026-06-01T13:00:00.000Z', conditions: [{ bucket: 'b' }] });

  it('accepts forms without a policy and correctly signed SigV2 and SigV4 policies', () => {
    expect(authenticatePostForm(new Map([['key', 'k']]), NOW, () => 'test')).toBeUndefined();
    expect(authenticatePostForm(v4Fields(policy), NOW, () => 'test')?.conditions).toEqual([{ bucket: 'b' }]);
    const v2 = new Map([['key', 'k'], ['policy', policy], ['awsaccesskeyid', 'AKID'], ['signature', createHmac('sha1', 'test').update(policy).digest('base64')]]);
    expect(authenticatePostForm(v2, NOW, () => 'test')).toBeDefined();
  });

  it('names the first missing signature field of the version in use, and denies a policy without any', () => {
    const noSig = v4Fields(policy);
    noSig.delete('x-amz-signature');
    expect(thrown(S3Error, () => authenticatePostForm(noSig, NOW, undefined)).message).toContain("named 'X-Amz-Signature'");
    const noAlg = v4Fields(policy);
    noAlg.delete('x-amz-algorithm');
    noAlg.delete('x-amz-credential');
    expect(thrown(S3Error, () => authenticatePostForm(noAlg, NOW, undefined)).message).toContain("named 'X-Amz-Algorithm'");
    expect(thrown(S3Error, () => authenticatePostForm(new Map([['key', 'k'], ['signature', 's']]).set('policy', policy), NOW, undefined)).message)
      .toContain("named 'AWSAccessKeyId'");
    expect(thrown(S3Error, () => authenticatePostForm(new Map([['key', 'k'], ['policy', policy]]), NOW, undefined)).code).toBe('AccessDenied');
  });

  it('fails the signature of a tampered or wrongly signed policy, and refuses an expired one', () => {
    const tampered = v4Fields(policy);
    tampered.set('policy', policy.slice(0, -2));
    const err = thrown(S3Error, () => authenticatePostForm(tampered, NOW, undefined));
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.fields).toMatchObject({ StringToSign: policy.slice(0, -2), AWSAccessKeyId: 'AKID' });
    expect(thrown(S3Error, () => authenticatePostForm(v4Fields(policy, 'other'), NOW, () => 'test')).code).toBe('SignatureDoesNotMatch');
    expect(authenticatePostForm(v4Fields(policy, 'other'), NOW, undefined)).toBeDefined();
    const expired = thrown(S3Error, () => authenticatePostForm(v4Fields(policy), new Date('2026-06-01T14:00:00Z'), undefined));
    expect(expired.message).toBe('Invalid according to Policy: Policy expired.');
  });

  it('refuses a policy without an expiration with 400 InvalidPolicyDocument, signatures checked or not', () => {
    const forever = policyOf({ conditions: [{ bucket: 'b' }] });
    for (const secrets of [() => 'test', undefined]) {
      expect(thrown(S3Error, () => authenticatePostForm(v4Fields(forever), NOW, secrets))).toMatchObject({
        code: 'InvalidPolicyDocument', message: 'Invalid Policy: Policy missing expiration.', status: 400,
      });
    }
  });

  it('refuses a misspelled or malformed expiration and missing or non-list conditions (ceph/s3-tests test_post_object_*)', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ EXPIRATION: '2030-01-01T00:00:00Z', conditions: [] }, 'Invalid Policy: Policy missing expiration.'],
      [{ expiration: '2030-01-01 00:00:00+00:00', conditions: [] }, "Invalid Policy: Invalid 'expiration' value: '2030-01-01 00:00:00+00:00'"],
      [{ expiration: '2016-04-28T23:31:36.798044', conditions: [] }, "Invalid Policy: Invalid 'expiration' value: '2016-04-28T23:31:36.798044'"],
      [{ expiration: '2030-01-01T00:00:00Z', CONDITIONS: [] }, 'Invalid Policy: Policy missing conditions.'],
      [{ expiration: '2030-01-01T00:00:00Z', conditions: { bucket: 'b' } }, "Invalid Policy: Invalid 'conditions' value: must be a List."],
      [{ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 0]] }, 'Invalid Policy: Invalid content-length-range: wrong number of arguments.'],
    ];
    for (const [doc, message] of cases) {
      expect(thrown(S3Error, () => authenticatePostForm(v4Fields(policyOf(doc)), NOW, undefined))).toMatchObject({ code: 'InvalidPolicyDocument', message, status: 400 });
    }
    expect(authenticatePostForm(v4Fields(policyOf({ expiration: '2030-01-01T00:00:00.000Z', conditions: [] })), NOW, undefined)).toBeDefined();
  });

  it('answers InvalidAccessKeyId for a key the configured credentials do not know', () => {
    expect(thrown(S3Error, () => authenticatePostForm(v4Fields(policy), NOW, () => undefined))).toMatchObject({
      code: 'InvalidAccessKeyId', status: 403, fields: { AWSAccessKeyId: 'AKID' },
    });
  });
});

describe('checkPolicyConditions', () => {
  const fields = new Map([['key', 'uploads/a'], ['success_action_redirect', 'http://localhost.test/x'], ['content-type', 'text/plain']]);
  const check = (conditions: PostPolicy['conditions'], size?: number): void =>
    checkPolicyConditions({ conditions, accessKeyId: 'test', signatureVersion: 'v4' }, fields, { bucket: 'b', ...(size !== undefined ? { size } : {}) });

  it('accepts matching eq, starts-with and simple conditions, field names in any case', () => {
    check([{ bucket: 'b' }, ['eq', '$Content-Type', 'text/plain'], ['starts-with', '$key', 'uploads/'], ['starts-with', '$success_ACTION_redirect', ''], { 'Content-Type': 'text/plain' }]);
  });

  it("refuses a failing condition with AWS's message", () => {
    expect(thrown(S3Error, () => check([['eq', '$success_action_redirect', 'HTTP://localhost.test/x']])).message)
      .toBe('Invalid according to Policy: Policy Condition failed: ["eq", "$success_action_redirect", "HTTP://localhost.test/x"]');
    expect(thrown(S3Error, () => check([['eq', 'key', 'uploads/a']])).code).toBe('AccessDenied');
    expect(thrown(S3Error, () => check([{ bucket: 'b', key: 'k' }])).code).toBe('InvalidPolicyDocument');
  });

  it('checks content-length-range only once the size is known', () => {
    check([['content-length-range', 5, 10]]);
    check([['content-length-range', '5', '10']], 10);
    expect(thrown(S3Error, () => check([['content-length-range', 5, 10]], 12)).code).toBe('EntityTooLarge');
    expect(thrown(S3Error, () => check([['content-length-range', 5, 10]], 1)).code).toBe('EntityTooSmall');
    expect(thrown(S3Error, () => check([['content-length-range', 'test', '10']], 10)).message).toContain('["content-length-range", "test", "10"]');
  });
});
