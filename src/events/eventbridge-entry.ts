/**
 * The PutEvents entry S3 sends to the default event bus of the bucket's region when EventBridge is
 * enabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html; field sets per
 * detail-type as in the AWS-recorded snapshots of LocalStack's test_s3_notifications_eventbridge.py).
 */
import { isReplicationEvent, type ReplicationEventName, type S3EventName } from './event-match.ts';
import type { ObjectEvent } from './object-event.ts';
import { bucketArn } from './s3-record.ts';

export interface PutEventsEntry {
  Source: 'aws.s3';
  DetailType: string;
  Detail: string;
  Resources: string[];
  /** Seconds since the epoch, as PutEvents' JSON protocol carries timestamps. */
  Time: number;
  TraceHeader?: string;
}

interface DetailObject {
  key: string;
  size?: number;
  etag?: string;
  'version-id'?: string;
  sequencer?: string;
}

const CREATED_REASONS: Partial<Record<S3EventName, string>> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

const DETAIL_TYPES: Record<Exclude<S3EventName, ReplicationEventName>, string> = {
  'ObjectCreated:Put': 'Object Created',
  'ObjectCreated:Post': 'Object Created',
  'ObjectCreated:Copy': 'Object Created',
  'ObjectCreated:CompleteMultipartUpload': 'Object Created',
  'ObjectRemoved:Delete': 'Object Deleted',
  'ObjectRemoved:DeleteMarkerCreated': 'Object Deleted',
  'LifecycleExpiration:Delete': 'Object Deleted',
  'LifecycleExpiration:DeleteMarkerCreated': 'Object Deleted',
  'ObjectRestore:Post': 'Object Restore Initiated',
  'ObjectRestore:Completed': 'Object Restore Completed',
  'ObjectRestore:Delete': 'Object Restore Expired',
  'ObjectTagging:Put': 'Object Tags Added',
  'ObjectTagging:Delete': 'Object Tags Deleted',
  'ObjectAcl:Put': 'Object ACL Updated',
  LifecycleTransition: 'Object Storage Class Changed',
};

/** Which object fields each kind of event carries. */
function detailObject(event: ObjectEvent, detailType: string): DetailObject {
  const object: DetailObject = { key: event.key };
  const permanent = detailType === 'Object Deleted' && !event.name.endsWith('DeleteMarkerCreated');
  const withSize = detailType === 'Object Created' || detailType.startsWith('Object Restore') || detailType === 'Object Storage Class Changed';
  if (withSize && event.size !== undefined) object.size = event.size;
  // A delete marker has the MD5 of nothing; a permanent delete no ETag.
  if (detailType === 'Object Deleted') {
    if (!permanent) object.etag = 'd41d8cd98f00b204e9800998ecf8427e';
  } else if (event.eTag !== undefined) object.etag = event.eTag;
  if (event.versionId !== undefined) object['version-id'] = event.versionId;
  const withSequencer = detailType === 'Object Created' || detailType === 'Object Deleted';
  if (withSequencer && event.sequencer !== undefined) object.sequencer = event.sequencer;
  return object;
}

/** undefined for replication events, which EventBridge does not receive. */
export function eventBridgeEntry(event: ObjectEvent): PutEventsEntry | undefined {
  if (isReplicationEvent(event.name)) return undefined;
  const detailType = DETAIL_TYPES[event.name];
  const detail: Record<string, unknown> = {
    version: '0',
    bucket: { name: event.bucket.name },
    object: detailObject(event, detailType),
    'request-id': event.requestId,
    requester: event.requester,
  };
  // S3 completes restores itself: no caller address.
  if (event.name !== 'ObjectRestore:Completed') detail['source-ip-address'] = event.sourceIp;
  const reason = CREATED_REASONS[event.name];
  if (reason !== undefined) detail.reason = reason;
  if (detailType === 'Object Deleted') {
    detail.reason = event.name.startsWith('Lifecycle') ? 'Lifecycle Expiration' : 'DeleteObject';
    detail['deletion-type'] = event.name.endsWith('DeleteMarkerCreated') ? 'Delete Marker Created' : 'Permanently Deleted';
  }
  if (detailType.startsWith('Object Restore')) detail['source-storage-class'] = event.storageClass ?? 'GLACIER';
  if (event.name === 'ObjectRestore:Completed' && event.restoreExpiry !== undefined) detail['restore-expiry-time'] = event.restoreExpiry.toISOString();
  if (event.name === 'LifecycleTransition') detail['destination-storage-class'] = event.storageClass ?? 'STANDARD';
  const entry: PutEventsEntry = {
    Source: 'aws.s3',
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    Resources: [bucketArn(event.bucket.name, event.bucket.region)],
    Time: Math.floor(event.time.getTime() / 1000),
  };
  if (event.traceHeader !== undefined) entry.TraceHeader = event.traceHeader;
  return entry;
}
