/**
 * A request body arriving on a socket, handed to the app as a ReadableStream. The socket is paused
 * while the app's queue is full (bounded memory for any upload size) and resumed when it pulls.
 */
import { ChunkedDecoder } from './chunked.ts';

/** What the app may have queued before the socket stops reading. */
const QUEUE_BYTES = 512 * 1024;

export interface FeedHooks {
  pause(): void;
  resume(): void;
}

export class BodyFeed {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly chunked: ChunkedDecoder | undefined;
  private remaining: number;
  private finished = false;
  private discarded = false;
  private paused = false;
  /** Bytes received since the rate window opened (see takeWindow). */
  private windowBytes = 0;

  constructor(length: number | 'chunked', private readonly hooks: FeedHooks) {
    this.chunked = length === 'chunked' ? new ChunkedDecoder() : undefined;
    this.remaining = length === 'chunked' ? Number.POSITIVE_INFINITY : length;
    this.stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
      pull: () => {
        if (this.paused) {
          this.paused = false;
          this.hooks.resume();
        }
      },
      cancel: () => {
        this.discarded = true;
        this.resumeIfPaused();
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: QUEUE_BYTES }));
  }

  get done(): boolean {
    return this.finished;
  }

  /** True while the app is not reading (the socket is paused on its behalf): not the client's delay. */
  get waitingForApp(): boolean {
    return this.paused;
  }

  /** Bytes still expected (Infinity for chunked bodies). */
  get expected(): number {
    return this.remaining;
  }

  /** Feeds socket bytes; returns what follows the body once it is complete (possibly empty). Throws on bad chunked framing. */
  push(input: Uint8Array): Uint8Array | undefined {
    if (this.finished) return undefined; // failed: the connection closes after the answer
    this.windowBytes += input.byteLength;
    if (this.chunked !== undefined) {
      const out = this.chunked.feed(input);
      for (const piece of out.data) this.enqueue(piece);
      if (!this.chunked.done) return undefined;
      this.finish();
      return out.rest ?? new Uint8Array(0);
    }
    const n = Math.min(this.remaining, input.byteLength);
    this.enqueue(n === input.byteLength ? input : input.subarray(0, n));
    this.remaining -= n;
    if (this.remaining > 0) return undefined;
    this.finish();
    return input.subarray(n);
  }

  /** Ends the stream with an error (client gone, too slow, bad framing): the app's read rejects. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.controller.error(error);
    } catch {
      // Already errored or cancelled.
    }
    this.resumeIfPaused();
  }

  /** Bytes received since the last call. */
  takeWindow(): number {
    const n = this.windowBytes;
    this.windowBytes = 0;
    return n;
  }

  private enqueue(piece: Uint8Array): void {
    if (this.discarded || piece.byteLength === 0) return;
    this.controller.enqueue(piece);
    if (!this.paused && (this.controller.desiredSize ?? 1) <= 0) {
      this.paused = true;
      this.hooks.pause();
    }
  }

  private finish(): void {
    this.finished = true;
    if (!this.discarded) this.controller.close();
    this.resumeIfPaused();
  }

  private resumeIfPaused(): void {
    if (!this.paused) return;
    this.paused = false;
    this.hooks.resume();
  }
}
