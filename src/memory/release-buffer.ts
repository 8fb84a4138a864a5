/**
 * Freeing an upload's bytes as soon as they are used, instead of when the collector gets to them.
 *
 * A large body streams through in network reads of about 64 KiB. Dropped, each read's buffer waits
 * for a collection; an eden collection promotes the reads still in flight (the file writer's batch,
 * the decoder's queue), and promoted garbage waits for the next full collection. The peak RSS then
 * grows with the upload instead of with what is in flight (c82a24d).
 */

/**
 * Detaches the buffer behind `view`, which frees its memory now. Only the owner of a buffer may call
 * this, once nothing reads it any more. A view that does not span its whole buffer is left alone
 * (the rest of the buffer may be someone else's), and so is a buffer that cannot be detached
 * (WebAssembly memory): the collector frees those as before.
 */
export function releaseBuffer(view: Uint8Array): void {
  const buffer = view.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.detached) return;
  if (view.byteOffset !== 0 || view.byteLength !== buffer.byteLength || buffer.byteLength === 0) return;
  try {
    buffer.transfer(0);
  } catch {
    // Not detachable: left to the collector.
  }
}
