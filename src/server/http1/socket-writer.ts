/**
 * Writes to a non-blocking socket with backpressure: what the kernel does not take now is queued
 * and flushed on `drain`; `drained()` lets a large body wait instead of piling up in memory.
 */

/** The part of Bun's Socket the writer needs. */
export interface RawSocket {
  write(data: Uint8Array, byteOffset?: number, byteLength?: number): number;
}

export class SocketWriter {
  private readonly queue: Uint8Array[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly socket: RawSocket) {}

  /** Queues what the socket does not take; false when something is now waiting for `drain`. */
  write(data: Uint8Array): boolean {
    if (this.closed) return true;
    if (this.queue.length > 0) {
      this.queue.push(data);
      return false;
    }
    const n = this.socket.write(data);
    if (n < 0) return this.fail();
    if (n < data.byteLength) this.queue.push(data.subarray(n));
    return this.queue.length === 0;
  }

  /**
   * The first `length` bytes of `data`, a buffer the caller reuses at once: what the socket does not
   * take is copied before it is queued.
   */
  writeTransient(data: Uint8Array, length: number): boolean {
    if (this.closed) return true;
    if (this.queue.length > 0) {
      this.queue.push(copyOf(data, 0, length));
      return false;
    }
    const n = this.socket.write(data, 0, length);
    if (n < 0) return this.fail();
    if (n < length) this.queue.push(copyOf(data, n, length));
    return this.queue.length === 0;
  }

  /** Resolves once the queue is empty (at once when it is), or when the socket closes. */
  drained(): Promise<void> {
    if (this.queue.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** The socket's drain event. */
  onDrain(): void {
    while (this.queue.length > 0 && !this.closed) {
      const head = this.queue[0] as Uint8Array;
      const n = this.socket.write(head);
      if (n < 0) {
        this.fail();
        return;
      }
      if (n < head.byteLength) {
        this.queue[0] = head.subarray(n);
        return;
      }
      this.queue.shift();
    }
    this.wake();
  }

  /** The socket closed: drop what is queued and release every waiter. */
  onClose(): void {
    this.fail();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private fail(): boolean {
    this.closed = true;
    this.queue.length = 0;
    this.wake();
    return true;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A copy (a Buffer's own slice() would be a view). */
function copyOf(data: Uint8Array, from: number, to: number): Uint8Array {
  return new Uint8Array(data.subarray(from, to));
}
