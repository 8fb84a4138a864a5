/**
 * Object bytes, kept apart from metadata. Operations never touch fs or Bun.file: they go through
 * a BlobStore. A blob is immutable once written; metadata (state/) refers to it by BlobRef.
 */
import type { ChecksumAlgorithm } from '../checksum/types.ts';

/**
 * Thrown by a write, join or read that clear() (a reset) overtook: the bytes belong to state that
 * no longer exists, whatever else went wrong with them (their temp directory is gone too).
 */
export class BlobStoreClearedError extends Error {
  override readonly name = 'BlobStoreClearedError';
}

/** Thrown by a write whose body passed its `maxSize`: nothing of it is kept. */
export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';

  constructor(
    /** The bytes seen when the limit was passed (the whole body, when it came in one piece). */
    readonly proposedSize: number,
    readonly maxSize: number,
  ) {
    super(`the body passed its limit of ${maxSize} bytes`);
  }
}

/** An opaque handle on stored bytes: only the store that made it can read it. */
export interface BlobRef {
  readonly size: number;
}

export interface WriteOptions {
  /** Checksums to compute while streaming (MD5 for the ETag is always computed). */
  readonly checksums: readonly ChecksumAlgorithm[];
  /** Reject with BlobTooLargeError past this many bytes. */
  readonly maxSize?: number;
  /**
   * The stream's chunks are this write's alone (RequestBody.ownedChunks): each is freed once it is
   * on disk and hashed, rather than left to the collector (see memory/release-buffer.ts).
   */
  readonly releaseChunks?: boolean;
}

export interface WrittenBlob {
  readonly ref: BlobRef;
  /** Hex MD5 of the bytes (the ETag of a single-part object, without quotes). */
  readonly md5Hex: string;
  /** Base64 digests of the requested algorithms, computed in the same pass. */
  readonly checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export interface ByteRange {
  /** Inclusive start and end byte offsets. */
  readonly start: number;
  readonly end: number;
}

/** Where a blob's bytes are: in memory (joined into one buffer) or in one file. */
export type StoredBytes =
  | { readonly kind: 'memory'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string };

/**
 * What the persistent metadata store needs of the BlobStore, besides what operations use: to see
 * where a blob's bytes are, move a file into the data directory at commit, and rebuild blobs from
 * disk at start. Operations never see it.
 */
export interface BlobKeeper {
  bytesOf(ref: BlobRef): StoredBytes;
  /** Renames the blob's file to `path` (on the same file system); later reads open the new path. */
  moveFile(ref: BlobRef, path: string): void;
  adoptBytes(bytes: Uint8Array): BlobRef;
  adoptFile(path: string, size: number): BlobRef;
  /** A second reference to the same bytes (a copied object sharing its source's file). */
  share(ref: BlobRef): BlobRef;
}

export interface BlobStore {
  /** Streams the body in once: bytes up to the memory limit stay in memory, larger spill to disk. */
  write(body: ReadableStream<Uint8Array> | Uint8Array, options: WriteOptions): Promise<WrittenBlob>;
  /**
   * `write` for bytes already in memory, without its wait when none is needed: the WrittenBlob at
   * once when the bytes stay in memory and their checksums' hashers are loaded, else a promise.
   */
  writeNow(body: Uint8Array, options: WriteOptions): WrittenBlob | Promise<WrittenBlob>;
  /** Streams the blob out, optionally a byte range of it. */
  read(ref: BlobRef, range?: ByteRange): ReadableStream<Uint8Array>;
  /**
   * The bytes (or a range) for a response body: a view of the stored bytes when they lie in one
   * memory segment, else a Blob (a whole file by descriptor, several memory segments, a file range
   * up to 1 MiB read into memory), else a stream.
   * A Blob of a whole file holds a descriptor until it is collected: send it, don't copy its body
   * out of it (storage/file-lease.ts).
   */
  readBody(ref: BlobRef, range?: ByteRange): Promise<Uint8Array<ArrayBuffer> | Blob | ReadableStream<Uint8Array>>;
  /** Reads the whole blob into memory (for small bodies only: configuration documents, tests). */
  readAll(ref: BlobRef): Promise<Uint8Array>;
  /** A blob made of others in order, referencing their bytes rather than copying where possible. */
  concat(refs: readonly BlobRef[]): Promise<BlobRef>;
  /** Releases the bytes. Safe to call twice. Blobs shared by concat are reference-counted. */
  release(ref: BlobRef): void;
  /** Drops everything (reset). */
  clear(): Promise<void>;
}
