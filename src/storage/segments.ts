/**
 * Segments are the stored byte runs: one memory buffer or one temp file. Blobs list segments;
 * concat shares them. A file segment counts the blobs and open read streams referring to it and
 * deletes its file exactly once, when the count drops to zero.
 */
import { unlink } from 'node:fs/promises';

/**
 * Bytes in memory are their own segment, with no record around them: the collector frees them, so
 * they need no count, and nearly every stored object has one (one heap cell fewer per object to
 * mark on every full collection).
 */
export type MemorySegment = Uint8Array;

export interface FileSegment {
  readonly kind: 'file';
  /** Changes once at most: a persistent store moves a new file into its data directory at commit. */
  path: string;
  readonly size: number;
  refs: number;
}

export type Segment = MemorySegment | FileSegment;

export function fileSegment(path: string, size: number): FileSegment {
  return { kind: 'file', path, size, refs: 0 };
}

export function segmentSize(s: Segment): number {
  return s instanceof Uint8Array ? s.byteLength : s.size;
}

export function retain(segments: readonly Segment[]): void {
  for (const s of segments) if (!(s instanceof Uint8Array)) s.refs += 1;
}

/**
 * Drops one reference from each segment; a file whose last reference went is deleted at once
 * (a response still sending it holds an open descriptor: see file-lease.ts).
 */
export function unref(segments: readonly Segment[]): void {
  for (const s of segments) {
    if (s instanceof Uint8Array) continue;
    s.refs -= 1;
    if (s.refs === 0) deleteFile(s.path);
  }
}

export function deleteFile(path: string): void {
  // Already gone is fine: clear() may have removed the whole directory first.
  unlink(path).catch(() => undefined);
}
