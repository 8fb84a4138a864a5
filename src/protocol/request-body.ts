/**
 * Request -> RequestBody: aws-chunked framing removed, trailers exposed, the decoded length announced.
 *
 * `Transfer-Encoding: chunked` needs nothing here: Bun.serve hands the app a de-chunked body (checked
 * with a raw-socket request on Bun 1.4: `5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n` arrives as
 * `hello world`, with no Content-Length), so such bodies are plain bodies of unknown length.
 */
import { createHash } from 'node:crypto';
import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../checksum/types.ts';
import { decodeAwsChunked, type ChunkVerifier } from './aws-chunked.ts';
import type { RequestBody } from './body.ts';
import { S3Error } from './s3-error.ts';

/** The signed streaming variant whose decoded length AWS insists on (see validateStreamingHeaders). */
const SIGNED_STREAMING = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const NO_TRAILERS: Promise<Record<string, string>> = Promise.resolve({});
const INTEGER = /^\d{1,16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

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
export function decodeRequestBody(request: Request, headers: Headers, options: DecodeBodyOptions = {}): RequestBody {
  if (!isAwsChunked(headers)) {
    const body = plainBody(request, headers);
    const claimed = headers.get('x-amz-content-sha256')?.toLowerCase();
    if (!options.verifyPayloadSha256 || body.stream === null || claimed === undefined || !SHA256_HEX.test(claimed)) return body;
    return { ...body, stream: body.stream.pipeThrough(sha256Check(claimed)) };
  }
  const decodedLength = streamingDecodedLength(headers);
  const trailerChecksum = trailerChecksumOf(headers.get('x-amz-trailer'));
  const source = request.body ?? emptyStream();
  const decoded = decodeAwsChunked(source, { decodedLength, verifier: options.chunkVerifier });
  return {
    stream: decoded.stream,
    length: decodedLength,
    trailerChecksum,
    trailers: () => decoded.trailers,
  };
}

function plainBody(request: Request, headers: Headers): RequestBody {
  const raw = headers.get('content-length');
  const length = raw !== null && INTEGER.test(raw.trim()) ? Number(raw.trim()) : undefined;
  const stream = request.body;
  return {
    stream,
    length: length ?? (stream === null ? 0 : undefined),
    trailerChecksum: undefined,
    trailers: () => NO_TRAILERS,
  };
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
    if (signed) throw new S3Error('SignatureDoesNotMatch', '"X-Amz-Decoded-Content-Length" header is missing');
    return undefined;
  }
  if (INTEGER.test(raw.trim())) return Number(raw.trim());
  if (signed) throw new S3Error('SignatureDoesNotMatch', 'Wrong "X-Amz-Decoded-Content-Length" header');
  throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
}

/** x-amz-trailer: x-amz-checksum-<alg> -> the algorithm; two different checksums are refused as S3 does. */
export function trailerChecksumOf(trailer: string | null): ChecksumAlgorithm | undefined {
  if (trailer === null) return undefined;
  const found = new Set<ChecksumAlgorithm>();
  for (const name of trailer.split(',')) {
    const m = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.trim().toLowerCase());
    const alg = m?.[1]?.toUpperCase();
    if (alg !== undefined && isChecksumAlgorithm(alg)) found.add(alg);
  }
  if (found.size > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  return found.values().next().value;
}

/** Passes bytes through and fails at the end with XAmzContentSHA256Mismatch when the hash differs. */
function sha256Check(claimed: string): TransformStream<Uint8Array, Uint8Array> {
  const hash = createHash('sha256');
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      const computed = hash.digest('hex');
      if (computed !== claimed) {
        throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
          ClientComputedContentSHA256: claimed,
          S3ComputedContentSHA256: computed,
        });
      }
    },
  });
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (c) => c.close() });
}
