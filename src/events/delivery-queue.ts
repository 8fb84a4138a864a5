/**
 * Deliveries off the request path: a bounded queue (past `capacity` waiting deliveries, new ones are
 * dropped and counted), one lane per destination, a few lanes at once, and failed sends retried with
 * exponential backoff a bounded number of times. Deliveries waiting in one lane for a destination
 * that takes several messages per request (SQS SendMessageBatch, EventBridge PutEvents) go out
 * together: under load one signed request carries up to ten events instead of one each.
 * A lane that keeps up sends in order; one with a backlog sends up to LANE_PARALLEL full batches at
 * once, or a busy server would drop events faster than one request at a time drains them. S3 itself
 * promises no order: records carry a per-key `sequencer` for that.
 */
import { log as rootLog } from '../log.ts';
import { DeliveryError } from './delivery-error.ts';

export interface Delivery {
  /** Destination ARN (or `events:<region>`): deliveries to one destination go in order. */
  readonly destination: string;
  /** e.g. `ObjectCreated:Put my-bucket/key` for log lines. */
  readonly what: string;
  send(): Promise<void>;
  /** Set where the destination takes several messages per request. */
  readonly batch?: BatchPart;
}

/** One message of a batch; deliveries whose parts share `sender` may share a request. */
export interface BatchPart {
  readonly sender: BatchSender;
  readonly body: string;
  readonly traceHeader?: string | undefined;
}

/** Sends the parts in one request; resolves with the indices of the parts the service refused. */
export type BatchSender = (parts: readonly BatchPart[]) => Promise<readonly number[]>;

/** SQS and EventBridge take at most ten entries per request. */
export const MAX_BATCH = 10;
/** Full batches in flight at once for one destination with a backlog. */
export const LANE_PARALLEL = 4;

export interface DeliveryQueueOptions {
  readonly capacity: number;
  readonly maxAttempts: number;
  /** First retry delay; doubled per attempt. */
  readonly baseDelayMs?: number;
  /** Destinations sent to at once. */
  readonly concurrency?: number;
  /** How long a batch that is not full waits for more deliveries before it goes (default 0: it goes at once). */
  readonly lingerMs?: number;
}

interface Lane {
  /** Waiting deliveries from `head` on: taking from the front is an index step, not an O(n) shift. */
  items: Delivery[];
  head: number;
  /** Requests in flight (retries waiting for their turn included). */
  inFlight: number;
  /** The linger timer of a batch waiting to fill. */
  waiting: ReturnType<typeof setTimeout> | undefined;
  /** The batch has waited its time: it goes whatever its size. */
  ripe: boolean;
}

const log = rootLog.withTag('events');

