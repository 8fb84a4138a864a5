/**
 * moto's server (from the pinned client-test venv, test/clients/requirements.txt) as the real SQS,
 * SNS and EventBridge that event notifications are delivered to, and small clients for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv } from '../../scripts/python-venv.ts';
import { sendAwsRequest } from '../../src/events/aws-request.ts';
import type { EventService } from '../../src/events/events-config.ts';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { useE2e, type E2e } from '../helpers/e2e.ts';
import { freePort } from '../helpers/spawn-server.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REQUIREMENTS = fileURLToPath(new URL('../clients/requirements.txt', import.meta.url));
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Moto {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) })).status < 500;
  } catch {
    return false;
  }
}

export async function startMoto(env: Record<string, string> = {}): Promise<Moto> {
  const venv = await ensurePythonVenv({ requirements: REQUIREMENTS, cacheRoot: `${REPO}.cache/client-venv`, log: () => undefined });
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(venv.python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => void (output = (output + c.toString()).slice(-4096)));
  child.stderr?.on('data', (c: Buffer) => void (output = (output + c.toString()).slice(-4096)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A runner that exits early (process.exit) must not leave moto behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if (await answers(endpoint)) return { endpoint, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`moto did not start on ${endpoint}:\n${output}`);
}

export interface MotoSuite {
  /** Our server, delivering events to moto (S3_EVENTS_ENDPOINT). */
  readonly e2e: E2e;
  /** moto, or the test is skipped with the reason it could not start. */
  need(ctx: TestContext): Moto;
}

/**
 * moto and a server delivering to it, for the file: started before its tests, stopped after them.
 * Only a venv that cannot be built (no python3, no PyPI) skips the tests; any other failure fails them.
 */
export function useMotoSuite(): MotoSuite {
  let moto: Moto | undefined;
  let unavailable = '';
  beforeAll(async () => {
    try {
      moto = await startMoto();
    } catch (e) {
      if (!(e instanceof Error) || !/venv|pip|Python/.test(e.message)) throw e;
      unavailable = `moto's venv could not be created: ${e.message.split('\n')[0] ?? ''}`;
    }
  });
  // Before useE2e's hooks: after-hooks run in reverse, so moto stops once the server has.
  afterAll(async () => moto?.stop());
  const e2e = useE2e({ env: (): Record<string, string> => (moto === undefined ? {} : { S3_EVENTS_ENDPOINT: moto.endpoint }) });
  return {
    e2e,
    need(ctx) {
      if (moto === undefined) ctx.skip(unavailable);
      return moto as Moto;
    },
  };
}

async function call(moto: Moto, service: EventService, headers: Record<string, string>, body: string): Promise<string> {
  const res = await sendAwsRequest({ service, region: 'us-east-1', endpoint: moto.endpoint, method: 'POST', path: '/', headers, body }, CREDENTIALS);
  if (res.status >= 300) throw new Error(`${service} ${res.status}: ${res.text}`);
  return res.text;
}

export async function sqs(moto: Moto, action: string, body: object): Promise<Record<string, unknown>> {
  const text = await call(moto, 'sqs', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` }, JSON.stringify(body));
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

export async function snsQuery(moto: Moto, params: Record<string, string>): Promise<string> {
  return call(moto, 'sns', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ ...params, Version: '2010-03-31' }).toString());
}

export async function eventsCall(moto: Moto, action: string, body: object): Promise<void> {
  await call(moto, 'events', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${action}` }, JSON.stringify(body));
}

/** A new queue: its URL and ARN. */
export async function createQueue(moto: Moto, name: string): Promise<{ url: string; arn: string }> {
  const url = String((await sqs(moto, 'CreateQueue', { QueueName: name })).QueueUrl);
  const attributes = (await sqs(moto, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] })).Attributes as Record<string, string>;
  return { url, arn: attributes.QueueArn ?? '' };
}

/** Message bodies, test events left out, until `count` arrived or `timeoutMs` passed. */
export async function receiveBodies(moto: Moto, queueUrl: string, count: number, timeoutMs = 10_000): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (bodies.length < count && Date.now() < deadline) {
    const out = await sqs(moto, 'ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    const messages = (out.Messages ?? []) as Array<{ Body: string; ReceiptHandle: string }>;
    for (const m of messages) {
      await sqs(moto, 'DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
      if (!m.Body.includes('s3:TestEvent')) bodies.push(m.Body);
    }
  }
  return bodies;
}

/** Every message body now in the queue (test events included), waiting `ms` for stragglers. */
export async function drain(moto: Moto, queueUrl: string, ms = 1500): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const out = await sqs(moto, 'ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 });
    for (const m of (out.Messages ?? []) as Array<{ Body: string; ReceiptHandle: string }>) {
      await sqs(moto, 'DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
      bodies.push(m.Body);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return bodies;
}
