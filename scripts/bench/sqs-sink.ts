/**
 * A stand-in SQS for the `ours-events` bench target: it answers the calls event notifications make
 * (GetQueueUrl and GetQueueAttributes when a configuration is validated, SendMessage for the test
 * event and single deliveries, SendMessageBatch for batches) with valid SQS JSON, keeps nothing and
 * counts the messages. It runs beside the load generator, on the client's core, so the server's
 * figures carry the cost of producing events and none of receiving them.
 *
 *   bun scripts/bench/sqs-sink.ts PORT     # GET /_sink/count answers {"messages":M,"requests":R}
 */
import type { Server } from 'bun';

export interface SqsSink {
  readonly endpoint: string;
  /** Messages received so far (batch entries counted one by one). */
  messages(): number;
  /** Send requests received so far (SendMessage and SendMessageBatch). */
  requests(): number;
  stop(): void;
}

/** Every ObjectCreated event of a bucket to one queue: the configuration AWS documents first. */
export const EVENTS_NOTIFICATION_XML = '<NotificationConfiguration><QueueConfiguration><Id>bench</Id>'
  + '<Queue>arn:aws:sqs:us-east-1:000000000000:bench-events</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>';

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0' };
/** Each batch entry carries its `"Id":"<n>"`; SQS answers with the ids of the failed ones only. */
const ENTRY_ID = /"Id":"(\d+)"/g;

function queueUrl(body: string, host: string): string {
  const name = /"QueueName":"([^"]*)"/.exec(body)?.[1] ?? 'queue';
  return `http://${host}/000000000000/${name}`;
}

function answer(target: string, body: string, host: string, count: (n: number) => void): Response {
  switch (target) {
    case 'AmazonSQS.SendMessageBatch': {
      const successful = [...body.matchAll(ENTRY_ID)].map((m) => `{"Id":"${m[1] ?? ''}","MessageId":"m${m[1] ?? ''}","MD5OfMessageBody":"d41d8cd98f00b204e9800998ecf8427e"}`);
      count(successful.length);
      return new Response(`{"Successful":[${successful.join(',')}],"Failed":[]}`, { headers: JSON_HEADERS });
    }
    case 'AmazonSQS.SendMessage':
      count(1);
      return new Response('{"MessageId":"m","MD5OfMessageBody":"d41d8cd98f00b204e9800998ecf8427e"}', { headers: JSON_HEADERS });
    case 'AmazonSQS.GetQueueUrl':
      return new Response(JSON.stringify({ QueueUrl: queueUrl(body, host) }), { headers: JSON_HEADERS });
    case 'AmazonSQS.GetQueueAttributes':
      return new Response('{"Attributes":{"QueueArn":"arn:aws:sqs:us-east-1:000000000000:queue"}}', { headers: JSON_HEADERS });
    default:
      return new Response(`{"__type":"com.amazonaws.sqs#InvalidAction","message":"${target} is not answered here"}`, { status: 400, headers: JSON_HEADERS });
  }
}

export function startSqsSink(port = 0): SqsSink {
  let messages = 0;
  let requests = 0;
  const server: Server<undefined> = Bun.serve({
    port,
    hostname: '127.0.0.1',
    async fetch(req) {
      if (req.method === 'GET') return Response.json({ messages, requests });
      const target = req.headers.get('x-amz-target') ?? '';
      return answer(target, await req.text(), req.headers.get('host') ?? '127.0.0.1', (n) => {
        messages += n;
        requests++;
      });
    },
  });
  return { endpoint: `http://127.0.0.1:${server.port}`, messages: () => messages, requests: () => requests, stop: () => void server.stop(true) };
}

if (import.meta.main) {
  const sink = startSqsSink(Number(process.argv[2] ?? '0'));
  console.log(`sqs sink ready at ${sink.endpoint}`);
}
