/**
 * s3:Replication:OperationFailedReplication, which S3 sends only for rules with replication
 * metrics enabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html).
 * S3 itself replicates: the record names `s3.amazonaws.com` (events/service-event.ts).
 */
import type { ObjectEvent } from '../events/object-event.ts';
import { bucketArn } from '../events/s3-record.ts';
import { serviceEvent } from '../events/service-event.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import type { TargetProblem } from './apply.ts';

/**
 * undefined when S3 sends nothing: no notification configuration, a rule without metrics, or a
 * delete marker (AWS's example names only `OBJECT_PUT` as the operation).
 */
export function replicationFailedEvent(source: Bucket, version: S3Object, problem: TargetProblem, requestId: string): ObjectEvent | undefined {
  const rule = problem.target?.rule;
  if (source.configs.notification === undefined || rule === undefined || version.isDeleteMarker) return undefined;
  if (rule.Destination.Metrics?.Status !== 'Enabled') return undefined;
  return {
    ...serviceEvent(source, 'Replication:OperationFailedReplication', version, requestId),
    replication: {
      replicationRuleId: rule.ID ?? '',
      destinationBucket: bucketArn(problem.target?.bucket ?? '', source.region),
      s3Operation: 'OBJECT_PUT',
      requestTime: version.lastModified.toISOString(),
      failureReason: problem.reason,
    },
  };
}
