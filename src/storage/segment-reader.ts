/**
 * A pull-driven stream over a blob's segments (an inclusive byte range of them): memory segments
 * are served as subarrays without copying, files are read lazily in 1 MiB chunks, one chunk ahead
 * of the consumer. `onDone` runs exactly once: at the end, on cancel or on error.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { segmentSize, type Segment } from './segments.ts';

const FILE_CHUNK_BYTES = 1024 * 1024;

/** The index of the segment containing `offset`, given each segment's start offset. */
export function findSegment(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Cursor {
  index: number;
  offset: number;
  remaining: number;
  handle: FileHandle | undefined;
}

async function closeHandle(cursor: Cursor): Promise<void> {
  const handle = cursor.handle;
  cursor.handle = undefined;
  await handle?.close().catch(() => undefined);
}

/** Reads the next piece at the cursor and advances it. */
async function nextPiece(segments: readonly Segment[], cursor: Cursor): Promise<Uint8Array> {
  const segment = segments[cursor.index];
  if (segment === undefined) throw new Error('blob segments end before the requested range');
  const size = segmentSize(segment);
  const length = Math.min(cursor.remaining, size - cursor.offset);
  let piece: Uint8Array;
  if (segment instanceof Uint8Array) {
    piece = segment.subarray(cursor.offset, cursor.offset + length);
  } else {
    cursor.handle ??= await open(segment.path, 'r');
    const buffer = new Uint8Array(Math.min(length, FILE_CHUNK_BYTES));
    const { bytesRead } = await cursor.handle.read(buffer, 0, buffer.byteLength, cursor.offset);
    if (bytesRead === 0) throw new Error(`blob file ${segment.path} is shorter than recorded`);
    piece = bytesRead < buffer.byteLength ? buffer.subarray(0, bytesRead) : buffer;
  }
  cursor.offset += piece.byteLength;
  cursor.remaining -= piece.byteLength;
  if (cursor.offset >= size) {
    await closeHandle(cursor);
    cursor.index += 1;
    cursor.offset = 0;
  }
  return piece;
}

export function readSegments(
  segments: readonly Segment[],
  starts: readonly number[],
  start: number,
  end: number,
  onDone: () => void,
): ReadableStream<Uint8Array> {
  const index = findSegment(starts, start);
  const cursor: Cursor = { index, offset: start - (starts[index] ?? 0), remaining: end - start + 1, handle: undefined };
  let done = false;
  const finish = async (): Promise<void> => {
    if (done) return;
    done = true;
    await closeHandle(cursor);
    onDone();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (cursor.remaining <= 0) {
          await finish();
          controller.close();
          return;
        }
        controller.enqueue(await nextPiece(segments, cursor));
        if (cursor.remaining <= 0) {
          // Close with the last piece, so resources go even if the consumer never reads again.
          await finish();
          controller.close();
        }
      } catch (e) {
        await finish();
        controller.error(e);
      }
    },
    cancel: finish,
  });
}
