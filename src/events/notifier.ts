/**
 * Bucket event notifications (issue #33 part 1): the handler calls `validate` before
 * PutBucketNotificationConfiguration and `emit` after every successful operation; deliveries go
 * through a bounded queue, never on the request's path.
 */
import type { RequestContext } from '../core/context.ts';
import { log as rootLog } from '../log.ts';
import type { NotificationConfiguration, OperationInputs, OperationName, OperationOutputs } from '../protocol/generated/types.ts';
import type { Bucket } from '../state/bucket.ts';
import { parseArn, type Arn } from './arn.ts';
import { DeliveryQueue, type BatchPart, type BatchSender, type Delivery } from './delivery-queue.ts';
import { invokeFunction, publishToTopic, putEvents, putEventsBatch, sendBatchToQueue, sendToQueue } from './destinations.ts';
import { keyFilterOf, matchesEvent, matchesKey, type KeyFilter, type S3EventName } from './event-match.ts';
import { eventBridgeEntry } from './eventbridge-entry.ts';
import type { EventsConfig } from './events-config.ts';
import { emitsEvents, eventsFromOperation } from './from-operation.ts';
import type { ObjectEvent } from './object-event.ts';
import { s3EventMessage } from './s3-record-text.ts';
import { configurationsOf, type Destination } from './targets.ts';
import { validateNotificationConfiguration } from './validate-config.ts';

const log = rootLog.withTag('events');

/**
 * A batch of SQS or EventBridge deliveries that is not full waits this long for more: one request
 * then carries several events even when PUTs come one at a time, for a delay no client notices
 * (AWS itself delivers within seconds, not milliseconds).
 */
const BATCH_LINGER_MS = 5;

interface CompiledTarget extends Destination {
  readonly filter: KeyFilter;
  readonly id: string;
  readonly parsedArn: Arn | undefined;
  /** Whether the configuration's Events take an event name, worked out once per name. */
  readonly takes: Map<S3EventName, boolean>;
}

function takesEvent(target: CompiledTarget, name: S3EventName): boolean {
  let takes = target.takes.get(name);
  if (takes === undefined) {
    takes = matchesEvent(target.entry.Events, name);
    target.takes.set(name, takes);
  }
  return takes;
}

/**
 * An SQS batch entry whose message is written when the batch is sent, not on the request's path
 * (the event holds the facts of the operation's moment); a retry sends the same text.
 */
class QueuedRecord implements BatchPart {
  private text: string | undefined;

  constructor(readonly sender: BatchSender, private readonly event: ObjectEvent, private readonly configurationId: string) {}

  get body(): string {
    this.text ??= s3EventMessage(this.event, this.configurationId);
    return this.text;
  }

  get traceHeader(): string | undefined {
    return this.event.traceHeader;
  }
}

export class EventNotifier {
  readonly queue: DeliveryQueue | undefined;
  /** Filters parsed once per stored configuration (a new Put stores a new object). */
  private readonly compiled = new WeakMap<NotificationConfiguration, CompiledTarget[]>();
  private warnedUndelivered = false;
  /** One batch sender per queue ARN or EventBridge region: deliveries batch when they share it. */
  private readonly batchSenders = new Map<string, BatchSender>();

  constructor(private readonly config: EventsConfig | undefined, retryBaseDelayMs?: number) {
    this.queue = config === undefined ? undefined : new DeliveryQueue({
      capacity: config.queueSize, maxAttempts: config.maxAttempts, lingerMs: BATCH_LINGER_MS,
      ...(retryBaseDelayMs !== undefined ? { baseDelayMs: retryBaseDelayMs } : {}),
    });
  }

  /** Before an operation: only PutBucketNotificationConfiguration has work to do (undefined otherwise: no await). */
  before<K extends OperationName>(operation: K, ctx: RequestContext, input: OperationInputs[K]): Promise<void> | undefined {
    if (operation !== 'PutBucketNotificationConfiguration') return undefined;
    return this.validate(ctx, input as OperationInputs['PutBucketNotificationConfiguration']);
  }

