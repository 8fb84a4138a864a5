/**
 * The record message of s3-record.ts written straight to text: byte for byte what JSON.stringify
 * gives for s3EventRecord's object (a test holds them together), without building the object.
 */
import { hostIdFor } from '../protocol/serialize.ts';
import type { EventBucket, ObjectEvent } from './object-event.ts';
import { ownerPrincipalId } from './principal-ids.ts';
import { bucketArn, encodeEventKey, isVersion23 } from './s3-record.ts';

const str = JSON.stringify;

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

function objectText(event: ObjectEvent): string {
  const name = event.name;
  const removal = name === 'ObjectRemoved:Delete' || name === 'LifecycleExpiration:Delete';
  const marker = name.endsWith('DeleteMarkerCreated');
  const v23 = isVersion23(name);
  let out = `{"key":${str(PLAIN_KEY.test(event.key) ? event.key : encodeEventKey(event.key))}`;
  if (!removal && !marker && !v23 && event.size !== undefined) out += `,"size":${event.size}`;
  if (marker) out += ',"eTag":"d41d8cd98f00b204e9800998ecf8427e"';
  else if (!removal && event.eTag !== undefined) out += `,"eTag":${str(event.eTag)}`;
  if (event.versionId !== undefined) out += `,"versionId":${str(event.versionId)}`;
  if (!v23 && event.sequencer !== undefined) out += `,"sequencer":${str(event.sequencer)}`;
  return `${out}}`;
}

/**
 * What a record says of its bucket and configuration: the same for every event of a bucket record to
 * one configuration, so written once per pair.
 */
const SECTIONS = new WeakMap<EventBucket, Map<string, string>>();

function s3Section(bucket: EventBucket, configurationId: string): string {
  let byId = SECTIONS.get(bucket);
  if (byId === undefined) {
    byId = new Map();
    SECTIONS.set(bucket, byId);
  }
  let section = byId.get(configurationId);
  if (section === undefined) {
    section = `,"s3":{"s3SchemaVersion":"1.0","configurationId":${str(configurationId)}`
      + `,"bucket":{"name":${str(bucket.name)},"ownerIdentity":{"principalId":${str(ownerPrincipalId(bucket.ownerAccountId))}},"arn":${str(bucketArn(bucket.name, bucket.region))}}`;
    byId.set(configurationId, section);
  }
  return section;
}

/** `{"Records":[record]}`: `JSON.stringify({ Records: [s3EventRecord(event, id)] })`, without the object. */
export function s3EventMessage(event: ObjectEvent, configurationId: string): string {
  const { bucket, name } = event;
  const restored = name === 'ObjectRestore:Completed';
  const principal = restored ? `AmazonCustomer:${ownerPrincipalId(bucket.ownerAccountId)}` : event.principal;
  // The time and the host id (base64) never need escaping.
  // Version 2.2 is the replication events' (as s3EventRecord).
  const version = isVersion23(name) ? '2.3' : event.replication !== undefined ? '2.2' : '2.1';
  let out = `{"Records":[{"eventVersion":"${version}","eventSource":"aws:s3","awsRegion":${str(bucket.region)}`
    + `,"eventTime":"${isoTime(event.time)}","eventName":"${name}","userIdentity":{"principalId":${str(principal)}}`
    + `,"requestParameters":{"sourceIPAddress":${str(event.sourceIp)}}`
    + `,"responseElements":{"x-amz-request-id":${str(event.requestId)},"x-amz-id-2":"${hostIdFor(event.requestId)}"}`
    + `${s3Section(bucket, configurationId)},"object":${objectText(event)}}`;
  if (restored && event.restoreExpiry !== undefined) {
    out += `,"glacierEventData":{"restoreEventData":{"lifecycleRestorationExpiryTime":"${event.restoreExpiry.toISOString()}","lifecycleRestoreStorageClass":${str(event.storageClass ?? 'GLACIER')}}}`;
  }
  if (name === 'LifecycleTransition' && event.storageClass !== undefined) {
    out += `,"lifecycleEventData":{"transitionEventData":{"destinationStorageClass":${str(event.storageClass)}}}`;
  }
  if (event.replication !== undefined) out += `,"replicationEventData":${JSON.stringify(event.replication)}`;
  return `${out}}]}`;
}
