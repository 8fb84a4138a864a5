/**
 * Sequential writes to one temp file with backpressure: chunks gather into ~1 MiB batches, one
 * batch is written (writev, no copying) while the next gathers, and push() makes the producer wait
 * whenever a batch is ready but the previous one is still being written. Chunks pushed for release
 * are freed as soon as their batch is written (see memory/release-buffer.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { releaseBuffer } from '../memory/release-buffer.ts';
import { deleteFile } from './segments.ts';

const BATCH_BYTES = 1024 * 1024;

async function writeAll(handle: FileHandle, batch: Uint8Array[], total: number): Promise<void> {
  let { bytesWritten } = await handle.writev(batch);
  // A short write is rare on regular files, but possible (disk full handling, signals).
  if (bytesWritten === total) return;
  for (const chunk of batch) {
    if (bytesWritten >= chunk.byteLength) {
      bytesWritten -= chunk.byteLength;
      continue;
    }
    let rest = chunk.subarray(bytesWritten);
    bytesWritten = 0;
    while (rest.byteLength > 0) {
      const written = (await handle.write(rest)).bytesWritten;
      rest = rest.subarray(written);
    }
  }
}

export class FileWriter {
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  /** The chunks of `batch` to free once written. */
  private toRelease: Uint8Array[] = [];
  /** The write in progress; never rejects (a failure is kept in `failure`). */
  private inflight: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  private constructor(readonly path: string, private readonly handle: FileHandle) {}

  static async create(path: string, fsync = false): Promise<FileWriter> {
    const writer = new FileWriter(path, await open(path, 'w'));
    writer.fsync = fsync;
    return writer;
  }

  /** Flush the file to the device before finish() resolves (PERSISTENCE with fsync). */
  private fsync = false;

  /**
   * Queues a chunk; returns a promise to await when the producer should slow down. With `release`,
   * the chunk is the writer's to free once written: nothing else may read it afterwards.
   */
  push(chunk: Uint8Array, release = false): Promise<void> | undefined {
    this.batch.push(chunk);
    if (release) this.toRelease.push(chunk);
    this.batchBytes += chunk.byteLength;
    return this.batchBytes >= BATCH_BYTES ? this.flush() : undefined;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    const total = this.batchBytes;
    const toRelease = this.toRelease;
    this.batch = [];
    this.batchBytes = 0;
    this.toRelease = [];
    await this.settle();
    this.inflight = writeAll(this.handle, batch, total).then(() => {
      for (const chunk of toRelease) releaseBuffer(chunk);
    }, (error: unknown) => {
      this.failure = { error };
    });
  }

  /** Waits for the write in progress and rethrows its failure. */
  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Writes what is left and closes the file. */
  async finish(): Promise<void> {
    if (this.batchBytes > 0) await this.flush();
    await this.settle();
    if (this.fsync) await this.handle.sync();
    await this.handle.close();
  }

  /** Stops writing and deletes the file. */
  async abort(): Promise<void> {
    await this.inflight;
    await this.handle.close().catch(() => undefined);
    deleteFile(this.path);
  }
}
