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
  /** Account of the caller. */
  readonly requester: string;
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

/**
 * AWS's sequencer is an opaque hex string that orders events on one key; a process-wide counter seeded
 * with the clock orders them on every key, across restarts too.
 */
export function nextSequencer(now: Date): string {
  // ms * 4096 stays below 2^53 until the year 2248: a plain number, no BigInt per event.
  const fromClock = now.getTime() * 4096;
  lastSequence = fromClock > lastSequence ? fromClock : lastSequence + 1;
  return lastSequence.toString(16).toUpperCase().padStart(18, '0');
}
