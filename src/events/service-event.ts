/**
 * An event S3 itself causes (a lifecycle action, a failed replication): AWS's records name
 * `s3.amazonaws.com` as requester, principal and source address
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configure-notification.html).
 */
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { factsOf } from './object-facts.ts';
import { nextSequencer, type ObjectEvent } from './object-event.ts';

const S3_SERVICE = 's3.amazonaws.com';

export function serviceEvent(bucket: Bucket, name: ObjectEvent['name'], obj: S3Object, requestId: string): ObjectEvent {
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
  };
}
