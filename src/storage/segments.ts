/**
 * Segments are the stored byte runs: one memory buffer or one temp file. Blobs list segments;
 * concat shares them. A segment counts the blobs and open read streams referring to it and frees
 * its bytes (deletes its file) exactly once, when the count drops to zero.
 */
import { unlink } from 'node:fs/promises';

interface SegmentBase {
  readonly size: number;
  refs: number;
}

export interface MemorySegment extends SegmentBase {
  readonly kind: 'memory';
  readonly bytes: Uint8Array;
}

export interface FileSegment extends SegmentBase {
  readonly kind: 'file';
  readonly path: string;
}

export type Segment = MemorySegment | FileSegment;

export function memorySegment(bytes: Uint8Array): MemorySegment {
  return { kind: 'memory', bytes, size: bytes.byteLength, refs: 0 };
}

export function fileSegment(path: string, size: number): FileSegment {
  return { kind: 'file', path, size, refs: 0 };
}

export function retain(segments: readonly Segment[]): void {
  for (const s of segments) s.refs += 1;
}

/**
 * Drops one reference from each segment; a file whose last reference went is deleted at once
 * (a response still sending it holds an open descriptor: see file-lease.ts).
 */
export function unref(segments: readonly Segment[]): void {
  for (const s of segments) {
    s.refs -= 1;
    if (s.refs === 0 && s.kind === 'file') deleteFile(s.path);
  }
}

export function deleteFile(path: string): void {
  // Already gone is fine: clear() may have removed the whole directory first.
  unlink(path).catch(() => undefined);
}
