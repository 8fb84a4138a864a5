/**
 * Whole files handed to the HTTP front as `Bun.file(fd)` Blobs, and when their descriptors close.
 *
 * Why descriptors: an open descriptor keeps the bytes readable when the object is deleted or
 * overwritten mid-GET, and a descriptor-backed Blob carries no file name for anything to add to
 * the response. (Bun mis-sizes *slices* of descriptor Blobs, so only whole files go this way;
 * blob-store.ts reads ranges itself.)
 *
 * When to close: when the Blob is garbage-collected. Whoever sends it keeps it: a Response built by
 * bodyResponse (protocol/response-body.ts) holds its body source, and the HTTP front holds that
 * Response until its body is written. Every lease has its own descriptor: the front reads a
 * descriptor Blob from the descriptor's position, so a second GET of the same file on a shared
 * descriptor (while the first Response lived) was sent from the end, 0 bytes. Deleting the file
 * meanwhile is fine (the open descriptor keeps the bytes until then).
 */
import { closeSync, openSync } from 'node:fs';

let openCount = 0;
const registry = new FinalizationRegistry<number>(release);

function release(fd: number): void {
  openCount -= 1;
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing left to release.
  }
}

/** A Blob of the whole file at `path`, sent by descriptor; the descriptor closes with the Blob. */
export function leaseFile(path: string): Blob {
  const fd = openSync(path, 'r');
  openCount += 1;
  const blob = Bun.file(fd);
  registry.register(blob, fd);
  return blob;
}

/** Descriptors currently open for leases (for tests and diagnostics). */
export function openLeaseCount(): number {
  return openCount;
}
