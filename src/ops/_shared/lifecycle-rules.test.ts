import { describe, expect, it } from 'vitest';
import { version } from '../../lifecycle/version.test-helper.ts';
import type { LifecycleRule } from '../../protocol/generated/types.ts';
import { expirationHeader } from './lifecycle-rules.ts';

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({ ID: 'r', Status: 'Enabled', Filter: {}, ...over });

describe('x-amz-expiration: the rule expiring the current version, and when', () => {
  // Last modified 2026-01-15 10:30 UTC: Days count from there, rounded up to midnight UTC.
  const obj = version({ key: 'logs/a', size: 100 });
  const rows: Array<[what: string, rules: LifecycleRule[] | undefined, expected: string | undefined]> = [
    ['no lifecycle configuration', undefined, undefined],
    ['no rules', [], undefined],
    ['Days 3', [rule({ ID: 'three', Expiration: { Days: 3 } })], 'expiry-date="Mon, 19 Jan 2026 00:00:00 GMT", rule-id="three"'],
    ['a Date', [rule({ Expiration: { Date: new Date('2026-06-01T00:00:00Z') } })], 'expiry-date="Mon, 01 Jun 2026 00:00:00 GMT", rule-id="r"'],
    ['a rule without an ID', [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }], 'expiry-date="Sat, 17 Jan 2026 00:00:00 GMT", rule-id=""'],
    ['a Disabled rule', [rule({ Status: 'Disabled', Expiration: { Days: 3 } })], undefined],
    ['a rule for another prefix', [rule({ Filter: { Prefix: 'data/' }, Expiration: { Days: 3 } })], undefined],
    ['a rule for larger objects', [rule({ Filter: { ObjectSizeGreaterThan: 100 }, Expiration: { Days: 3 } })], undefined],
    ['only ExpiredObjectDeleteMarker', [rule({ Expiration: { ExpiredObjectDeleteMarker: true } })], undefined],
    ['only noncurrent expiration', [rule({ NoncurrentVersionExpiration: { NoncurrentDays: 1 } })], undefined],
    ['the earlier of two matching rules', [rule({ ID: 'late', Expiration: { Days: 30 } }), rule({ ID: 'soon', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } })],
      'expiry-date="Sun, 18 Jan 2026 00:00:00 GMT", rule-id="soon"'],
  ];
  for (const [what, rules, expected] of rows) {
    it(`${what}: ${expected ?? 'no header'}`, () => expect(expirationHeader(rules, obj)).toBe(expected));
  }
});
