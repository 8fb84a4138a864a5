/** The records of what a lifecycle pass did, as S3 itself acting (events/service-event.ts). */
import type { S3EventName } from '../events/event-match.ts';
import { factsOf } from '../events/object-facts.ts';
import type { ObjectEvent } from '../events/object-event.ts';
import { serviceEvent } from '../events/service-event.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';

export type LifecycleEventName = Extract<S3EventName, `Lifecycle${string}`>;

/** `obj`: the version removed, the delete marker created, or the version after its transition. */
export function lifecycleEvent(bucket: Bucket, name: LifecycleEventName, obj: S3Object, requestId: string): ObjectEvent {
  return { ...serviceEvent(bucket, name, obj, requestId), storageClass: factsOf(obj).storageClass };
}
