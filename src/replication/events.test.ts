import { describe, expect, it } from 'vitest';
import { eventBridgeEntry } from '../events/eventbridge-entry.ts';
import { s3EventRecord } from '../events/s3-record.ts';
import { version } from '../lifecycle/version.test-helper.ts';
import type { ReplicationRule } from '../protocol/generated/types.ts';
import { newBucket, type Bucket } from '../state/bucket.ts';
import type { TargetProblem } from './apply.ts';
import { replicationFailedEvent } from './events.ts';

function source(withNotification = true): Bucket {
  return newBucket({
    name: 'src', ownerAccountId: '000000000000', region: 'eu-west-1', creationDate: new Date(0), versioning: 'Enabled', mfaDelete: undefined,
    objectLockEnabled: false, configs: withNotification ? { notification: { QueueConfigurations: [] } } : {},
  });
}

function problem(metrics: boolean): TargetProblem {
  const rule: ReplicationRule = {
    ID: 'rule-1', Status: 'Enabled', Filter: {},
    Destination: { Bucket: 'arn:aws:s3:::dst', ...(metrics ? { Metrics: { Status: 'Enabled' } } : {}) },
  };
  return { reason: 'DstBucketNotFound', detail: 'gone', target: { rule, bucket: 'dst' } };
}

const VERSION = version({ key: 'a b', versionId: 'v1', etag: '"abc"', size: 5, lastModified: new Date('2026-02-01T10:00:00.000Z') });

describe('s3:Replication:OperationFailedReplication', () => {
  it('is a version 2.2 record from S3 itself with replicationEventData', () => {
    const event = replicationFailedEvent(source(), VERSION, problem(true), 'req-1');
    expect(event).toBeDefined();
    const record = s3EventRecord(event as NonNullable<typeof event>, 'cfg');
    expect(record).toMatchObject({
      eventVersion: '2.2', eventName: 'Replication:OperationFailedReplication', awsRegion: 'eu-west-1',
      userIdentity: { principalId: 's3.amazonaws.com' }, requestParameters: { sourceIPAddress: 's3.amazonaws.com' },
      s3: { object: { key: 'a+b', size: 5, eTag: 'abc', versionId: 'v1' } },
      replicationEventData: {
        replicationRuleId: 'rule-1', destinationBucket: 'arn:aws:s3:::dst', s3Operation: 'OBJECT_PUT',
        requestTime: '2026-02-01T10:00:00.000Z', failureReason: 'DstBucketNotFound',
      },
    });
  });

  it('is sent only for rules with replication metrics, for objects, to buckets with notifications', () => {
    expect(replicationFailedEvent(source(), VERSION, problem(false), 'r')).toBeUndefined();
    expect(replicationFailedEvent(source(false), VERSION, problem(true), 'r')).toBeUndefined();
    expect(replicationFailedEvent(source(), version({ key: 'k', isDeleteMarker: true }), problem(true), 'r')).toBeUndefined();
  });

  it('does not go to EventBridge, which has no replication event type', () => {
    const event = replicationFailedEvent(source(), VERSION, problem(true), 'r');
    expect(eventBridgeEntry(event as NonNullable<typeof event>)).toBeUndefined();
  });
});
