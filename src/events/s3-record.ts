/**
 * The record S3 sends to SQS, SNS and Lambda: `{"Records":[record]}`, field by field as AWS sends it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html and the
 * AWS-recorded snapshots of LocalStack's test_s3_notifications_*.py).
 */
import { hostIdFor } from '../protocol/serialize.ts';
import type { S3EventName } from './event-match.ts';
import type { ObjectEvent, ReplicationEventData } from './object-event.ts';
import { ownerPrincipalId } from './principal-ids.ts';

export interface S3EventObject {
  key: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  sequencer?: string;
}

export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: S3EventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: S3EventObject;
  };
  glacierEventData?: { restoreEventData: { lifecycleRestorationExpiryTime: string; lifecycleRestoreStorageClass: string } };
  lifecycleEventData?: { transitionEventData: { destinationStorageClass: string } };
  replicationEventData?: ReplicationEventData;
}

/** ACL, tagging and lifecycle records are version 2.3 and carry neither size nor sequencer. */
export function isVersion23(name: S3EventName): boolean {
  return name.startsWith('ObjectAcl') || name.startsWith('ObjectTagging') || name.startsWith('Lifecycle') || name === 'ObjectRestore:Delete';
}

/** Keys are URL-encoded as a form value (a space is `+`), slashes kept: AWS's `a@b` arrives as `a%40b`. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export function bucketArn(bucket: string, region: string): string {
  return `arn:${partitionOf(region)}:s3:::${bucket}`;
}

function recordObject(event: ObjectEvent): S3EventObject {
  const object: S3EventObject = { key: encodeEventKey(event.key) };
  const name = event.name;
  const removal = name === 'ObjectRemoved:Delete' || name === 'LifecycleExpiration:Delete';
  const marker = name.endsWith('DeleteMarkerCreated');
  if (!removal && !marker && !isVersion23(name) && event.size !== undefined) object.size = event.size;
  // A delete marker's record carries the MD5 of nothing; a permanent delete carries no ETag.
  if (marker) object.eTag = 'd41d8cd98f00b204e9800998ecf8427e';
  else if (!removal && event.eTag !== undefined) object.eTag = event.eTag;
  if (event.versionId !== undefined) object.versionId = event.versionId;
  if (!isVersion23(name) && event.sequencer !== undefined) object.sequencer = event.sequencer;
  return object;
}

export function s3EventRecord(event: ObjectEvent, configurationId: string): S3EventRecord {
  const restored = event.name === 'ObjectRestore:Completed';
  const record: S3EventRecord = {
    // Version 2.2 is the replication events' (notification-content-structure.html).
    eventVersion: isVersion23(event.name) ? '2.3' : event.replication !== undefined ? '2.2' : '2.1',
    eventSource: 'aws:s3',
    awsRegion: event.bucket.region,
    eventTime: event.time.toISOString(),
    eventName: event.name,
    // S3 itself completes a restore: AWS names the bucket owner as "AmazonCustomer:<owner>".
    userIdentity: { principalId: restored ? `AmazonCustomer:${ownerPrincipalId(event.bucket.ownerAccountId)}` : event.principal },
    requestParameters: { sourceIPAddress: event.sourceIp },
    responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': hostIdFor(event.requestId) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: event.bucket.name, ownerIdentity: { principalId: ownerPrincipalId(event.bucket.ownerAccountId) }, arn: bucketArn(event.bucket.name, event.bucket.region) },
      object: recordObject(event),
    },
  };
  if (restored && event.restoreExpiry !== undefined) {
    record.glacierEventData = {
      restoreEventData: { lifecycleRestorationExpiryTime: event.restoreExpiry.toISOString(), lifecycleRestoreStorageClass: event.storageClass ?? 'GLACIER' },
    };
  }
  if (event.name === 'LifecycleTransition' && event.storageClass !== undefined) {
    record.lifecycleEventData = { transitionEventData: { destinationStorageClass: event.storageClass } };
  }
  if (event.replication !== undefined) record.replicationEventData = event.replication;
  return record;
}

/** The message S3 sends to a destination when a configuration is put, to check it can. */
export function testEventMessage(bucket: string, requestId: string, time: Date): string {
  return JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: time.toISOString(), Bucket: bucket, RequestId: requestId, HostId: hostIdFor(requestId) });
}
