/**
 * MD5 of large bodies on a worker thread. MD5 runs at ~600 MB/s on one core and is most of a large
 * PUT's CPU; on the server thread it caps the upload at that speed while everything else (reading
 * the socket, aws-chunked decoding, the S3 checksum, the file writes) waits behind it. Chunks are
 * copied into 1 MiB batches, sent to the worker, and the buffers come back for reuse. At most
 * MAX_IN_FLIGHT batches wait at the worker, all uploads together (each may overshoot by the chunk it
 * is copying): clients faster than MD5 are slowed down, not buffered, however many there are.
 *
 * One worker serves every job, started on the first large body (+~7 MiB resident; an idle server
 * never starts it). If it fails, its jobs' digests reject (the caller hashes the stored bytes again)
 * and the next job starts a new one; after MAX_FAILURES the offload stays off for the process.
 */
import { log as rootLog } from '../log.ts';
import type { Md5Reply, Md5Request } from './md5-messages.ts';

const log = rootLog.withTag('checksum');

const BATCH_BYTES = 1024 * 1024;
const MAX_IN_FLIGHT = 4;
const MAX_FAILURES = 3;

export interface Md5Job {
  /** Queues a copy of the chunk; await the promise, when there is one, before the next update. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** The MD5 of every byte updated; rejects when the worker failed on the way. */
  digest(): Promise<Uint8Array>;
  /** The body failed: drop the job. */
  abort(): void;
}

type Resolvers<T> = ReturnType<typeof Promise.withResolvers<T>>;

interface JobState {
  readonly digest: Resolvers<Uint8Array>;
  /** Finished, aborted or failed: further updates are dropped. */
  closed: boolean;
}

/** Where the worker's code is: beside this file from source; in the compiled binary, the second entry point. */
export function md5WorkerUrl(): string {
  // A compiled binary names its bundled entry points relative to their common root, src/.
  return import.meta.url.startsWith('file:///$bunfs/') ? './checksum/md5-worker.ts' : new URL('./md5-worker.ts', import.meta.url).href;
}

export class Md5Offload {
  private worker: Worker | undefined;
  private failures = 0;
  private nextJob = 0;
  private readonly jobs = new Map<number, JobState>();
  /** Batches sent and not yet hashed, every job together. */
  private inFlight = 0;
  /** Producers waiting for the worker to catch up, first come first served. */
  private readonly waiting: (() => void)[] = [];
  /** Batch buffers back from the worker, reused by the next batches. */
  private readonly spare: ArrayBuffer[] = [];

  /** `spawn` must create the worker unref'd: it never keeps the process alive by itself. */
  constructor(private readonly spawn: () => Worker = () => new Worker(md5WorkerUrl(), { ref: false })) {}

  /** A new job, or undefined when the worker cannot be used (the caller hashes inline). */
  begin(): Md5Job | undefined {
    const worker = this.ensureWorker();
    if (worker === undefined) return undefined;
    const id = (this.nextJob += 1);
    const state: JobState = { digest: Promise.withResolvers(), closed: false };
    // A job nobody asks the digest of (aborted) must not report an unhandled rejection.
    state.digest.promise.catch(() => undefined);
    this.jobs.set(id, state);
    let batch: ArrayBuffer | undefined;
    let filled = 0;
    const post = (message: Md5Request, transfer: Transferable[] = []): void => {
      if (!state.closed) worker.postMessage(message, transfer);
    };
    const send = (): void => {
      if (batch === undefined || filled === 0 || state.closed) return;
      this.inFlight += 1;
      post({ kind: 'chunk', job: id, buffer: batch, length: filled }, [batch]);
      batch = undefined;
      filled = 0;
    };
    return {
      update: (chunk) => {
        if (state.closed) return undefined;
        let at = 0;
        while (at < chunk.byteLength) {
          batch ??= this.takeBuffer();
          const n = Math.min(BATCH_BYTES - filled, chunk.byteLength - at);
          new Uint8Array(batch, filled, n).set(chunk.subarray(at, at + n));
          filled += n;
          at += n;
          if (filled === BATCH_BYTES) send();
        }
        if (this.inFlight < MAX_IN_FLIGHT) return undefined;
        const { promise, resolve } = Promise.withResolvers<void>();
        this.waiting.push(resolve);
        return promise;
      },
      digest: () => {
        send();
        post({ kind: 'end', job: id });
        if (batch !== undefined) this.giveBack(batch);
        batch = undefined;
        return state.digest.promise;
      },
      abort: () => {
        post({ kind: 'abort', job: id });
        this.finish(id, state);
        state.digest.reject(new Error('MD5 job aborted'));
      },
    };
  }

  private takeBuffer(): ArrayBuffer {
    return this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES);
  }

  private giveBack(buffer: ArrayBuffer): void {
    if (this.spare.length < MAX_IN_FLIGHT) this.spare.push(buffer);
  }

  /** Batches at the worker, all jobs together (for tests). */
  get batchesInFlight(): number {
    return this.inFlight;
  }

  /**
   * Lets one waiting producer go per free slot (the released ones have not sent yet, so releasing
   * all would overshoot), and all of them once nothing is in flight: no reply is coming then to
   * release the rest.
   */
  private wake(): void {
    let free = this.inFlight === 0 ? this.waiting.length : MAX_IN_FLIGHT - this.inFlight;
    while (free > 0 && this.waiting.length > 0) {
      free -= 1;
      this.waiting.shift()?.();
    }
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker !== undefined) return this.worker;
    if (this.failures >= MAX_FAILURES) return undefined;
    let worker: Worker;
    try {
      worker = this.spawn();
    } catch (e) {
      this.failures = MAX_FAILURES;
      log.warn(`the MD5 worker cannot start (${e instanceof Error ? e.message : String(e)}); MD5 runs on the server thread`);
      return undefined;
    }
    worker.onmessage = (event: MessageEvent<Md5Reply>) => this.onReply(event.data);
    worker.onerror = (event) => this.onFailure(worker, event.error instanceof Error ? event.error.message : event.message);
    worker.onmessageerror = () => this.onFailure(worker, 'a message could not be read');
    worker.addEventListener('close', () => this.onFailure(worker, 'it exited'));
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Md5Reply): void {
    const state = this.jobs.get(reply.job);
    if (reply.kind === 'hashed') {
      this.giveBack(reply.buffer);
      this.inFlight -= 1;
      this.wake();
    } else if (state !== undefined) {
      this.finish(reply.job, state);
      state.digest.resolve(reply.md5);
    }
  }

  /** The worker died or failed to load: every job still open fails; the next job starts a new worker. */
  private onFailure(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failures += 1;
    const next = this.failures < MAX_FAILURES ? 'the next large body starts a new one' : 'MD5 runs on the server thread from now on';
    const open = this.jobs.size;
    log.warn(`the MD5 worker failed (${reason.replace(/\s+/g, ' ').trim()}); ${open} upload${open === 1 ? '' : 's'} in progress will be hashed again from storage, ${next}`);
    worker.terminate();
    // The dead worker's batches never come back.
    this.inFlight = 0;
    const error = new Error('the MD5 worker failed');
    for (const [id, state] of [...this.jobs]) {
      this.finish(id, state);
      state.digest.reject(error);
    }
    this.wake();
  }

  private finish(id: number, state: JobState): void {
    this.jobs.delete(id);
    state.closed = true;
  }
}

/** The server's shared offload. */
export const md5Offload = new Md5Offload();
