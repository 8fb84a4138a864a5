/**
 * The BlobStore: bodies stream in once through the checksummer; small ones stay in memory, larger
 * ones spill to temp files. Blobs are lists of reference-counted segments, so concat (multipart
 * completion) shares in-memory bytes instead of copying them. Bytes on disk are joined into one
 * file instead, so a GET of a completed upload reads one file through one descriptor.
 */
import { renameSync } from 'node:fs';
import { checksumWhole, createStreamChecksummer, type ChecksumDigest, type StreamChecksummer } from '../checksum/index.ts';
import type { Md5Offload } from '../checksum/md5-offload.ts';
import { findSegment, readSegments } from './segment-reader.ts';
import { FileWriter } from './file-writer.ts';
import { leaseFile } from './file-lease.ts';
import { fileSegment, retain, segmentSize, unref, type MemorySegment, type Segment } from './segments.ts';
import { SpillSink } from './spill-sink.ts';
import { createTempDir } from './temp-dir.ts';
import { BlobStoreClearedError, BlobTooLargeError, type BlobKeeper, type BlobRef, type BlobStore, type ByteRange, type StoredBytes, type WriteOptions, type WrittenBlob } from './types.ts';

/**
 * File ranges up to this size are read in one piece; larger ones stream (the HTTP front sends them
 * with their Content-Length), so parallel ranged downloads hold little memory. Whole files are
 * sent by descriptor.
 */
const RANGE_BUFFER_BYTES = 1024 * 1024;

export interface BlobStoreOptions {
  /** Bodies up to this many bytes stay in memory; larger ones go to a temp file. */
  readonly maxMemoryObjectSize: number;
  /** Parent of the per-process directory holding the temp files. */
  readonly tmpDir: string;
  /** Where large bodies' MD5 runs: the shared worker unless a test brings its own. */
  readonly md5Offload?: Md5Offload;
  /** Flush every file to the device before the write resolves (persistence with fsync). */
  readonly fsync?: boolean;
}

/** The offsets of every single-segment blob (most of them), shared. */
const SINGLE_START: readonly number[] = Object.freeze([0]);

/** The segments of a blob made of several (a completed multipart upload) or none (an empty body). */
interface SegmentList {
  readonly kind: 'list';
  readonly segments: readonly Segment[];
  /** Start offset of each segment within the blob. */
  readonly starts: readonly number[];
}

const EMPTY_LIST: SegmentList = Object.freeze({ kind: 'list', segments: Object.freeze([]), starts: Object.freeze([]) });

/**
 * A stored blob is the BlobRef handed out, carrying its bytes: one segment directly (nearly every
 * blob) or a list. Every stored object holds one, so this is one heap cell per object besides the
 * bytes themselves (a memory segment is the Uint8Array: see segments.ts).
 *
 * There is no id -> blob table: such a Map, written on every PUT with an entry per object, made
 * JavaScriptCore's collector mark its whole storage again and again, a large share of a loaded PUT's
 * time (62b7090). A blob instead knows its store (`era`, replaced by clear()) and whether it was released.
 */
class StoredBlob implements BlobRef {
  constructor(
    readonly size: number,
    /** undefined once released. */
    public parts: Segment | SegmentList | undefined,
    readonly era: object,
  ) {}
}

function isList(parts: Segment | SegmentList): parts is SegmentList {
  return !(parts instanceof Uint8Array) && parts.kind === 'list';
}

function segmentsOf(parts: Segment | SegmentList): readonly Segment[] {
  return isList(parts) ? parts.segments : [parts];
}

function startsOf(parts: Segment | SegmentList): readonly number[] {
  return isList(parts) ? parts.starts : SINGLE_START;
}

/** Where each segment starts within their concatenation, and its total size. */
function layOut(segments: readonly Segment[]): { starts: number[]; size: number } {
  const starts: number[] = [];
  let size = 0;
  for (const s of segments) {
    starts.push(size);
    size += segmentSize(s);
  }
  return { starts, size };
}

/** Waits for the checksummer and the sink, when either asked to (both may: a large body's MD5 worker and file). */
async function settle(hashing: Promise<void> | undefined, writing: Promise<void> | undefined): Promise<void> {
  if (hashing !== undefined && writing !== undefined) await Promise.all([hashing, writing]);
  else await (hashing ?? writing);
}

/**
 * Feeds the body through checksummer and sink, enforcing maxSize; returns the byte count. With
 * `release`, the sink frees each chunk once on disk, unless the checksummer still keeps it.
 */
