/**
 * SNS (query protocol Publish, subject "Amazon S3 Notification") and EventBridge (PutEvents with
 * S3's own detail shapes) deliveries, observed through SQS queues subscribed to them in moto.
 */
import { CreateBucketCommand, DeleteObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { uniqueBucket } from '../helpers/s3-client.ts';
import { createQueue, eventsCall, receiveBodies, snsQuery, useMotoSuite } from './moto.ts';

const { e2e, need: needMoto } = useMotoSuite();

describe('event notifications to SNS and EventBridge (moto)', () => {
  it('SNS receives the records as the message, with S3\'s subject', async (ctx) => {
    const m = needMoto(ctx);
    const bucket = uniqueBucket('sns');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const queue = await createQueue(m, bucket);
    const topicArn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(await snsQuery(m, { Action: 'CreateTopic', Name: bucket }))?.[1] ?? '';
    await snsQuery(m, { Action: 'Subscribe', TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn });
    await e2e.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket, NotificationConfiguration: { TopicConfigurations: [{ Id: 'topic-cfg', TopicArn: topicArn, Events: ['s3:ObjectCreated:Put'] }] },
    }));
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'something' }));
    const notes = (await receiveBodies(m, queue.url, 1)).map((b) => JSON.parse(b) as { Subject: string; Message: string; TopicArn: string });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ Subject: 'Amazon S3 Notification', TopicArn: topicArn });
    const { Records } = JSON.parse(notes[0]?.Message ?? '{}') as { Records: Array<Record<string, unknown>> };
    expect(Records).toHaveLength(1);
    expect(Records[0]).toMatchObject({ eventName: 'ObjectCreated:Put', s3: { configurationId: 'topic-cfg', object: { key: 'k', size: 9 } } });
  });

  it('EventBridge receives Object Created and Object Deleted in S3\'s detail shape', async (ctx) => {
    const m = needMoto(ctx);
    const bucket = uniqueBucket('evb');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const queue = await createQueue(m, bucket);
    await eventsCall(m, 'PutRule', { Name: bucket, EventPattern: JSON.stringify({ source: ['aws.s3'], detail: { bucket: { name: [bucket] } } }) });
    await eventsCall(m, 'PutTargets', { Rule: bucket, Targets: [{ Id: 'q', Arn: queue.arn }] });
    await e2e.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { EventBridgeConfiguration: {} } }));
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'test' }));
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
    const events = (await receiveBodies(m, queue.url, 2)).map((b) => JSON.parse(b) as Record<string, unknown>);
    expect(events.map((e) => e['detail-type'])).toEqual(['Object Created', 'Object Deleted']);
    expect(events[0]).toMatchObject({ source: 'aws.s3', region: 'us-east-1', resources: [`arn:aws:s3:::${bucket}`] });
    expect(events[0]?.detail).toEqual({
      version: '0', bucket: { name: bucket },
      object: { key: 'k', size: 4, etag: '098f6bcd4621d373cade4e832627b4f6', sequencer: expect.stringMatching(/^[0-9A-F]+$/) },
      'request-id': put.$metadata.requestId, requester: '000000000000', 'source-ip-address': '127.0.0.1', reason: 'PutObject',
    });
    expect(events[1]?.detail).toEqual({
      version: '0', bucket: { name: bucket }, object: { key: 'k', sequencer: expect.any(String) },
      'request-id': expect.any(String), requester: '000000000000', 'source-ip-address': '127.0.0.1',
      reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted',
    });
  });
});