  /** AWS's checks; a missing bucket is left to the operation. */
  private validate(ctx: RequestContext, input: OperationInputs['PutBucketNotificationConfiguration']): Promise<void> {
    if (ctx.state.getBucket(input.Bucket) === undefined) return Promise.resolve();
    if (this.config === undefined && !this.warnedUndelivered && configurationsOf(input.NotificationConfiguration).length > 0) {
      this.warnedUndelivered = true;
      log.warn('a bucket notification configuration was stored, but events are not delivered: set S3_EVENTS_ENDPOINT (or S3_EVENTS_ACCESS_KEY_ID for AWS)');
    }
    return validateNotificationConfiguration(input, this.config, ctx.requestId, ctx.now);
  }

  /** After a successful operation. Never throws: a failure to emit must not fail the request. */
  emit<K extends OperationName>(operation: K, ctx: RequestContext, input: OperationInputs[K], output: OperationOutputs[K]): void {
    if (this.queue === undefined || !emitsEvents(operation) || ctx.bucket === undefined) return;
    const bucket = ctx.state.getBucket(ctx.bucket);
    const config = bucket?.configs.notification;
    if (bucket === undefined || config === undefined) return;
    try {
      const wants = (name: S3EventName, key: string): boolean => this.wants(config, name, key);
      for (const event of eventsFromOperation(operation, ctx, bucket, input, output, wants)) this.publish(bucket, event);
    } catch (e) {
      log.error(`could not build the events of ${operation} (${ctx.requestId}):`, e);
    }
  }

  /** Sends one event to every matching destination of its bucket (also for lifecycle, later). */
  publish(bucket: Bucket, event: ObjectEvent): void {
    const config = bucket.configs.notification;
    if (this.queue === undefined || this.config === undefined || config === undefined) return;
    const what = `${event.name} ${event.bucket.name}/${event.key}`;
    for (const target of this.targetsOf(config)) {
      if (!takesEvent(target, event.name) || !matchesKey(target.filter, event.key)) continue;
      this.queue.push(this.delivery(target, event, what));
    }
    const entry = config.EventBridgeConfiguration !== undefined ? eventBridgeEntry(event) : undefined;
    if (entry !== undefined) {
      const region = event.bucket.region;
      const settings = this.config;
      const destination = `events:${region}`;
      const sender = this.batchSender(destination, (parts) => putEventsBatch(settings, region, parts));
      const delivery: Delivery = {
        destination, what, send: () => putEvents(settings, region, entry), batch: { sender, body: JSON.stringify(entry) },
      };
      this.queue.push(delivery);
    }
  }

  /** EventBridge takes every event; other destinations by event name and key filter. */
  private wants(config: NotificationConfiguration, name: S3EventName, key: string): boolean {
    if (config.EventBridgeConfiguration !== undefined) return true;
    for (const t of this.targetsOf(config)) if (takesEvent(t, name) && matchesKey(t.filter, key)) return true;
    return false;
  }

  /** The message is written when it is sent (by then the event's facts are all it reads). */
  private delivery(target: CompiledTarget, event: ObjectEvent, what: string): Delivery {
    const settings = this.config;
    const arn = target.parsedArn;
    const destination = target.arn;
    if (settings === undefined || arn === undefined) return { destination, what, send: () => Promise.reject(new Error(`unusable destination ${target.arn}`)) };
    if (target.kind === 'sqs') {
      const part = new QueuedRecord(this.batchSender(destination, (parts) => sendBatchToQueue(settings, arn, parts)), event, target.id);
      return { destination, what, send: () => sendToQueue(settings, arn, part.body, event.traceHeader), batch: part };
    }
    if (target.kind === 'sns') return { destination, what, send: () => publishToTopic(settings, arn, target.arn, s3EventMessage(event, target.id)) };
    return { destination, what, send: () => invokeFunction(settings, arn, target.arn, s3EventMessage(event, target.id)) };
  }

  private batchSender(destination: string, make: BatchSender): BatchSender {
    let sender = this.batchSenders.get(destination);
    if (sender === undefined) {
      sender = make;
      this.batchSenders.set(destination, sender);
    }
    return sender;
  }

  private targetsOf(config: NotificationConfiguration): CompiledTarget[] {
    let targets = this.compiled.get(config);
    if (targets === undefined) {
      targets = configurationsOf(config).map((t) => ({
        ...t, filter: keyFilterOf(t.entry.Filter), id: t.entry.Id ?? '', parsedArn: parseArn(t.arn), takes: new Map<S3EventName, boolean>(),
      }));
      this.compiled.set(config, targets);
    }
    return targets;
  }

  close(): void {
    this.queue?.close();
  }
}
