/** The decoded request payload handed to operations (aws-chunked framing already removed). */
import type { ChecksumAlgorithm } from '../checksum/types.ts';

export interface RequestBody {
  /** Payload bytes, or null when the request has no body. */
  readonly stream: ReadableStream<Uint8Array> | null;
  /**
   * The whole payload in one buffer, offered only for bodies small enough to read at once: it skips
   * the per-request stream machinery. A consumer uses either this or `stream`, never both.
   */
  readonly whole?: () => Promise<Uint8Array>;
  /**
   * Each chunk of `stream` is a buffer of its own that nothing else holds (a network read, or the
   * aws-chunked decoder's copy): a consumer done with one may free it (src/memory/release-buffer.ts).
   */
  readonly ownedChunks?: boolean;
  /** Decoded payload length when announced (Content-Length, or x-amz-decoded-content-length). */
  readonly length: number | undefined;
  /** Checksum algorithm announced in x-amz-trailer, if the body carries a trailing checksum. */
  readonly trailerChecksum: ChecksumAlgorithm | undefined;
  /** Trailing headers (lower-case names) of an aws-chunked body; resolves once the stream has ended. */
  trailers(): Promise<Record<string, string>>;
  /** The trailers when already known without waiting (a body read whole, after `whole()` resolved). */
  readTrailers?(): Record<string, string> | undefined;
}

/** The trailers of a body that has none, shared. */
export const NO_TRAILERS: Readonly<Record<string, string>> = Object.freeze({});

export const EMPTY_BODY: RequestBody = Object.freeze({
  stream: null,
  length: 0,
  trailerChecksum: undefined,
  trailers: () => Promise.resolve(NO_TRAILERS),
  readTrailers: () => NO_TRAILERS,
});
