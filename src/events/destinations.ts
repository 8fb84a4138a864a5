/**
 * The calls S3 makes to its destinations, each over the service's current wire protocol: SQS JSON,
 * SNS query, Lambda REST-JSON, EventBridge JSON. Each throws DeliveryError when the call fails.
 */
import type { Arn } from './arn.ts';
import type { BatchPart } from './delivery-queue.ts';
import { sendAwsRequest, type AwsRequest, type AwsResponse } from './aws-request.ts';
import { DeliveryError } from './delivery-error.ts';
import type { PutEventsEntry } from './eventbridge-entry.ts';
import { serviceEndpoint, type EventService, type EventsConfig } from './events-config.ts';

type Call = Omit<AwsRequest, 'endpoint' | 'service' | 'region'>;

async function call(config: EventsConfig, service: EventService, region: string, request: Call): Promise<AwsResponse> {
  const endpoint = serviceEndpoint(config, service, region);
  if (endpoint === undefined) throw new DeliveryError(`no endpoint for ${service} (set S3_EVENTS_ENDPOINT)`);
  let response: AwsResponse;
  try {
    response = await sendAwsRequest({ ...request, endpoint, service, region }, config.credentials);
  } catch (e) {
    throw new DeliveryError(`${service} at ${endpoint} unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (response.status >= 300) {
    const missing = response.status === 404 || /NonExistent|NotFound|DoesNotExist/.test(response.text);
    throw new DeliveryError(`${service} answered ${response.status}: ${response.text.slice(0, 300)}`, missing);
  }
  return response;
}

function sqsJson(target: string, body: object): Call {
  return {
    method: 'POST', path: '/', body: JSON.stringify(body),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` },
  };
}

/** `<endpoint>/<account>/<name>`: the URL form AWS, LocalStack and moto all answer to. */
export function queueUrl(config: EventsConfig, queue: Arn): string {
  return `${serviceEndpoint(config, 'sqs', queue.region) ?? ''}/${queue.account}/${queue.resource}`;
}

export async function getQueueUrl(config: EventsConfig, queue: Arn): Promise<void> {
  await call(config, 'sqs', queue.region, sqsJson('GetQueueUrl', { QueueName: queue.resource, QueueOwnerAWSAccountId: queue.account }));
}

export async function sendToQueue(config: EventsConfig, queue: Arn, message: string, traceHeader?: string): Promise<void> {
  const body: Record<string, unknown> = { QueueUrl: queueUrl(config, queue), MessageBody: message };
  if (traceHeader !== undefined) body.MessageSystemAttributes = { AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } };
  await call(config, 'sqs', queue.region, sqsJson('SendMessage', body));
}

/** An SQS batch entry's system attributes: the request's X-Amzn-Trace-Id as AWSTraceHeader. */
function traceAttribute(traceHeader: string): string {
  return `{"AWSTraceHeader":{"DataType":"String","StringValue":${JSON.stringify(traceHeader)}}}`;
}

/** SendMessageBatch's body, written directly: each message is escaped once, as the entry's string. */
export function sendMessageBatchBody(queueUrlText: string, parts: readonly BatchPart[]): string {
  let entries = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as BatchPart;
    const trace = part.traceHeader !== undefined ? `,"MessageSystemAttributes":${traceAttribute(part.traceHeader)}` : '';
    entries += `${i === 0 ? '' : ','}{"Id":"${i}","MessageBody":${JSON.stringify(part.body)}${trace}}`;
  }
  return `{"QueueUrl":${JSON.stringify(queueUrlText)},"Entries":[${entries}]}`;
}

/** SQS lists no entry, or an empty list, under Failed when it took the whole batch. */
const NOTHING_FAILED = /"Failed"\s*:\s*\[\s*\]/;

/** SendMessageBatch; resolves with the indices of the entries SQS refused. */
export async function sendBatchToQueue(config: EventsConfig, queue: Arn, parts: readonly BatchPart[]): Promise<number[]> {
  const response = await call(config, 'sqs', queue.region, {
    method: 'POST', path: '/', body: sendMessageBatchBody(queueUrl(config, queue), parts),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
  });
  if (!response.text.includes('"Failed"') || NOTHING_FAILED.test(response.text)) return [];
  const failed = (parseJson(response.text) as { Failed?: { Id?: string }[] } | undefined)?.Failed ?? [];
  return failed.map((f) => Number(f.Id)).filter((i) => Number.isInteger(i) && i >= 0 && i < parts.length);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snsQuery(params: Record<string, string>): Call {
  return {
    method: 'POST', path: '/', body: new URLSearchParams({ ...params, Version: '2010-03-31' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  };
}

export async function getTopicAttributes(config: EventsConfig, topic: Arn, arn: string): Promise<void> {
  await call(config, 'sns', topic.region, snsQuery({ Action: 'GetTopicAttributes', TopicArn: arn }));
}

export async function publishToTopic(config: EventsConfig, topic: Arn, arn: string, message: string): Promise<void> {
  await call(config, 'sns', topic.region, snsQuery({ Action: 'Publish', TopicArn: arn, Message: message, Subject: 'Amazon S3 Notification' }));
}

function functionPath(arn: string, tail: string): string {
  return `/2015-03-31/functions/${encodeURIComponent(arn)}${tail}`;
}

export async function getFunction(config: EventsConfig, fn: Arn, arn: string): Promise<void> {
  await call(config, 'lambda', fn.region, { method: 'GET', path: functionPath(arn, ''), body: '', headers: {} });
}

/** InvocationType=Event: Lambda queues the invocation and answers 202 at once, as S3 invokes. */
export async function invokeFunction(config: EventsConfig, fn: Arn, arn: string, payload: string): Promise<void> {
  await call(config, 'lambda', fn.region, {
    method: 'POST', path: functionPath(arn, '/invocations'), body: payload,
    headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' },
  });
}

/** PutEvents with several entries (`parts` hold each entry's JSON); resolves with the indices EventBridge refused. */
export async function putEventsBatch(config: EventsConfig, region: string, parts: readonly BatchPart[]): Promise<number[]> {
  const response = await call(config, 'events', region, {
    method: 'POST', path: '/', body: `{"Entries":[${parts.map((p) => p.body).join(',')}]}`,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
  });
  const results = (parseJson(response.text) as { Entries?: { ErrorCode?: string }[] } | undefined)?.Entries ?? [];
  const refused: number[] = [];
  results.forEach((r, i) => {
    if (r.ErrorCode !== undefined && i < parts.length) refused.push(i);
  });
  return refused;
}

export async function putEvents(config: EventsConfig, region: string, entry: PutEventsEntry): Promise<void> {
  const response = await call(config, 'events', region, {
    method: 'POST', path: '/', body: JSON.stringify({ Entries: [entry] }),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
  });
  if (/"FailedEntryCount"\s*:\s*[1-9]/.test(response.text)) throw new DeliveryError(`PutEvents failed: ${response.text.slice(0, 300)}`);
}