async function ingest(body: ReadableStream<Uint8Array> | Uint8Array, summer: StreamChecksummer, sink: SpillSink, maxSize: number, release: boolean): Promise<number> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxSize) throw new BlobTooLargeError(body.byteLength, maxSize);
    await settle(summer.update(body), sink.push(body));
    return body.byteLength;
  }
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return size;
      size += value.byteLength;
      if (size > maxSize) throw new BlobTooLargeError(size, maxSize);
      const hashing = summer.update(value);
      const writing = sink.push(value, release && !summer.keepsChunks());
      if (hashing !== undefined || writing !== undefined) await settle(hashing, writing);
    }
  } catch (e) {
    // Stop the producer (a no-op when the stream itself failed).
    reader.cancel(e).catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The bytes to keep for a body read whole: the view itself when its buffer is little more than the
 * payload (an aws-chunked frame adds a few dozen bytes), else a copy that drops the rest.
 */
function keepable(body: Uint8Array): Uint8Array {
  const slack = body.buffer.byteLength - body.byteLength;
  return slack <= Math.max(256, body.byteLength >>> 3) ? body : body.slice();
}

export function createBlobStore(options: BlobStoreOptions): BlobStore & BlobKeeper {
  const temp = createTempDir(options.tmpDir);
  /**
   * This store until the next clear(), which replaces it: blobs of an earlier era (or of another
   * store) are not stored, and a write that started before a clear must not register afterwards.
   */
  let era: object = {};

  function register(segments: readonly Segment[]): BlobRef {
    let parts: Segment | SegmentList = EMPTY_LIST;
    let size = 0;
    if (segments.length === 1 && segments[0] !== undefined) {
      parts = segments[0];
      size = segmentSize(parts);
    } else if (segments.length > 1) {
      const layout = layOut(segments);
      size = layout.size;
      parts = { kind: 'list', segments, starts: layout.starts };
    }
    retain(segments);
    return new StoredBlob(size, parts, era);
  }

  /** The parts of a blob this store holds, or undefined (released, cleared, or not ours). */
  function partsOf(ref: BlobRef): Segment | SegmentList | undefined {
    return ref instanceof StoredBlob && ref.era === era ? ref.parts : undefined;
  }

  function lookup(ref: BlobRef): Segment | SegmentList {
    const parts = partsOf(ref);
    if (parts !== undefined) return parts;
    if (ref instanceof StoredBlob && ref.era !== era) throw new BlobStoreClearedError('the blob is not stored (cleared)');
    throw new Error('the blob is not stored (released, or not ours)');
  }

  /** After a failure: the clear that overtook the operation, rather than what it broke on the way. */
  function clearedSince(started: object, e?: unknown): unknown {
    return era !== started ? new BlobStoreClearedError('the blob store was cleared meanwhile') : e;
  }

  /**
   * A body already in memory (small requests are read whole): hashed and kept in one step, at once
   * unless a checksum's hasher is still loading. `started` is the era the write began in.
   */
  function keepInMemory(body: Uint8Array, opts: WriteOptions, started: object): WrittenBlob | Promise<WrittenBlob> {
    const maxSize = opts.maxSize ?? Number.POSITIVE_INFINITY;
    if (body.byteLength > maxSize) throw new BlobTooLargeError(body.byteLength, maxSize);
    const digest = checksumWhole(body, opts.checksums);
    if (!(digest instanceof Promise)) return kept(body, digest);
    return digest.then((loaded) => {
      if (era !== started) throw clearedSince(started);
      return kept(body, loaded);
    });
  }

  function kept(body: Uint8Array, { md5Hex, checksums }: ChecksumDigest): WrittenBlob {
    return { ref: register(body.byteLength === 0 ? [] : [keepable(body)]), md5Hex, checksums };
  }

  function writeNow(body: Uint8Array, opts: WriteOptions): WrittenBlob | Promise<WrittenBlob> {
    return body.byteLength > options.maxMemoryObjectSize ? write(body, opts) : keepInMemory(body, opts, era);
  }

  async function write(body: ReadableStream<Uint8Array> | Uint8Array, opts: WriteOptions): Promise<WrittenBlob> {
    const started = era;
    if (body instanceof Uint8Array && body.byteLength <= options.maxMemoryObjectSize) return keepInMemory(body, opts, started);
    const summer = createStreamChecksummer(opts.checksums, options.md5Offload);
    const sink = new SpillSink(options.maxMemoryObjectSize, temp, options.fsync === true);
    let segment: Segment | undefined;
    let digest: ChecksumDigest;
    try {
      await ingest(body, summer, sink, opts.maxSize ?? Number.POSITIVE_INFINITY, opts.releaseChunks === true);
      const stored = (segment = await sink.finish());
      // Read again only if the MD5 worker failed: the bytes are all stored by now.
      digest = await summer.digest(() => stored === undefined ? new Blob([]).stream() : readSegments([stored], SINGLE_START, 0, segmentSize(stored) - 1, () => undefined));
      if (era !== started) throw clearedSince(started);
    } catch (e) {
      summer.abort();
      await sink.abort();
      throw clearedSince(started, e);
    }
    return { ref: register(segment === undefined ? [] : [segment]), ...digest };
  }

  function read(ref: BlobRef, range?: ByteRange): ReadableStream<Uint8Array> {
    const parts = lookup(ref);
    const segments = segmentsOf(parts);
    const start = Math.max(0, range?.start ?? 0);
    const end = Math.min(ref.size - 1, range?.end ?? ref.size - 1);
    // An open stream keeps its segments alive: a GET finishes even if the object is deleted meanwhile.
    retain(segments);
    return readSegments(segments, startsOf(parts), start, end, () => unref(segments));
  }

  type Body = Uint8Array<ArrayBuffer> | Blob | ReadableStream<Uint8Array>;

  /** Not async itself: most GETs take the first branch, and need no generator for it. */
  function readBody(ref: BlobRef, range?: ByteRange): Promise<Body> {
    const parts = lookup(ref);
    const start = Math.max(0, range?.start ?? 0);
    const end = Math.min(ref.size - 1, range?.end ?? ref.size - 1);
    // One memory segment (most GETs). Stored bytes are never written again, so the Response can
    // send a view of them (a Blob would copy them first).
    if (parts instanceof Uint8Array && end >= start) return Promise.resolve(parts.subarray(start, end + 1) as Uint8Array<ArrayBuffer>);
    return readBodyOf(parts, ref, start, end);
  }

  async function readBodyOf(parts: Segment | SegmentList, ref: BlobRef, start: number, end: number): Promise<Body> {
    if (end < start) return new Blob([]);
    const segments = segmentsOf(parts);
    const starts = startsOf(parts);
    const first = findSegment(starts, start);
    const last = findSegment(starts, end);
    const only = segments[first];
    if (first === last && only !== undefined) {
      const offset = starts[first] ?? 0;
      if (only instanceof Uint8Array) return only.subarray(start - offset, end - offset + 1) as Uint8Array<ArrayBuffer>;
      if (start === offset && end === offset + only.size - 1) return leaseFile(only.path);
    }
    const inRange = segments.slice(first, last + 1);
    if (inRange.every((s): s is MemorySegment => s instanceof Uint8Array)) {
      return new Blob(inRange.map((segment, i) => {
        const offset = starts[first + i] ?? 0;
        const from = Math.max(start, offset) - offset;
        const to = Math.min(end, offset + segment.byteLength - 1) - offset + 1;
        return segment.subarray(from, to) as Uint8Array<ArrayBuffer>;
      }));
    }
    // A range of a file: small ones in one read, larger ones streamed.
    const stream = read(ref, { start, end });
    if (end - start + 1 > RANGE_BUFFER_BYTES) return stream;
    return new Blob([await new Response(stream).arrayBuffer()]);
  }

  async function readAll(ref: BlobRef): Promise<Uint8Array> {
    const parts = lookup(ref);
    if (parts instanceof Uint8Array) return parts.slice();
    return new Uint8Array(await new Response(read(ref)).arrayBuffer());
  }

  /** Streams the segments into one new temp file (one sequential copy, never all in memory). */
  async function joinIntoFile(segments: readonly Segment[]): Promise<Segment> {
    const started = era;
    const { starts, size } = layOut(segments);
    const file = await FileWriter.create(await temp.newFile(), options.fsync === true).catch((e: unknown) => {
      throw clearedSince(started, e);
    });
    retain(segments);
    const reader = readSegments(segments, starts, 0, size - 1, () => unref(segments)).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const backpressure = file.push(value);
        if (backpressure !== undefined) await backpressure;
      }
      await file.finish();
      if (era !== started) throw clearedSince(started);
    } catch (e) {
      reader.cancel(e).catch(() => undefined);
      await file.abort();
      throw clearedSince(started, e);
    }
    return fileSegment(file.path, size);
  }

  async function concat(refs: readonly BlobRef[]): Promise<BlobRef> {
    const segments = refs.flatMap((ref) => segmentsOf(lookup(ref)));
    if (segments.length <= 1 || segments.every((s) => s instanceof Uint8Array)) return register(segments);
    return register([await joinIntoFile(segments)]);
  }

  function release(ref: BlobRef): void {
    const parts = partsOf(ref);
    if (parts === undefined) return;
    (ref as StoredBlob).parts = undefined;
    unref(segmentsOf(parts));
  }

  async function clear(): Promise<void> {
    era = {};
    await temp.remove();
  }

  function bytesOf(ref: BlobRef): StoredBytes {
    const segments = segmentsOf(lookup(ref));
    const only = segments[0];
    if (segments.length === 1 && only !== undefined && !(only instanceof Uint8Array)) return { kind: 'file', path: only.path };
    if (segments.length === 1 && only instanceof Uint8Array) return { kind: 'memory', bytes: only };
    // Several memory segments (a completed upload's parts) or none: stored as one run.
    const bytes = new Uint8Array(ref.size);
    let offset = 0;
    for (const s of segments) {
      if (!(s instanceof Uint8Array)) throw new Error('a blob of several segments on disk (joined at concat, never stored)');
      bytes.set(s, offset);
      offset += s.byteLength;
    }
    return { kind: 'memory', bytes };
  }

  function moveFile(ref: BlobRef, path: string): void {
    const only = segmentsOf(lookup(ref))[0];
    if (only === undefined || only instanceof Uint8Array) throw new Error('the blob is not a file');
    renameSync(only.path, path);
    only.path = path;
  }

  return {
    write, writeNow, read, readBody, readAll, concat, release, clear,
    bytesOf, moveFile,
    adoptBytes: (bytes) => register(bytes.byteLength === 0 ? [] : [bytes]),
    adoptFile: (path, size) => register([fileSegment(path, size)]),
    share: (ref) => register(segmentsOf(lookup(ref))),
  };
}
