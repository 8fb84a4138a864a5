import { describe, expect, it } from 'vitest';
import { accountIdFromAccessKey, regionFromAuth } from './identity.ts';
import type { AuthInfo } from './types.ts';

describe('accountIdFromAccessKey', () => {
  it('uses a 12-digit key as the account id', () => {
    expect(accountIdFromAccessKey('123456789012')).toBe('123456789012');
  });

  it('maps test, real AWS keys, odd keys and no key to 000000000000', () => {
    for (const key of ['test', 'AKIARZPUZDIKGB2VALC4', 'ASIAQAAAAAAAGMKEM7X5', '1234567890123', '', undefined]) {
      expect(accountIdFromAccessKey(key)).toBe('000000000000');
    }
  });

  it('decodes the account of LocalStack-issued LSIA/LKIA keys', () => {
    // LocalStack's documented examples use the AKIA/ASIA forms of these keys.
    expect(accountIdFromAccessKey('LSIARZPUZDIKGB2VALC4')).toBe('123456789012');
    expect(accountIdFromAccessKey('LKIAQAAAAAAAGMKEM7X5')).toBe('000000000000');
    expect(accountIdFromAccessKey('LSIAQAAAAAAAAAAAAAAA')).toBe('000000000000');
  });
});

describe('regionFromAuth', () => {
  const auth = (region: string | undefined): AuthInfo => ({
    kind: 'v4-header', accessKeyId: 'k', region, scope: undefined, signedHeaders: [], signature: '', date: undefined, expires: undefined, securityToken: undefined,
  });

  it('keeps a real region of the credential scope', () => {
    expect(regionFromAuth(auth('eu-central-2'), 'us-east-1')).toBe('eu-central-2');
  });

  it('treats an unknown region as us-east-1', () => {
    expect(regionFromAuth(auth('mars-north-1'), 'eu-west-1')).toBe('us-east-1');
  });

  it('keeps a nonstandard region when ALLOW_NONSTANDARD_REGIONS is on', () => {
    expect(regionFromAuth(auth('mars-north-1'), 'eu-west-1', true)).toBe('mars-north-1');
  });

  it("refuses a scope signed for the 'aws-global' pseudo-region, as AWS does", () => {
    expect(() => regionFromAuth(auth('aws-global'), 'eu-west-1')).toThrow("the region 'aws-global' is wrong; expecting 'us-east-1'");
  });

  it('falls back to the default region without a SigV4 scope', () => {
    expect(regionFromAuth(null, 'eu-west-1')).toBe('eu-west-1');
    expect(regionFromAuth(auth(undefined), 'ap-south-1')).toBe('ap-south-1');
  });
});
