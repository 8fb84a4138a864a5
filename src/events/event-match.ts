/**
 * Which configurations an event goes to: its name against the configuration's Events (exact or
 * `<category>:*`), its key against the prefix/suffix filter rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
 */
import type { NotificationConfigurationFilter } from '../protocol/generated/types.ts';

/** The names S3 puts in a record's eventName (the configuration's Events have an `s3:` prefix). */
export type S3EventName =
  | 'ObjectCreated:Put' | 'ObjectCreated:Post' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete' | 'ObjectRemoved:DeleteMarkerCreated'
  | 'ObjectRestore:Post' | 'ObjectRestore:Completed' | 'ObjectRestore:Delete'
  | 'ObjectTagging:Put' | 'ObjectTagging:Delete' | 'ObjectAcl:Put'
  | 'LifecycleExpiration:Delete' | 'LifecycleExpiration:DeleteMarkerCreated' | 'LifecycleTransition'
  | ReplicationEventName;

/** Replication events go to SQS, SNS and Lambda only: EventBridge has no S3 replication event type. */
export type ReplicationEventName = 'Replication:OperationFailedReplication';

export function isReplicationEvent(name: S3EventName): name is ReplicationEventName {
  return name.startsWith('Replication:');
}

export function matchesEvent(events: readonly string[], name: S3EventName): boolean {
  const full = `s3:${name}`;
  if (events.includes(full)) return true;
  const colon = full.lastIndexOf(':');
  // `s3:LifecycleTransition` has no sub-type: only the exact name matches it.
  return colon > 2 && events.includes(`${full.slice(0, colon)}:*`);
}

export interface KeyFilter {
  readonly prefix: string;
  readonly suffix: string;
}

/** The filter's prefix and suffix (rule names are case-insensitive; absent rules match everything). */
export function keyFilterOf(filter: NotificationConfigurationFilter | undefined): KeyFilter {
  let prefix = '';
  let suffix = '';
  for (const rule of filter?.Key?.FilterRules ?? []) {
    const name = (rule.Name ?? '').toLowerCase();
    if (name === 'prefix') prefix = rule.Value ?? '';
    else if (name === 'suffix') suffix = rule.Value ?? '';
  }
  return { prefix, suffix };
}

/** Matched against the key as stored, not the URL-encoded form that goes in the record. */
export function matchesKey(filter: KeyFilter, key: string): boolean {
  return key.startsWith(filter.prefix) && key.endsWith(filter.suffix);
}
