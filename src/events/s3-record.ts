/**
 * The record S3 sends to SQS, SNS and Lambda: `{"Records":[record]}`, field by field as AWS sends it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html and the
 * AWS-recorded snapshots of LocalStack's test_s3_notifications_*.py).
 */
import { hostIdFor } from '../protocol/serialize.ts';
import type { S3EventName } from './event-match.ts';
import type { ObjectEvent } from './object-event.ts';

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
}

/** ACL, tagging and lifecycle records are version 2.3 and carry neither size nor sequencer. */
function isVersion23(name: S3EventName): boolean {
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
    eventVersion: isVersion23(event.name) ? '2.3' : '2.1',
    eventSource: 'aws:s3',
    awsRegion: event.bucket.region,
    eventTime: event.time.toISOString(),
    eventName: event.name,
    // S3 itself completes a restore: AWS names the bucket owner as "AmazonCustomer:<owner>".
    userIdentity: { principalId: restored ? `AmazonCustomer:${event.bucket.ownerAccountId}` : event.requester },
    requestParameters: { sourceIPAddress: event.sourceIp },
    responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': hostIdFor(event.requestId) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: event.bucket.name, ownerIdentity: { principalId: event.bucket.ownerAccountId }, arn: bucketArn(event.bucket.name, event.bucket.region) },
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
  return record;
}

const q = JSON.stringify;

let lastTimeMs = Number.NaN;
let lastTimeIso = '';

/** Events of one millisecond share their time's text. */
function isoTime(time: Date): string {
  const ms = time.getTime();
  if (ms !== lastTimeMs) {
    lastTimeMs = ms;
    lastTimeIso = time.toISOString();
  }
  return lastTimeIso;
}

/** A key of only the characters encodeURIComponent keeps (and `/`) is its own encoding. */
const PLAIN_KEY = /^[A-Za-z0-9\-_.!~*'()/]*$/;

function objectJson(event: ObjectEvent): string {
  const name = event.name;
  const removal = name === 'ObjectRemoved:Delete' || name === 'LifecycleExpiration:Delete';
  const marker = name.endsWith('DeleteMarkerCreated');
  const v23 = isVersion23(name);
  let out = `{"key":${q(PLAIN_KEY.test(event.key) ? event.key : encodeEventKey(event.key))}`;
  if (!removal && !marker && !v23 && event.size !== undefined) out += `,"size":${q(event.size)}`;
  if (marker) out += ',"eTag":"d41d8cd98f00b204e9800998ecf8427e"';
  else if (!removal && event.eTag !== undefined) out += `,"eTag":${q(event.eTag)}`;
  if (event.versionId !== undefined) out += `,"versionId":${q(event.versionId)}`;
  if (!v23 && event.sequencer !== undefined) out += `,"sequencer":${q(event.sequencer)}`;
  return `${out}}`;
}

/**
 * `{"Records":[record]}` as text, byte for byte `JSON.stringify({ Records: [s3EventRecord(event, id)] })`
 * (a test holds the two together), written directly: no record object per event.
 */
export function s3EventMessage(event: ObjectEvent, configurationId: string): string {
  const { bucket, name } = event;
  const restored = name === 'ObjectRestore:Completed';
  let out = `{"Records":[{"eventVersion":"${isVersion23(name) ? '2.3' : '2.1'}","eventSource":"aws:s3","awsRegion":${q(bucket.region)}`
    + `,"eventTime":"${isoTime(event.time)}","eventName":"${name}"`
    + `,"userIdentity":{"principalId":${q(restored ? `AmazonCustomer:${bucket.ownerAccountId}` : event.requester)}}`
    + `,"requestParameters":{"sourceIPAddress":${q(event.sourceIp)}}`
    + `,"responseElements":{"x-amz-request-id":${q(event.requestId)},"x-amz-id-2":${q(hostIdFor(event.requestId))}}`
    + `,"s3":{"s3SchemaVersion":"1.0","configurationId":${q(configurationId)}`
    + `,"bucket":{"name":${q(bucket.name)},"ownerIdentity":{"principalId":${q(bucket.ownerAccountId)}},"arn":${q(bucketArn(bucket.name, bucket.region))}}`
    + `,"object":${objectJson(event)}}`;
  if (restored && event.restoreExpiry !== undefined) {
    out += `,"glacierEventData":{"restoreEventData":{"lifecycleRestorationExpiryTime":"${event.restoreExpiry.toISOString()}","lifecycleRestoreStorageClass":${q(event.storageClass ?? 'GLACIER')}}}`;
  }
  if (name === 'LifecycleTransition' && event.storageClass !== undefined) {
    out += `,"lifecycleEventData":{"transitionEventData":{"destinationStorageClass":${q(event.storageClass)}}}`;
  }
  return `${out}}]}`;
}

/** The message S3 sends to a destination when a configuration is put, to check it can. */
export function testEventMessage(bucket: string, requestId: string, time: Date): string {
  return JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: time.toISOString(), Bucket: bucket, RequestId: requestId, HostId: hostIdFor(requestId) });
}
