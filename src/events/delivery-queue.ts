/**
 * Deliveries off the request path: a bounded queue (past `capacity` waiting deliveries, new ones are
 * dropped and counted), one lane per destination so that a queue receives a key's events in order,
 * a few lanes at once, and failed sends retried with exponential backoff a bounded number of times.
 */
import { log as rootLog } from '../log.ts';
import { DeliveryError } from './destinations.ts';

export interface Delivery {
  /** Destination ARN (or `events:<region>`): deliveries to one destination go in order. */
  readonly destination: string;
  /** e.g. `ObjectCreated:Put my-bucket/key` for log lines. */
  readonly what: string;
  send(): Promise<void>;
}

export interface DeliveryQueueOptions {
  readonly capacity: number;
  readonly maxAttempts: number;
  /** First retry delay; doubled per attempt. */
  readonly baseDelayMs?: number;
  /** Destinations sent to at once. */
  readonly concurrency?: number;
}

interface Lane {
  readonly items: Delivery[];
  busy: boolean;
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
      lane = { items: [], busy: false };
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
      if (this.active >= concurrency) return;
      if (lane.busy) continue;
      const next = lane.items.shift();
      if (next === undefined) {
        this.lanes.delete(destination);
        continue;
      }
      lane.busy = true;
      this.active++;
      void this.attempt(lane, next, 1);
    }
  }

  private async attempt(lane: Lane, delivery: Delivery, attempt: number): Promise<void> {
    try {
      await delivery.send();
      this.delivered++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = attempt >= this.options.maxAttempts || (e instanceof DeliveryError && e.missing);
      if (!final && !this.closed) {
        const delay = (this.options.baseDelayMs ?? 200) * 2 ** (attempt - 1);
        log.debug(`delivery of ${delivery.what} to ${delivery.destination} failed (attempt ${attempt}), retrying in ${delay} ms: ${message}`);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(lane, delivery, attempt + 1);
        }, delay);
        this.timers.add(timer);
        return;
      }
      this.failed++;
      if (!this.closed) log.error(`could not deliver ${delivery.what} to ${delivery.destination} after ${attempt} attempt(s): ${message}`);
    }
    this.finish(lane);
  }

  private finish(lane: Lane): void {
    if (this.closed) return;
    lane.busy = false;
    this.active--;
    this.pending--;
    this.pump();
    if (this.pending === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