export class DeliveryQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly idleWaiters: Array<() => void> = [];
  private pending = 0;
  private active = 0;
  private closed = false;
  delivered = 0;
  failed = 0;
  dropped = 0;

  constructor(private readonly options: DeliveryQueueOptions) {}

  /** False when the queue is full: the delivery is dropped (logged at most once per 1000). */
  push(delivery: Delivery): boolean {
    if (this.closed) return false;
    if (this.pending >= this.options.capacity) {
      this.dropped++;
      if (this.dropped % 1000 === 1) {
        log.warn(`event queue full (${this.options.capacity} deliveries waiting): dropped ${delivery.what} to ${delivery.destination} (${this.dropped} dropped so far)`);
      }
      return false;
    }
    this.pending++;
    let lane = this.lanes.get(delivery.destination);
    if (lane === undefined) {
      lane = { items: [], head: 0, inFlight: 0, waiting: undefined, ripe: false };
      this.lanes.set(delivery.destination, lane);
    }
    lane.items.push(delivery);
    this.pump();
    return true;
  }

  /** Resolves once nothing waits or is in flight (tests; shutdown). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retries and drops what waits. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.lanes.clear();
    this.pending = 0;
    this.notifyIdle();
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 8;
    for (const [destination, lane] of this.lanes) {
      while (this.active < concurrency && this.mayStart(lane)) {
        const next = takeNext(lane);
        if (next === undefined) break;
        lane.inFlight++;
        this.active++;
        void this.attempt(lane, next, 1);
      }
      if (this.active >= concurrency) return;
      if (lane.inFlight === 0 && waiting(lane) === 0) this.lanes.delete(destination);
    }
  }

  /** An idle lane starts its next send; a busy one only another full batch, up to LANE_PARALLEL. */
  private mayStart(lane: Lane): boolean {
    if (waiting(lane) === 0) return false;
    if (lane.inFlight === 0) return !this.lingers(lane);
    return lane.inFlight < LANE_PARALLEL && lane.items[lane.head]?.batch !== undefined && waiting(lane) >= MAX_BATCH;
  }

  /**
   * Whether the lane's next batch waits for more deliveries: one that is not full waits lingerMs
   * once, so that events trickling in (one PUT at a time) still share requests.
   */
  private lingers(lane: Lane): boolean {
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs <= 0 || lane.ripe || lane.items[lane.head]?.batch === undefined || waiting(lane) >= MAX_BATCH) {
      if (lane.waiting !== undefined) {
        clearTimeout(lane.waiting);
        this.timers.delete(lane.waiting);
        lane.waiting = undefined;
      }
      lane.ripe = false;
      return false;
    }
    if (lane.waiting === undefined) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        lane.waiting = undefined;
        lane.ripe = true;
        this.pump();
      }, lingerMs);
      lane.waiting = timer;
      this.timers.add(timer);
    }
    return true;
  }

  /** `group`: one delivery, or several sharing a batch sender, sent in one request. */
  private async attempt(lane: Lane, group: readonly Delivery[], attempt: number): Promise<void> {
    let refused: readonly Delivery[] = [];
    let reason = '';
    try {
      refused = await sendGroup(group);
      if (refused.length > 0) reason = 'the service refused the entry';
    } catch (e) {
      refused = group;
      reason = e instanceof Error ? e.message : String(e);
      if (e instanceof DeliveryError && e.missing) attempt = this.options.maxAttempts;
    }
    this.delivered += group.length - refused.length;
    const first = refused[0];
    if (first !== undefined) {
      if (attempt < this.options.maxAttempts && !this.closed) {
        const delay = (this.options.baseDelayMs ?? 200) * 2 ** (attempt - 1);
        log.debug(`delivery of ${describe(refused)} to ${first.destination} failed (attempt ${attempt}), retrying in ${delay} ms: ${reason}`);
        this.finishSome(group.length - refused.length);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(lane, refused, attempt + 1);
        }, delay);
        this.timers.add(timer);
        return;
      }
      this.failed += refused.length;
      if (!this.closed) log.error(`could not deliver ${describe(refused)} to ${first.destination} after ${attempt} attempt(s): ${reason}`);
    }
    this.finish(lane, group.length);
  }

  /** Deliveries done while the rest of their group waits for a retry. */
  private finishSome(count: number): void {
    if (this.closed || count === 0) return;
    this.pending -= count;
  }

  private finish(lane: Lane, count: number): void {
    if (this.closed) return;
    lane.inFlight--;
    this.active--;
    this.pending -= count;
    this.pump();
    if (this.pending === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function waiting(lane: Lane): number {
  return lane.items.length - lane.head;
}

/** The next delivery, with those right behind it that can share its request. */
function takeNext(lane: Lane): Delivery[] | undefined {
  const items = lane.items;
  const first = items[lane.head];
  if (first === undefined) return undefined;
  let end = lane.head + 1;
  const sender = first.batch?.sender;
  while (sender !== undefined && end - lane.head < MAX_BATCH && items[end]?.batch?.sender === sender) end++;
  const group = items.slice(lane.head, end);
  lane.head = end;
  // Compact once the taken part dominates, so the array does not grow without bound.
  if (lane.head === items.length) {
    lane.items = [];
    lane.head = 0;
  } else if (lane.head >= 1024 && lane.head * 2 >= items.length) {
    lane.items = items.slice(lane.head);
    lane.head = 0;
  }
  return group;
}

/** Sends a group; resolves with the deliveries the service refused. */
async function sendGroup(group: readonly Delivery[]): Promise<readonly Delivery[]> {
  const first = group[0] as Delivery;
  const sender = first.batch?.sender;
  if (sender === undefined || group.length === 1) {
    await first.send();
    return [];
  }
  const refused = await sender(group.map((d) => d.batch as BatchPart));
  return refused.map((i) => group[i] as Delivery);
}

function describe(group: readonly Delivery[]): string {
  const first = group[0] as Delivery;
  return group.length === 1 ? first.what : `${first.what} and ${group.length - 1} more`;
}
