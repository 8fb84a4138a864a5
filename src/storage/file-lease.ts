/**
 * Whole files handed to the HTTP front as `Bun.file(fd)` Blobs, and when their descriptors close.
 *
 * Why descriptors: an open descriptor keeps the bytes readable when the object is deleted or
 * overwritten mid-GET, and a descriptor-backed Blob carries no file name for anything to add to
 * the response. (Bun mis-sizes *slices* of descriptor Blobs, so only whole files go this way;
 * blob-store.ts reads ranges itself.)
 *
 * When to close: the HTTP front keeps the Response alive until its body is written (see
 * src/server/http1/connection.ts). So a lease ends when its Response is garbage-collected
 * (`holdWith`), or, if the
 * Blob never made it into a Response, when the Blob is. Every lease has its own descriptor: the
 * front reads a descriptor Blob from the descriptor's position, so a second GET of the same file on
 * a shared descriptor (while the first Response lived) was sent from the end, 0 bytes. Deleting
 * the file meanwhile is fine (the open descriptor keeps the bytes until then).
 */
import { closeSync, openSync } from 'node:fs';

interface OpenFile {
  readonly fd: number;
}

let openCount = 0;
const leases = new WeakMap<Blob, OpenFile>();
const registry = new FinalizationRegistry<OpenFile>(release);

function release(file: OpenFile): void {
  openCount -= 1;
  try {
    closeSync(file.fd);
  } catch {
    // Already closed: nothing left to release.
  }
}

/** A Blob of the whole file at `path`, sent by descriptor; see holdWith. */
export function leaseFile(path: string): Blob {
  const file: OpenFile = { fd: openSync(path, 'r') };
  openCount += 1;
  const blob = Bun.file(file.fd);
  leases.set(blob, file);
  registry.register(blob, file, blob);
  return blob;
}

/** Keeps a leased Blob's descriptor open for as long as `response` (whose body it is) lives. */
export function holdWith(response: Response, body: unknown): void {
  if (!(body instanceof Blob)) return;
  const file = leases.get(body);
  if (file === undefined) return;
  leases.delete(body);
  registry.unregister(body);
  registry.register(response, file);
}

/** Descriptors currently open for leases (for tests and diagnostics). */
export function openLeaseCount(): number {
  return openCount;
}
