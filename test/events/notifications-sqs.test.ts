/**
 * Event notifications delivered to a real SQS (moto's server): every event type the operations
 * produce, field by field as AWS sends them, filters, ordering of sequencers, and AWS's validation.
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  DeleteObjectTaggingCommand, DeleteObjectsCommand, PutBucketNotificationConfigurationCommand, PutBucketVersioningCommand,
  PutBucketLifecycleConfigurationCommand, PutObjectAclCommand, PutObjectCommand, PutObjectTaggingCommand, RestoreObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';
import { callerPrincipalId, ownerPrincipalId } from '../../src/events/principal-ids.ts';
import { createQueue, drain, receiveBodies, useMotoSuite, type Moto } from './moto.ts';

const { e2e, need: needMoto } = useMotoSuite();

interface S3Record {
  eventVersion: string;
  eventName: string;
  eventTime: string;
  s3: { configurationId: string; object: Record<string, unknown>; bucket: Record<string, unknown> };
  [field: string]: unknown;
}

function recordsOf(bodies: string[]): S3Record[] {
  return bodies.flatMap((b) => (JSON.parse(b) as { Records: S3Record[] }).Records);
}

/** A bucket whose events for `events` go to a new queue. */
async function bucketWithQueue(m: Moto, events: string[], filter?: Array<{ Name: 'prefix' | 'suffix'; Value: string }>) {
  const bucket = uniqueBucket('ev');
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queue = await createQueue(m, bucket);
  await e2e.s3.send(new PutBucketNotificationConfigurationCommand({
    Bucket: bucket,
    NotificationConfiguration: {
      QueueConfigurations: [{ Id: 'cfg-1', QueueArn: queue.arn, Events: events as never, ...(filter ? { Filter: { Key: { FilterRules: filter } } } : {}) }],
    },
  }));
  return { bucket, queue };
}

