/**
 * Which lifecycle rules apply to a version and when: the one place the x-amz-expiration header
 * (src/ops/_shared/lifecycle-rules.ts) and the lifecycle pass (plan.ts) read rules, so they always agree.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
 */
import type { LifecycleRule, LifecycleRuleFilter } from '../protocol/generated/types.ts';
import type { S3Object, Tag } from '../state/object.ts';

export const DAY_MS = 86_400_000;

/**
 * `days` after `from`, rounded up to the next midnight UTC: AWS's "an object created at 10:30 on
 * 1/15 with Days 3 expires 1/19 00:00" (lifecycle-expire-general-considerations.html).
 */
export function dueAfterDays(from: Date, days: number): number {
  return Math.ceil((from.getTime() + days * DAY_MS) / DAY_MS) * DAY_MS;
}

/** Midnight UTC starting the day of `ms`: the creation time AWS gives delete markers lifecycle adds. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function hasTag(tags: readonly Tag[], tag: { Key?: string; Value?: string } | undefined): boolean {
  return tag !== undefined && tags.some((t) => t.Key === tag.Key && t.Value === tag.Value);
}

function filterMatches(filter: LifecycleRuleFilter | undefined, obj: S3Object): boolean {
  if (filter === undefined) return true;
  const and = filter.And;
  if (and !== undefined) {
    return (and.Prefix === undefined || obj.key.startsWith(and.Prefix))
      && (and.Tags ?? []).every((t) => hasTag(obj.tags, t))
      && (and.ObjectSizeGreaterThan === undefined || obj.size > and.ObjectSizeGreaterThan)
      && (and.ObjectSizeLessThan === undefined || obj.size < and.ObjectSizeLessThan);
  }
  return (filter.Prefix === undefined || obj.key.startsWith(filter.Prefix))
    && (filter.Tag === undefined || hasTag(obj.tags, filter.Tag))
    && (filter.ObjectSizeGreaterThan === undefined || obj.size > filter.ObjectSizeGreaterThan)
    && (filter.ObjectSizeLessThan === undefined || obj.size < filter.ObjectSizeLessThan);
}

/** The rule's Filter and its legacy top-level Prefix both hold for `obj`. */
export function ruleMatches(rule: LifecycleRule, obj: S3Object): boolean {
  return rule.Status === 'Enabled' && filterMatches(rule.Filter, obj) && (rule.Prefix === undefined || obj.key.startsWith(rule.Prefix));
}

/** Whether the rule's filter names an object size: then no default minimum size gates its transitions. */
export function hasSizeFilter(rule: LifecycleRule): boolean {
  const f = rule.Filter;
  return f !== undefined && (f.ObjectSizeGreaterThan !== undefined || f.ObjectSizeLessThan !== undefined
    || f.And?.ObjectSizeGreaterThan !== undefined || f.And?.ObjectSizeLessThan !== undefined);
}

/**
 * Uploads in progress have no tags or size yet: only a prefix-only rule applies to them (AWS
 * refuses AbortIncompleteMultipartUpload beside tag filters).
 */
export function ruleMatchesUpload(rule: LifecycleRule, key: string): boolean {
  if (rule.Status !== 'Enabled' || (rule.Prefix !== undefined && !key.startsWith(rule.Prefix))) return false;
  const f = rule.Filter;
  if (f === undefined) return true;
  if (f.Tag !== undefined || f.ObjectSizeGreaterThan !== undefined || f.ObjectSizeLessThan !== undefined) return false;
  const and = f.And;
  if (and !== undefined) {
    if ((and.Tags ?? []).length > 0 || and.ObjectSizeGreaterThan !== undefined || and.ObjectSizeLessThan !== undefined) return false;
    return and.Prefix === undefined || key.startsWith(and.Prefix);
  }
  return f.Prefix === undefined || key.startsWith(f.Prefix);
}

export interface CurrentExpiration {
  readonly date: Date;
  readonly ruleId: string;
}

/** When `rule` expires the current version `obj` (ms), or undefined when it does not. */
function expiryOf(rule: LifecycleRule, obj: S3Object): number | undefined {
  const exp = rule.Expiration;
  if (exp === undefined || exp.ExpiredObjectDeleteMarker !== undefined || !ruleMatches(rule, obj)) return undefined;
  return exp.Days !== undefined ? dueAfterDays(obj.lastModified, exp.Days) : exp.Date?.getTime();
}

/**
 * The rule under which the current version `obj` expires: the earliest Expiration (Days or Date)
 * among matching rules, the first such rule on a tie (AWS names the first matching rule when they
 * agree: LocalStack's test_bucket_lifecycle_multiple_rules). -1: none. No allocation: the pass
 * asks for every key.
 */
function expiringRule(rules: readonly LifecycleRule[], obj: S3Object): number {
  let best = -1;
  let bestMs = Infinity;
  for (let i = 0; i < rules.length; i++) {
    const ms = expiryOf(rules[i] as LifecycleRule, obj);
    if (ms !== undefined && ms < bestMs) {
      best = i;
      bestMs = ms;
    }
  }
  return best;
}

/** When the current version `obj` expires (ms), Infinity when no rule expires it. */
export function currentExpiryMs(rules: readonly LifecycleRule[], obj: S3Object): number {
  const i = expiringRule(rules, obj);
  return i < 0 ? Infinity : (expiryOf(rules[i] as LifecycleRule, obj) as number);
}

/** The date and rule the x-amz-expiration header shows: the same choice the lifecycle pass acts on. */
export function currentExpiration(rules: readonly LifecycleRule[] | undefined, obj: S3Object): CurrentExpiration | undefined {
  if (rules === undefined) return undefined;
  const i = expiringRule(rules, obj);
  if (i < 0) return undefined;
  const rule = rules[i] as LifecycleRule;
  return { date: new Date(expiryOf(rule, obj) as number), ruleId: rule.ID ?? '' };
}
