/**
 * Bucket replication to buckets on this server (issue #33 part 3). A write marks a matching new
 * version PENDING in the same store change that adds it (writeVersion asks `statusFor`), then
 * queues it (`enqueue`); one worker copies queued versions in order, off the request path. The
 * queue holds names only and is bounded: a version that finds it full is marked FAILED at once
 * rather than left PENDING. A later change to a replicated version's tags, ACL or Object Lock
 * settings queues it again the same way (changeVersion), and the copy then updates each replica.
 * At start, `resume` queues what a previous process left PENDING.
 */
import { newRequestId } from '../core/request-id.ts';
import type { EventNotifier } from '../events/notifier.ts';
import { log as rootLog } from '../log.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { recordStatus, pendingVersion, replicate, type ReplicationDeps, type ReplicationJob, type ReplicationOutcome } from './apply.ts';
import { replicationFailedEvent } from './events.ts';
import type { ReplicationHook } from './hook.ts';
import { wantsReplication } from './rules.ts';

const log = rootLog.withTag('replication');

/** Versions waiting at most; each is three short strings. */
export const REPLICATION_QUEUE_CAPACITY = 10_000;

/** What the replicator uses of the app: the store, the bytes and the event notifier. */
export interface ReplicatorDeps extends ReplicationDeps {
  readonly events?: Pick<EventNotifier, 'publish'> | undefined;
}

export class Replicator implements ReplicationHook {
  readonly #deps: ReplicatorDeps;
  readonly #capacity: number;
  #jobs: ReplicationJob[] = [];
  #running = false;
  #closed = false;
  readonly #idleWaiters: Array<() => void> = [];
  completed = 0;
  failed = 0;
  overflowed = 0;

  constructor(deps: ReplicatorDeps, capacity = REPLICATION_QUEUE_CAPACITY) {
    this.#deps = deps;
    this.#capacity = capacity;
  }

  statusFor(bucket: Bucket, obj: S3Object): 'PENDING' | 'FAILED' | undefined {
    if (!wantsReplication(bucket.configs.replication, obj)) return undefined;
    if (this.#jobs.length < this.#capacity && !this.#closed) return 'PENDING';
    this.overflowed++;
    if (this.overflowed % 1000 === 1) log.warn(`replication queue full (${this.#capacity} versions waiting): ${bucket.name}/${obj.key} marked FAILED (${this.overflowed} so far)`);
    return 'FAILED';
  }

  enqueue(bucket: Bucket, obj: S3Object): void {
    if (this.#closed) return;
    this.#jobs.push({ bucket: bucket.name, key: obj.key, versionId: obj.versionId });
    if (!this.#running) void this.#drain();
  }

  /** Queues every PENDING version of buckets with a replication configuration; returns how many. */
  resume(): number {
    // Collected first: a copy started by enqueue must not change an index this walk is reading.
    const found: Array<{ bucket: Bucket; version: S3Object }> = [];
    for (const bucket of this.#deps.state.allBuckets()) {
      if (bucket.configs.replication === undefined) continue;
      for (const [, chain] of bucket.objects.chains.entries()) {
        for (const version of chain) if (version.replication === 'PENDING') found.push({ bucket, version });
      }
    }
    let queued = 0;
    for (const { bucket, version } of found) {
      if (this.#jobs.length >= this.#capacity) recordStatus(this.#deps.state, bucket, version, 'FAILED');
      else {
        this.enqueue(bucket, version);
        queued++;
      }
    }
    if (queued > 0) log.info(`${queued} object version(s) left PENDING by the last run queued for replication`);
    return queued;
  }

  /** Resolves once nothing waits or is being copied (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Reset: what waits is dropped (its buckets are gone); a copy in flight finds its buckets gone. */
  clear(): void {
    this.#jobs = [];
  }

  /** Drops what waits and lets a copy in flight finish, so its store is still open for it. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#jobs = [];
    await this.idle();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    for (let job = this.#jobs.shift(); job !== undefined; job = this.#jobs.shift()) await this.#run(job);
    this.#running = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #publishFailures(outcome: ReplicationOutcome): void {
    const events = this.#deps.events;
    if (events === undefined) return;
    const requestId = newRequestId();
    for (const problem of outcome.problems) {
      const event = replicationFailedEvent(outcome.source, outcome.version, problem, requestId);
      if (event !== undefined) events.publish(outcome.source, event);
    }
  }

  async #run(job: ReplicationJob): Promise<void> {
    const what = `${job.bucket}/${job.key} (version ${job.versionId})`;
    try {
      const outcome = await replicate(this.#deps, job);
      if (outcome?.status === 'COMPLETED') this.completed++;
      if (outcome?.status === 'FAILED') {
        this.failed++;
        log.warn(`replication of ${what} FAILED: ${outcome.problems.map((p) => `${p.reason}: ${p.detail}`).join('; ')}`);
        this.#publishFailures(outcome);
      }
    } catch (e) {
      this.failed++;
      // A reset or shutdown during the copy takes the source away too: nothing to report then.
      const found = pendingVersion(this.#deps.state, job);
      if (found === undefined || this.#closed) return;
      log.error(`replication of ${what} failed:`, e);
      recordStatus(this.#deps.state, found.source, found.version, 'FAILED');
    }
  }
}