describe('event notifications to SQS (moto)', () => {
  it('PutBucketNotificationConfiguration sends s3:TestEvent to the queue', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:*']);
    const tests = (await drain(m, queue.url)).map((b) => JSON.parse(b) as Record<string, unknown>);
    expect(tests).toHaveLength(1);
    expect(Object.keys(tests[0] ?? {}).sort()).toEqual(['Bucket', 'Event', 'HostId', 'RequestId', 'Service', 'Time']);
    expect(tests[0]).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: bucket });
  });

  it('PutObject sends ObjectCreated:Put with every field AWS sends', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:*']);
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/a b@c.txt', Body: 'something' }));
    const [record] = recordsOf(await receiveBodies(m, queue.url, 1));
    const requestId = put.$metadata.requestId ?? '';
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: 'ObjectCreated:Put',
      // The caller's IAM principal and the owner's customer id: two ids, neither the account id (as AWS records).
      userIdentity: { principalId: callerPrincipalId('000000000000') },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': put.$metadata.extendedRequestId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'cfg-1',
        bucket: { name: bucket, ownerIdentity: { principalId: ownerPrincipalId('000000000000') }, arn: `arn:aws:s3:::${bucket}` },
        // AWS URL-encodes the key as a form value: `a@b` arrives as `a%40b`, a space as `+`.
        object: { key: 'dir/a+b%40c.txt', size: 9, eTag: '437b930db84b8079c2dd804a71936b5f', sequencer: expect.stringMatching(/^[0-9A-F]{16,}$/) },
      },
    });
    expect(requestId).not.toBe('');
  });

  it('CopyObject, CompleteMultipartUpload and DeleteObject send their events in order, sequencers increasing', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'something' }));
    await e2e.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/src` }));
    const upload = await e2e.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'src' }));
    const part = await e2e.s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'src', UploadId: upload.UploadId, PartNumber: 1, Body: 'x'.repeat(6144) }));
    await e2e.s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'src', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'src' }));
    const records = recordsOf(await receiveBodies(m, queue.url, 4));
    expect(records.map((r) => [r.eventName, r.s3.object.key])).toEqual([
      ['ObjectCreated:Put', 'src'], ['ObjectCreated:Copy', 'copy'], ['ObjectCreated:CompleteMultipartUpload', 'src'], ['ObjectRemoved:Delete', 'src'],
    ]);
    expect(records[1]?.s3.object).toEqual({ key: 'copy', size: 9, eTag: '437b930db84b8079c2dd804a71936b5f', sequencer: expect.any(String) });
    expect(records[2]?.s3.object).toMatchObject({ size: 6144, eTag: expect.stringMatching(/^[0-9a-f]{32}-1$/) });
    // A removal carries neither size nor ETag.
    expect(Object.keys(records[3]?.s3.object ?? {}).sort()).toEqual(['key', 'sequencer']);
    const onSrc = records.filter((r) => r.s3.object.key === 'src').map((r) => String(r.s3.object.sequencer));
    expect([...onSrc].sort()).toEqual(onSrc);
    expect(new Set(onSrc).size).toBe(3);
  });

  it('versioned buckets: versionId on creations, DeleteMarkerCreated with the empty ETag, Delete of a version', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'test' }));
    const marker = await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }));
    const records = recordsOf(await receiveBodies(m, queue.url, 3));
    expect(records.map((r) => r.eventName)).toEqual(['ObjectCreated:Put', 'ObjectRemoved:DeleteMarkerCreated', 'ObjectRemoved:Delete']);
    expect(records[0]?.s3.object).toMatchObject({ versionId: v1.VersionId, size: 4 });
    expect(records[1]?.s3.object).toEqual({ key: 'k', eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: marker.VersionId, sequencer: expect.any(String) });
    expect(records[2]?.s3.object).toEqual({ key: 'k', versionId: v1.VersionId, sequencer: expect.any(String) });
  });

  it('DeleteObjects sends one ObjectRemoved:Delete per key, quiet or not', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectRemoved:*']);
    for (const key of ['a', 'b', 'c']) await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    await e2e.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }] } }));
    await e2e.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'c' }], Quiet: true } }));
    const records = recordsOf(await receiveBodies(m, queue.url, 3));
    expect(records.map((r) => [r.eventName, r.s3.object.key])).toEqual([['ObjectRemoved:Delete', 'a'], ['ObjectRemoved:Delete', 'b'], ['ObjectRemoved:Delete', 'c']]);
  });

  it('tagging and ACL changes are version 2.3 records with the ETag, no size, no sequencer', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectTagging:*', 's3:ObjectAcl:Put']);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'something' }));
    await e2e.s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'k', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
    await e2e.s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'k' }));
    await e2e.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'k', ACL: 'public-read' }));
    const records = recordsOf(await receiveBodies(m, queue.url, 3));
    expect(records.map((r) => [r.eventName, r.eventVersion])).toEqual([['ObjectTagging:Put', '2.3'], ['ObjectTagging:Delete', '2.3'], ['ObjectAcl:Put', '2.3']]);
    for (const r of records) expect(r.s3.object).toEqual({ key: 'k', eTag: '437b930db84b8079c2dd804a71936b5f' });
  });

  it('RestoreObject sends ObjectRestore:Post and ObjectRestore:Completed with glacierEventData', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectRestore:*']);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold', Body: 'something', StorageClass: 'GLACIER' }));
    await e2e.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 1 } }));
    const [post, completed] = recordsOf(await receiveBodies(m, queue.url, 2));
    expect(post?.eventName).toBe('ObjectRestore:Post');
    expect(post?.s3.object).toEqual({ key: 'cold', size: 9, eTag: '437b930db84b8079c2dd804a71936b5f', sequencer: expect.any(String) });
    expect(completed?.eventName).toBe('ObjectRestore:Completed');
    expect(completed?.userIdentity).toEqual({ principalId: `AmazonCustomer:${ownerPrincipalId('000000000000')}` });
    expect(completed?.glacierEventData).toEqual({
      restoreEventData: { lifecycleRestorationExpiryTime: expect.stringMatching(/T00:00:00\.000Z$/), lifecycleRestoreStorageClass: 'GLACIER' },
    });
  });

  it('prefix and suffix rules select the keys', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:*'], [{ Name: 'prefix', Value: 'up/' }, { Name: 'suffix', Value: '.txt' }]);
    for (const key of ['up/a.txt', 'up/a.bin', 'down/a.txt', 'up/dir/b.txt']) await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    const records = recordsOf(await receiveBodies(m, queue.url, 2));
    expect(records.map((r) => r.s3.object.key)).toEqual(['up/a.txt', 'up/dir/b.txt']);
    expect(await drain(m, queue.url, 500)).toEqual([]);
  });
});

describe('PutBucketNotificationConfiguration validation (moto)', () => {
  async function putQueue(bucket: string, arns: string[], skip?: boolean) {
    return e2e.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket, SkipDestinationValidation: skip,
      NotificationConfiguration: { QueueConfigurations: arns.map((arn, i) => ({ QueueArn: arn, Events: [i === 0 ? 's3:ObjectCreated:*' : 's3:ObjectRemoved:*'] })) },
    }));
  }

  it('answers AWS errors for unparsable ARNs, missing queues, bad rules and overlaps; SkipDestinationValidation skips only the existence check', async (ctx) => {
    needMoto(ctx);
    const bucket = uniqueBucket('val');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const missing = 'arn:aws:sqs:us-east-1:123456789012:no-such-queue';
    const parse = await s3ErrorOf(putQueue(bucket, [missing, 'invalid_arn']));
    expect([parse.name, parse.message]).toEqual(['InvalidArgument', 'The ARN could not be parsed']);
    expect(parse).toMatchObject({ ArgumentName: 'Queue', ArgumentValue: 'invalid_arn' });
    const two = await s3ErrorOf(putQueue(bucket, [missing, `${missing}-2`]));
    expect(two.message).toBe('Unable to validate the following destination configurations');
    expect(two).toMatchObject({
      ArgumentName1: missing, ArgumentValue1: 'The destination queue does not exist',
      ArgumentName2: `${missing}-2`, ArgumentValue2: 'The destination queue does not exist',
    });
    await putQueue(bucket, [missing], true);
    await expect(s3ErrorOf(putQueue(bucket, ['invalid_arn'], true))).resolves.toMatchObject({ message: 'The ARN could not be parsed' });
    const rule = await s3ErrorOf(e2e.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket, SkipDestinationValidation: true,
      NotificationConfiguration: { QueueConfigurations: [{ QueueArn: missing, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'middle' as never, Value: 'x' }] } } }] },
    })));
    expect(rule).toMatchObject({ message: 'filter rule name must be either prefix or suffix', ArgumentName: 'FilterRule.Name', ArgumentValue: 'middle' });
    const overlap = await s3ErrorOf(e2e.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket, SkipDestinationValidation: true,
      NotificationConfiguration: { QueueConfigurations: [
        { QueueArn: missing, Events: ['s3:ObjectCreated:*'] }, { QueueArn: `${missing}-2`, Events: ['s3:ObjectCreated:Put'] },
      ] },
    })));
    expect(overlap).toMatchObject({ message: 'Configurations overlap. Configurations on the same bucket cannot share a common event type.', ArgumentName: 'Event' });
  });

  it('delivers a burst of PUTs whole, in order per key, when they go out in SendMessageBatch requests', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:ObjectCreated:Put']);
    await drain(m, queue.url, 300);
    const keys = Array.from({ length: 25 }, (_, i) => `burst/${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((Key) => e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
    const records = recordsOf(await receiveBodies(m, queue.url, keys.length));
    expect(records.map((r) => r.s3.object.key).sort()).toEqual(keys);
    expect(records.every((r) => r.eventName === 'ObjectCreated:Put' && r.s3.configurationId === 'cfg-1')).toBe(true);
  });
});

