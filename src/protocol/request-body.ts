/**
 * Request -> RequestBody: aws-chunked framing removed, trailers exposed, the decoded length announced.
 *
 * `Transfer-Encoding: chunked` needs nothing here: the HTTP front hands the app a de-chunked body
 * (src/server/http1/chunked.ts), so such bodies are plain bodies of unknown length.
 */
import { digestOf, newDigest } from '../checksum/digest.ts';
import { CHECKSUM_ALGORITHMS, checksumHeader, isChecksumAlgorithm, type ChecksumAlgorithm } from '../checksum/types.ts';
import { decodeAwsChunked, decodeAwsChunkedBytes, type ChunkVerifier } from './aws-chunked.ts';
import { EMPTY_BODY, NO_TRAILERS, type RequestBody } from './body.ts';
import { S3Error } from './s3-error.ts';
import type { AppRequest } from './app-request.ts';

/** The signed streaming variant whose decoded length AWS insists on (see validateStreamingHeaders). */
const SIGNED_STREAMING = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const NO_TRAILERS_RESOLVED: Promise<Record<string, string>> = Promise.resolve(NO_TRAILERS);
const INTEGER = /^\d{1,16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/**
 * Bodies whose Content-Length is at most this are read in one piece (`RequestBody.whole`): a stream
 * per request (reader, pull promises, the decoder's own stream) costs more than the bytes themselves.
 */
export const WHOLE_BODY_BYTES = 256 * 1024;

export interface DecodeBodyOptions {
  /** Checks chunk signatures as they stream (signature validation on); see src/auth/chunk-signature.ts. */
  readonly chunkVerifier?: ChunkVerifier;
  /** Checks a plain body against a hex x-amz-content-sha256 as it streams (signature validation on). */
  readonly verifyPayloadSha256?: boolean;
}

/**
 * STREAMING-* payload hashes (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]) or a
 * Content-Encoding naming aws-chunked mean an aws-chunked body.
 */
export function isAwsChunked(headers: Headers): boolean {
  if ((headers.get('x-amz-content-sha256') ?? '').startsWith('STREAMING-')) return true;
  const encoding = headers.get('content-encoding');
  return encoding !== null && encoding.split(',').some((e) => e.trim().toLowerCase() === 'aws-chunked');
}

/** Throws S3Error for bad streaming headers before any byte is read. */
export function decodeRequestBody(request: AppRequest, headers: Headers, options: DecodeBodyOptions = {}): RequestBody {
  const rawLength = contentLength(headers);
  const small = rawLength !== undefined && rawLength > 0 && rawLength <= WHOLE_BODY_BYTES;
  if (!isAwsChunked(headers)) {
    const claimed = headers.get('x-amz-content-sha256')?.toLowerCase();
    const check = options.verifyPayloadSha256 === true && claimed !== undefined && SHA256_HEX.test(claimed) ? claimed : undefined;
    if (small) return new WholeBody(request, rawLength, undefined, check, undefined);
    const body = plainBody(request, rawLength);
    if (check === undefined || body.stream === null) return body;
    // The check hands on the same chunks: they stay owned.
    return { ...body, stream: body.stream.pipeThrough(sha256Check(check)) };
  }
  const decodedLength = streamingDecodedLength(headers);
  const trailerChecksum = trailerChecksumOf(headers.get('x-amz-trailer'));
  const chunked = { decodedLength, verifier: options.chunkVerifier };
  if (small) return new WholeBody(request, decodedLength, trailerChecksum, undefined, chunked);
  const decoded = decodeAwsChunked(request.body ?? emptyStream(), { ...chunked, ownsReads: true });
  return {
    stream: decoded.stream,
    ownedChunks: true,
    length: decodedLength,
    trailerChecksum,
    trailers: () => decoded.trailers,
  };
}

type ChunkedOptions = Parameters<typeof decodeAwsChunkedBytes>[1];

function contentLength(headers: Headers): number | undefined {
  const raw = headers.get('content-length');
  return raw !== null && INTEGER.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

function plainBody(request: AppRequest, length: number | undefined): RequestBody {
  const stream = request.body;
  // Most GETs, HEADs and DELETEs: one shared object instead of one (and a closure) per request.
  if (stream === null && (length ?? 0) === 0) return EMPTY_BODY;
  return {
    stream,
    // The request's own network reads.
    ownedChunks: stream !== null,
    length: length ?? (stream === null ? 0 : undefined),
    trailerChecksum: undefined,
    trailers: () => NO_TRAILERS_RESOLVED,
  };
}

/**
 * A small body, read whole on first use and, when aws-chunked, decoded in one pass. One object per
 * request rather than a closure per accessor: this is on every small PUT.
 */
class WholeBody implements RequestBody {
  #payload: Promise<Uint8Array> | undefined;
  #trailers: Record<string, string> | undefined;

  constructor(
    private readonly request: AppRequest,
    readonly length: number | undefined,
    readonly trailerChecksum: ChecksumAlgorithm | undefined,
    /** A plain body's claimed hex SHA-256 (signature validation on). */
    private readonly sha256: string | undefined,
    /** Set for an aws-chunked body. */
    private readonly chunked: ChunkedOptions | undefined,
  ) {}

  /** The stream, if asked for, is made from the whole bytes. */
  get stream(): ReadableStream<Uint8Array> {
    return streamOf(this.whole());
  }

  whole(): Promise<Uint8Array> {
    return (this.#payload ??= this.request.bytes().then((bytes) => this.#decode(bytes)));
  }

  trailers(): Promise<Record<string, string>> {
    return this.whole().then(() => this.#trailers ?? {});
  }

  readTrailers(): Record<string, string> | undefined {
    return this.#trailers;
  }

  #decode(bytes: Uint8Array): Uint8Array {
    if (this.chunked !== undefined) {
      const decoded = decodeAwsChunkedBytes(bytes, this.chunked);
      this.#trailers = decoded.trailers;
      return decoded.payload;
    }
    this.#trailers = NO_TRAILERS;
    if (this.sha256 !== undefined) checkSha256(this.sha256, digestOf('sha256', bytes, 'hex'));
    return bytes;
  }
}

/** A one-chunk stream over bytes still being read; a failure becomes the stream's error. */
function streamOf(bytes: Promise<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const b = await bytes;
      if (b.byteLength > 0) controller.enqueue(b);
      controller.close();
    },
  });
}

