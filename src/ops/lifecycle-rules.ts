/**
 * Lifecycle rules as they show on objects: the x-amz-expiration header names the first rule whose
 * filter matches and the date it expires (objects are not actually expired by the emulator).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 */
import type { LifecycleRule, LifecycleRuleFilter } from '../protocol/generated/types.ts';
import type { S3Object, Tag } from '../state/object.ts';

const DAY_MS = 86_400_000;

function hasTag(tags: readonly Tag[], tag: { Key?: string; Value?: string } | undefined): boolean {
  return tag !== undefined && tags.some((t) => t.Key === tag.Key && t.Value === tag.Value);
}

function filterMatches(filter: LifecycleRuleFilter | undefined, obj: S3Object): boolean {
  if (filter === undefined) return true;
  const and = filter.And;
  const conditions = and !== undefined
    ? [
      and.Prefix === undefined || obj.key.startsWith(and.Prefix),
      (and.Tags ?? []).every((t) => hasTag(obj.tags, t)),
      and.ObjectSizeGreaterThan === undefined || obj.size > and.ObjectSizeGreaterThan,
      and.ObjectSizeLessThan === undefined || obj.size < and.ObjectSizeLessThan,
    ]
    : [
      filter.Prefix === undefined || obj.key.startsWith(filter.Prefix),
      filter.Tag === undefined || hasTag(obj.tags, filter.Tag),
      filter.ObjectSizeGreaterThan === undefined || obj.size > filter.ObjectSizeGreaterThan,
      filter.ObjectSizeLessThan === undefined || obj.size < filter.ObjectSizeLessThan,
    ];
  return conditions.every(Boolean);
}

/** `expiry-date="<RFC 1123>", rule-id="<id>"`; Days count from LastModified, rounded up to midnight UTC. */
export function expirationHeader(rules: readonly LifecycleRule[] | undefined, obj: S3Object): string | undefined {
  if (rules === undefined) return undefined;
  for (const rule of rules) {
    const exp = rule.Expiration;
    if (rule.Status !== 'Enabled' || exp === undefined || exp.ExpiredObjectDeleteMarker !== undefined) continue;
    if (!filterMatches(rule.Filter, obj) || (rule.Prefix !== undefined && !obj.key.startsWith(rule.Prefix))) continue;
    let date: Date | undefined = exp.Date;
    if (exp.Days !== undefined) date = new Date(Math.ceil((obj.lastModified.getTime() + exp.Days * DAY_MS) / DAY_MS) * DAY_MS);
    if (date === undefined) continue;
    return `expiry-date="${date.toUTCString()}", rule-id="${rule.ID ?? ''}"`;
  }
  return undefined;
}