describe('lifecycle events to SQS (moto)', () => {
  it('a lifecycle pass sends LifecycleTransition, LifecycleExpiration:DeleteMarkerCreated and :Delete from e2e.s3.amazonaws.com', async (ctx) => {
    const m = needMoto(ctx);
    const { bucket, queue } = await bucketWithQueue(m, ['s3:LifecycleExpiration:*', 's3:LifecycleTransition']);
    await e2e.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold/a', Body: 'x' }));
    const old = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone/b', Body: 'y' }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone/b', Body: 'z' }));
    await e2e.s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket, TransitionDefaultMinimumObjectSize: 'varies_by_storage_class', LifecycleConfiguration: { Rules: [
        { ID: 'cold', Status: 'Enabled', Filter: { Prefix: 'cold/' }, Transitions: [{ Days: 1, StorageClass: 'GLACIER' }] },
        { ID: 'gone', Status: 'Enabled', Filter: { Prefix: 'gone/' }, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      ] },
    }));
    const res = await e2e.fetch('/_ruststack/lifecycle/run?days=3', { method: 'POST' });
    expect(res.status).toBe(200);
    const records = recordsOf(await receiveBodies(m, queue.url, 3));
    expect(records.map((r) => [r.eventName, r.s3.object.key]).sort()).toEqual([
      ['LifecycleExpiration:Delete', 'gone/b'], ['LifecycleExpiration:DeleteMarkerCreated', 'gone/b'], ['LifecycleTransition', 'cold/a'],
    ]);
    for (const r of records) {
      expect([r.eventVersion, r.userIdentity, r.requestParameters]).toEqual(['2.3', { principalId: 's3.amazonaws.com' }, { sourceIPAddress: 's3.amazonaws.com' }]);
    }
    const removed = records.find((r) => r.eventName === 'LifecycleExpiration:Delete');
    expect(removed?.s3.object).toEqual({ key: 'gone/b', versionId: old.VersionId });
    const moved = records.find((r) => r.eventName === 'LifecycleTransition');
    expect(moved?.lifecycleEventData).toEqual({ transitionEventData: { destinationStorageClass: 'GLACIER' } });
  });
});
