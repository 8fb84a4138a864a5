/**
 * One lifecycle pass over every bucket as of a given time. It walks keys in S3 order and gives
 * the event loop back every few milliseconds, so requests wait at most one slice; each store call
 * is a change of its own (no transaction spans a slice), and whatever a request changed meanwhile
 * is read afresh: the walk resumes after the last key it handled.
 */
import { newRequestId } from '../core/request-id.ts';
import type { Bucket } from '../state/bucket.ts';
import type { MultipartUpload } from '../state/multipart.ts';
import type { S3Object } from '../state/object.ts';
import { abortUpload, applyAction, newPass, uploadDue, type LifecycleCounts, type LifecycleDeps, type Pass } from './apply.ts';
import { planKey } from './plan.ts';

export interface PassOptions {
  /** How long a slice may hold the event loop (default 4 ms). */
  readonly sliceBudgetMs?: number;
  /** Checked between slices: true ends the pass early (the server is closing). */
  readonly stopped?: () => boolean;
}

export interface LifecycleSummary extends LifecycleCounts {
  /** The time the pass evaluated rules as of (ISO 8601). */
  readonly now: string;
  readonly buckets: number;
  /** Keys whose versions were evaluated. */
  readonly keys: number;
  readonly durationMs: number;
  readonly slices: number;
  /** The longest the pass held the event loop at once. */
  readonly longestSliceMs: number;
}

const DEFAULT_SLICE_BUDGET_MS = 4;
/** Keys read from the index per seek; a slice ends between keys, never inside one's changes. */
const BATCH_KEYS = 256;
/** Keys evaluated with nothing to do between looks at the clock. */
const QUIET_KEYS = 32;

/** Where a walk is: `epoch` changes each time the event loop ran, so the walk re-reads what it holds. */
interface Walk {
  readonly pass: Pass;
  epoch: number;
  keys: number;
  /** The batch being handled, in two arrays reused from batch to batch. */
  readonly batchKeys: string[];
  readonly batchChains: Array<readonly S3Object[]>;
}

function isLive(walk: Walk, bucket: Bucket): boolean {
  return walk.pass.deps.state.getBucket(bucket.name) === bucket;
}

/** Up to BATCH_KEYS keys after `after` (from the first without it); returns how many. */
function nextBatch(walk: Walk, bucket: Bucket, after: string | undefined): number {
  const { batchKeys: keys, batchChains: chains } = walk;
  keys.length = 0;
  chains.length = 0;
  const cursor = after === undefined ? bucket.objects.chains.seek() : bucket.objects.chains.seek(after, false);
  for (let key = cursor.key; key !== undefined && keys.length < BATCH_KEYS; cursor.next(), key = cursor.key) {
    keys.push(key);
    chains.push(cursor.value as readonly S3Object[]);
  }
  return keys.length;
}

/** Yields between keys; after the event loop ran, re-reads the bucket and resumes after the last key. */
function* walkKeys(walk: Walk, bucket: Bucket): Generator<void, void, undefined> {
  const now = walk.pass.now.getTime();
  let after: string | undefined;
  let quiet = 0;
  batches: for (;;) {
    const lifecycle = bucket.configs.lifecycle;
    if (lifecycle === undefined || !isLive(walk, bucket)) return;
    const epoch = walk.epoch;
    const count = nextBatch(walk, bucket, after);
    if (count === 0) return;
    for (let i = 0; i < count; i++) {
      after = walk.batchKeys[i] as string;
      walk.keys++;
      const actions = planKey(lifecycle, walk.batchChains[i] as readonly S3Object[], now);
      for (const action of actions) applyAction(walk.pass, bucket, action);
      if (actions.length === 0 && ++quiet < QUIET_KEYS) continue;
      quiet = 0;
      yield;
      if (walk.epoch !== epoch) continue batches;
    }
  }
}

function* walkUploads(walk: Walk, bucket: Bucket): Generator<void, void, undefined> {
  const now = walk.pass.now.getTime();
  const uploads: MultipartUpload[] = [...bucket.uploads.values()];
  for (let i = 0; i < uploads.length; i++) {
    const lifecycle = bucket.configs.lifecycle;
    if (lifecycle === undefined || !isLive(walk, bucket)) return;
    const upload = uploads[i] as MultipartUpload;
    // Completed or aborted meanwhile: no longer the bucket's.
    if (bucket.uploads.get(upload.uploadId) === upload && uploadDue(lifecycle, upload, now)) abortUpload(walk.pass, bucket, upload);
    if (i % QUIET_KEYS === QUIET_KEYS - 1) yield;
  }
}

function* walkAll(walk: Walk, buckets: readonly Bucket[]): Generator<void, void, undefined> {
  for (const bucket of buckets) {
    if (bucket.configs.lifecycle === undefined) continue;
    yield* walkKeys(walk, bucket);
    yield* walkUploads(walk, bucket);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs a pass as of `now`, in slices of at most about `sliceBudgetMs` each. */
export async function runLifecyclePass(deps: LifecycleDeps, now: Date, options: PassOptions = {}): Promise<LifecycleSummary> {
  const budget = options.sliceBudgetMs ?? DEFAULT_SLICE_BUDGET_MS;
  const pass = newPass(deps, now, newRequestId());
  const buckets = [...deps.state.allBuckets()];
  const walk: Walk = { pass, epoch: 0, keys: 0, batchKeys: [], batchChains: [] };
  const steps = walkAll(walk, buckets);
  const started = performance.now();
  let slices = 0;
  let longest = 0;
  for (;;) {
    const sliceStart = performance.now();
    let done = false;
    while (!done && performance.now() - sliceStart < budget) done = steps.next().done === true;
    const took = performance.now() - sliceStart;
    slices++;
    if (took > longest) longest = took;
    if (done) break;
    await nextTurn();
    walk.epoch++;
    if (options.stopped?.() === true) break;
  }
  return {
    now: now.toISOString(),
    buckets: buckets.length,
    keys: walk.keys,
    ...pass.counts,
    durationMs: round(performance.now() - started),
    slices,
    longestSliceMs: round(longest),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
