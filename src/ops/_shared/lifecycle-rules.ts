/**
 * Lifecycle rules as they show on objects: the x-amz-expiration header names the rule under which
 * the current version expires and when (src/lifecycle/rules.ts, which the lifecycle pass reads too).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 */
import { currentExpiration } from '../../lifecycle/rules.ts';
import type { LifecycleRule } from '../../protocol/generated/types.ts';
import type { S3Object } from '../../state/object.ts';

/** `expiry-date="<RFC 1123>", rule-id="<id>"`; Days count from LastModified, rounded up to midnight UTC. */
export function expirationHeader(rules: readonly LifecycleRule[] | undefined, obj: S3Object): string | undefined {
  const expiry = currentExpiration(rules, obj);
  return expiry === undefined ? undefined : `expiry-date="${expiry.date.toUTCString()}", rule-id="${expiry.ruleId}"`;
}
