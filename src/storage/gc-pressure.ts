/**
 * Streamed request bodies arrive as one fresh ArrayBuffer per socket read. Each is garbage once it is
 * hashed and written, but JSC paces collections by its own heap, not by these outside buffers, so a
 * 1 GiB upload left ~70 MiB of dead chunks resident (more with several uploads at once). After every
 * max(32 MiB, 4 x live heap) streamed, one synchronous collection frees them: a full collection
 * costs ~0.33 ms per MiB of live heap here, so this stays under ~0.1 ms per MiB streamed however
 * many objects the server holds.
 */
const MIN_INTERVAL_BYTES = 32 * 1024 * 1024;
const HEAP_MULTIPLE = 4;

let streamed = 0;
let interval = MIN_INTERVAL_BYTES;

/** Counts bytes of a streamed body (all requests together) and collects when the interval is reached. */
export function noteStreamedBytes(bytes: number): void {
  streamed += bytes;
  if (streamed < interval) return;
  streamed = 0;
  if (typeof Bun === 'undefined') return;
  Bun.gc(true);
  interval = Math.max(MIN_INTERVAL_BYTES, HEAP_MULTIPLE * process.memoryUsage().heapUsed);
}
