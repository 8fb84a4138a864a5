import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../protocol/generated/types.ts';
import type { Tag } from '../state/object.ts';
import { currentExpiration, currentExpiryMs, dueAfterDays, hasSizeFilter, ruleMatches, ruleMatchesUpload, startOfDay } from './rules.ts';
import { version } from './version.test-helper.ts';

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({ ID: 'r', Status: 'Enabled', Filter: {}, ...over });
const tags = (...pairs: Array<[string, string]>): Tag[] => pairs.map(([Key, Value]) => ({ Key, Value }));

describe('dueAfterDays', () => {
  it('rounds LastModified + Days up to the next midnight UTC (AWS: 1/15 10:30 + 3 days is 1/19 00:00)', () => {
    expect(new Date(dueAfterDays(new Date('2026-01-15T10:30:00Z'), 3)).toISOString()).toBe('2026-01-19T00:00:00.000Z');
    expect(new Date(dueAfterDays(new Date('2026-01-15T00:00:00Z'), 1)).toISOString()).toBe('2026-01-16T00:00:00.000Z');
    expect(new Date(dueAfterDays(new Date('2026-01-15T23:59:59Z'), 0)).toISOString()).toBe('2026-01-16T00:00:00.000Z');
  });

  it('startOfDay is the midnight UTC a delete marker made by lifecycle is dated', () => {
    expect(new Date(startOfDay(Date.parse('2026-03-01T17:00:00Z'))).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('ruleMatches', () => {
  const obj = version({ key: 'logs/a.txt', size: 500, tags: tags(['env', 'prod'], ['team', 'a']) });
  const cases: Array<[string, Partial<LifecycleRule>, boolean]> = [
    ['an empty filter', { Filter: {} }, true],
    ['a matching prefix', { Filter: { Prefix: 'logs/' } }, true],
    ['another prefix', { Filter: { Prefix: 'data/' } }, false],
    ['the legacy top-level Prefix', { Filter: undefined, Prefix: 'logs/' }, true],
    ['a legacy Prefix that does not match', { Filter: undefined, Prefix: 'x' }, false],
    ['a tag it has', { Filter: { Tag: { Key: 'env', Value: 'prod' } } }, true],
    ['a tag value it lacks', { Filter: { Tag: { Key: 'env', Value: 'dev' } } }, false],
    ['size greater than', { Filter: { ObjectSizeGreaterThan: 499 } }, true],
    ['size greater than, equal', { Filter: { ObjectSizeGreaterThan: 500 } }, false],
    ['size less than', { Filter: { ObjectSizeLessThan: 501 } }, true],
    ['size less than, equal', { Filter: { ObjectSizeLessThan: 500 } }, false],
    ['And: prefix, both tags and a size range', {
      Filter: { And: { Prefix: 'logs/', Tags: tags(['env', 'prod'], ['team', 'a']), ObjectSizeGreaterThan: 100, ObjectSizeLessThan: 1000 } },
    }, true],
    ['And: one tag missing', { Filter: { And: { Prefix: 'logs/', Tags: tags(['env', 'prod'], ['team', 'b']) } } }, false],
    ['And: size out of range', { Filter: { And: { Prefix: 'logs/', ObjectSizeGreaterThan: 600 } } }, false],
    ['a Disabled rule', { Status: 'Disabled' }, false],
  ];
  for (const [what, over, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${what}`, () => expect(ruleMatches(rule(over), obj)).toBe(expected));
  }
});

describe('ruleMatchesUpload: uploads in progress have no tags or size yet', () => {
  const rows: Array<[what: string, over: Partial<LifecycleRule>, key: string, expected: boolean]> = [
    ['no filter', { Filter: undefined }, 'tmp/x', true],
    ['an empty filter', { Filter: {} }, 'tmp/x', true],
    ['a matching prefix', { Filter: { Prefix: 'tmp/' } }, 'tmp/x', true],
    ['another prefix', { Filter: { Prefix: 'tmp/' } }, 'data/x', false],
    ['the legacy top-level Prefix', { Filter: undefined, Prefix: 'tmp/' }, 'tmp/x', true],
    ['a legacy Prefix that does not match', { Filter: undefined, Prefix: 'tmp/' }, 'data/x', false],
    ['And with only a prefix', { Filter: { And: { Prefix: 'tmp/' } } }, 'tmp/x', true],
    ['And with another prefix', { Filter: { And: { Prefix: 'tmp/' } } }, 'data/x', false],
    ['a tag filter', { Filter: { Tag: { Key: 'a', Value: 'b' } } }, 'tmp/x', false],
    ['a size filter', { Filter: { ObjectSizeGreaterThan: 1 } }, 'tmp/x', false],
    ['a maximum size filter', { Filter: { ObjectSizeLessThan: 10 } }, 'tmp/x', false],
    ['And with tags', { Filter: { And: { Prefix: 'tmp/', Tags: tags(['a', 'b']) } } }, 'tmp/x', false],
    ['And with a size', { Filter: { And: { Prefix: 'tmp/', ObjectSizeLessThan: 10 } } }, 'tmp/x', false],
    ['a Disabled rule', { Status: 'Disabled' }, 'tmp/x', false],
  ];
  for (const [what, over, key, expected] of rows) {
    it(`${expected ? 'applies' : 'does not apply'} ${what} to an upload of ${key}`, () => expect(ruleMatchesUpload(rule(over), key)).toBe(expected));
  }
});

describe('hasSizeFilter: a size in the filter lifts the default minimum size of transitions', () => {
  const rows: Array<[LifecycleRule['Filter'], boolean]> = [
    [undefined, false],
    [{}, false],
    [{ Prefix: 'a' }, false],
    [{ ObjectSizeGreaterThan: 0 }, true],
    [{ ObjectSizeLessThan: 10 }, true],
    [{ And: { Prefix: 'a', Tags: tags(['k', 'v']) } }, false],
    [{ And: { ObjectSizeGreaterThan: 5 } }, true],
    [{ And: { ObjectSizeLessThan: 5 } }, true],
  ];
  for (const [filter, expected] of rows) {
    it(`${JSON.stringify(filter) ?? 'no filter'}: ${expected}`, () => expect(hasSizeFilter(rule({ Filter: filter }))).toBe(expected));
  }
});

describe('currentExpiryMs', () => {
  it('is the earliest expiry among matching rules, Infinity when none expires the version', () => {
    const obj = version({ key: 'logs/a' });
    expect(currentExpiryMs([], obj)).toBe(Infinity);
    expect(currentExpiryMs([rule({ Filter: { Prefix: 'x' }, Expiration: { Days: 1 } })], obj)).toBe(Infinity);
    expect(currentExpiryMs([rule({ Expiration: { Days: 5 } }), rule({ Expiration: { Days: 2 } })], obj)).toBe(Date.parse('2026-01-18T00:00:00Z'));
  });
});

describe('currentExpiration', () => {
  const obj = version({ key: 'logs/a' });
  it('takes Days from LastModified, rounded to midnight, or a Date as given', () => {
    expect(currentExpiration([rule({ Expiration: { Days: 3 } })], obj)?.date.toISOString()).toBe('2026-01-19T00:00:00.000Z');
    expect(currentExpiration([rule({ Expiration: { Date: new Date('2026-06-01T00:00:00Z') } })], obj)?.date.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('names the first matching rule when several expire the object the same day', () => {
    const rules = [rule({ ID: 'one', Filter: { Prefix: 'logs/' }, Expiration: { Days: 7 } }), rule({ ID: 'two', Filter: { Prefix: 'l' }, Expiration: { Days: 7 } })];
    expect(currentExpiration(rules, obj)?.ruleId).toBe('one');
  });

  it('takes the earliest expiry among matching rules: the header names the rule the pass acts on', () => {
    const rules = [rule({ ID: 'late', Expiration: { Days: 30 } }), rule({ ID: 'early', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } })];
    expect(currentExpiration(rules, obj)).toEqual({ date: new Date('2026-01-18T00:00:00Z'), ruleId: 'early' });
  });

  it('ignores ExpiredObjectDeleteMarker, rules without Expiration and rules that do not match', () => {
    const rules = [
      rule({ Expiration: { ExpiredObjectDeleteMarker: true } }),
      rule({ NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
      rule({ Filter: { Prefix: 'x' }, Expiration: { Days: 1 } }),
    ];
    expect(currentExpiration(rules, obj)).toBeUndefined();
    expect(currentExpiration(undefined, obj)).toBeUndefined();
  });
});
