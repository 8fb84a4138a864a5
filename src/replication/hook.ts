/** What a write sees of replication (RequestContext.replication); src/replication/replicator.ts implements it. */
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';

export interface ReplicationHook {
  /** PENDING when a rule replicates `obj` and the queue has room, FAILED when it is full, else undefined. */
  statusFor(bucket: Bucket, obj: S3Object): 'PENDING' | 'FAILED' | undefined;
  /** After the commit of a version marked PENDING. */
  enqueue(bucket: Bucket, obj: S3Object): void;
}
