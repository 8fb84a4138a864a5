/**
 * Where an incoming body goes: memory while it stays within the limit, a temp file as soon as it
 * exceeds it (the bytes gathered so far are written first, then everything streams to the file).
 */
import { FileWriter } from './file-writer.ts';
import { fileSegment, type Segment } from './segments.ts';
import type { TempDir } from './temp-dir.ts';

/** One buffer holding the chunks; a lone chunk that owns its whole buffer is kept as is. */
function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && only.byteOffset === 0 && only.buffer.byteLength === size) return only;
  // Copying also drops references to larger buffers the chunks may be views of.
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export class SpillSink {
  private chunks: Uint8Array[] = [];
  /** Of `chunks`, those to free once written (a body that stays in memory keeps them all). */
  private releasable = new Set<Uint8Array>();
  private size = 0;
  private file: FileWriter | undefined;
  private spilling: Promise<FileWriter> | undefined;

  constructor(private readonly limit: number, private readonly temp: TempDir, private readonly fsync = false) {}

  /**
   * Takes a chunk; the promise, when there is one, must be awaited before the next push. With
   * `release`, the chunk is the sink's to free once it is in the file.
   */
  push(chunk: Uint8Array, release = false): Promise<void> | undefined {
    if (chunk.byteLength === 0) return undefined;
    this.size += chunk.byteLength;
    if (this.file !== undefined) return this.file.push(chunk, release);
    this.chunks.push(chunk);
    if (release) this.releasable.add(chunk);
    return this.size > this.limit ? this.spill() : undefined;
  }

  private async spill(): Promise<void> {
    this.spilling = this.temp.newFile().then((path) => FileWriter.create(path, this.fsync));
    const file = await this.spilling;
    this.file = file;
    const pending = this.chunks;
    const releasable = this.releasable;
    this.chunks = [];
    this.releasable = new Set();
    for (const chunk of pending) await file.push(chunk, releasable.has(chunk));
  }

  /** The stored bytes as one segment (undefined for an empty body). */
  async finish(): Promise<Segment | undefined> {
    if (this.file !== undefined) {
      await this.file.finish();
      return fileSegment(this.file.path, this.size);
    }
    if (this.size === 0) return undefined;
    return joinChunks(this.chunks, this.size);
  }

  /** Releases whatever was stored so far. */
  async abort(): Promise<void> {
    this.chunks = [];
    this.releasable = new Set();
    const file = this.file ?? (await this.spilling?.catch(() => undefined));
    await file?.abort();
  }
}