/**
 * x-amz-decoded-content-length of an aws-chunked body.
 * - STREAMING-AWS4-HMAC-SHA256-PAYLOAD without an integer value: SignatureDoesNotMatch with the
 *   messages LocalStack gives (its S3 suite checks the code: test_put_object_with_md5_and_chunk_signature_bad_headers).
 * - Other variants with a non-integer value: AWS answers MissingContentLength (411).
 * - Other variants without the header: accepted with an unknown length, as LocalStack does.
 */
function streamingDecodedLength(headers: Headers): number | undefined {
  const raw = headers.get('x-amz-decoded-content-length');
  const signed = headers.get('x-amz-content-sha256') === SIGNED_STREAMING;
  if (raw === null || raw.trim() === '') {
    if (signed) throw new S3Error('SignatureDoesNotMatch', { message: '"X-Amz-Decoded-Content-Length" header is missing' });
    return undefined;
  }
  if (INTEGER.test(raw.trim())) return Number(raw.trim());
  if (signed) throw new S3Error('SignatureDoesNotMatch', { message: 'Wrong "X-Amz-Decoded-Content-Length" header' });
  throw new S3Error('MissingContentLength');
}

/** The x-amz-trailer an SDK sends with every PUT, one checksum header: looked up, not parsed. */
const SINGLE_TRAILERS: ReadonlyMap<string, ChecksumAlgorithm> = new Map(CHECKSUM_ALGORITHMS.map((alg) => [checksumHeader(alg), alg]));

/** x-amz-trailer: x-amz-checksum-<alg> -> the algorithm; two different checksums are refused as S3 does. */
export function trailerChecksumOf(trailer: string | null): ChecksumAlgorithm | undefined {
  if (trailer === null) return undefined;
  return SINGLE_TRAILERS.get(trailer) ?? parseTrailerChecksum(trailer);
}

function parseTrailerChecksum(trailer: string): ChecksumAlgorithm | undefined {
  const found = new Set<ChecksumAlgorithm>();
  for (const name of trailer.split(',')) {
    const m = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.trim().toLowerCase());
    const alg = m?.[1]?.toUpperCase();
    if (alg !== undefined && isChecksumAlgorithm(alg)) found.add(alg);
  }
  if (found.size > 1) {
    throw new S3Error('InvalidRequest', { message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.' });
  }
  return found.values().next().value;
}

/** Passes bytes through and fails at the end with XAmzContentSHA256Mismatch when the hash differs. */
function sha256Check(claimed: string): TransformStream<Uint8Array, Uint8Array> {
  const hash = newDigest('sha256');
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      checkSha256(claimed, hash.digest('hex'));
    },
  });
}

function checkSha256(claimed: string, computed: string): void {
  if (computed !== claimed) {
    throw new S3Error('XAmzContentSHA256Mismatch', {
      fields: {
        ClientComputedContentSHA256: claimed,
        S3ComputedContentSHA256: computed,
      },
    });
  }
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (c) => c.close() });
}
