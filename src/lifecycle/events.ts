/**
 * The records of what a lifecycle pass did. S3 itself acts: AWS's records name
 * `s3.amazonaws.com` as principal and source address
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configure-notification.html).
 */
import type { S3EventName } from '../events/event-match.ts';
import { factsOf } from '../events/object-facts.ts';
import { nextSequencer, type ObjectEvent } from '../events/object-event.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';

const S3_SERVICE = 's3.amazonaws.com';

export type LifecycleEventName = Extract<S3EventName, `Lifecycle${string}`>;

/** `obj`: the version removed, the delete marker created, or the version after its transition. */
export function lifecycleEvent(bucket: Bucket, name: LifecycleEventName, obj: S3Object, requestId: string): ObjectEvent {
  const facts = factsOf(obj);
  const time = new Date();
  return {
    name,
    bucket: { name: bucket.name, region: bucket.region, ownerAccountId: bucket.ownerAccountId },
    key: obj.key,
    size: facts.size,
    eTag: facts.eTag,
    versionId: facts.versionId,
    sequencer: nextSequencer(time),
    time,
    requestId,
    requester: S3_SERVICE,
    principal: S3_SERVICE,
    sourceIp: S3_SERVICE,
    storageClass: facts.storageClass,
  };
}
