import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../../test/helpers/spawn-server.ts';
import { SignedClient } from './signed-client.ts';
import { EVENTS_NOTIFICATION_XML, startSqsSink, type SqsSink } from './sqs-sink.ts';

let sink: SqsSink;
let server: TestServer;

beforeAll(async () => {
  sink = startSqsSink();
  server = await startInProcessServer({ env: { S3_EVENTS_ENDPOINT: sink.endpoint } });
});
afterAll(async () => {
  await server.stop();
  sink.stop();
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await Bun.sleep(25);
}

describe('the bench SQS sink', () => {
  it('validates a queue configuration and receives every PUT event, single and batched', async () => {
    const c = new SignedClient(server.endpoint);
    await c.createBucket('sink-events');
    await c.putBucketNotification('sink-events', EVENTS_NOTIFICATION_XML);
    // The configuration's test event.
    await until(() => sink.messages() >= 1);
    expect(sink.messages()).toBe(1);
    const body = new Uint8Array(16).fill(1);
    await Promise.all(Array.from({ length: 40 }, (_, i) => c.put('sink-events', `k/${i}`, body)));
    await until(() => sink.messages() >= 41);
    expect(sink.messages()).toBe(41);
    c.close();
  });

  it('refuses a call it does not answer with an SQS error', async () => {
    const res = await fetch(sink.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.PurgeQueue' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toContain('InvalidAction');
  });
});
