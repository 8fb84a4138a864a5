/** What one S3 event says about an object, before it is shaped for a destination. */
import type { S3EventName } from './event-match.ts';

export interface EventBucket {
  readonly name: string;
  readonly region: string;
  readonly ownerAccountId: string;
}

export interface ObjectEvent {
  readonly name: S3EventName;
  readonly bucket: EventBucket;
  readonly key: string;
  readonly size?: number | undefined;
  /** Unquoted, as records carry it. */
  readonly eTag?: string | undefined;
  /** Absent for the null version (unversioned or suspended bucket), as AWS omits it. */
  readonly versionId?: string | undefined;
  readonly sequencer?: string | undefined;
  readonly time: Date;
  readonly requestId: string;
  /** Account of the caller (EventBridge's `requester`). */
  readonly requester: string;
  /** The caller's principal id, a record's `userIdentity.principalId` (src/events/principal-ids.ts). */
  readonly principal: string;
  readonly sourceIp: string;
  readonly storageClass?: string | undefined;
  readonly restoreExpiry?: Date | undefined;
  /** X-Amzn-Trace-Id of the request, passed on as SQS's AWSTraceHeader and EventBridge's TraceHeader. */
  readonly traceHeader?: string | undefined;
  /** Replication events: the record's replicationEventData. */
  readonly replication?: ReplicationEventData | undefined;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html */
export interface ReplicationEventData {
  readonly replicationRuleId: string;
  /** The destination bucket's ARN. */
  readonly destinationBucket: string;
  readonly s3Operation: string;
  /** When the replicated write was made (ISO-8601). */
  readonly requestTime: string;
  /** https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html */
  readonly failureReason: string;
}

let lastSequence = 0;
let lastHigh = -1;
let lastHighText = '';
let lowDigits: string[] | undefined;

/**
 * AWS's sequencer is an opaque hex string that orders events on one key; a process-wide counter seeded
 * with the clock orders them on every key, across restarts too.
 */
export function nextSequencer(now: Date): string {
  // ms * 4096 stays below 2^53 until the year 2248: a plain number, no BigInt per event.
  const fromClock = now.getTime() * 4096;
  lastSequence = fromClock > lastSequence ? fromClock : lastSequence + 1;
  // 4096 is 16^3: the last three hex digits are the count within the millisecond, the rest change
  // at most once a millisecond, so only they are formatted anew.
  const high = Math.floor(lastSequence / 4096);
  if (high !== lastHigh) {
    lastHigh = high;
    lastHighText = high.toString(16).toUpperCase().padStart(15, '0');
  }
  lowDigits ??= Array.from({ length: 4096 }, (_, i) => i.toString(16).toUpperCase().padStart(3, '0'));
  return lastHighText + (lowDigits[lastSequence % 4096] as string);
}
