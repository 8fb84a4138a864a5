/**
 * Chunk signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] bodies
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and sigv4-streaming-trailers.html).
 * Each chunk signs `AWS4-HMAC-SHA256-PAYLOAD \n date \n scope \n previous-signature \n hash("") \n hash(chunk)`,
 * the first chaining from the Authorization header's (seed) signature; the trailer signs
 * `AWS4-HMAC-SHA256-TRAILER \n date \n scope \n previous-signature \n hash(trailer lines)`.
 */
import { newDigest, type Digest } from '../checksum/digest.ts';
import type { ChunkVerifier } from '../protocol/aws-chunked.ts';
import { incompleteBody } from '../protocol/aws-chunked.ts';
import { signatureDoesNotMatch } from './errors.ts';
import { EMPTY_SHA256, formatAmzDate, hmacHex, parseAmzDate, parseRequestTime, sha256Hex, signingKey } from './sigv4.ts';
import type { AuthInfo } from './types.ts';
import type { SecretLookup } from './verify.ts';

const SIGNED_STREAMING = /^STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?$/;

class SignedChunkVerifier implements ChunkVerifier {
  private hash: Digest = newDigest('sha256');
  private previous: string;

  constructor(
    private readonly key: Buffer,
    private readonly amzDate: string,
    private readonly scope: string,
    private readonly accessKeyId: string,
    seed: string,
  ) {
    this.previous = seed;
  }

  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }

  endChunk(signature: string | undefined): void {
    const digest = this.hash.digest('hex');
    this.hash = newDigest('sha256');
    this.check('AWS4-HMAC-SHA256-PAYLOAD', `${EMPTY_SHA256}\n${digest}`, signature);
  }

  endTrailer(lines: readonly string[], signature: string | undefined): void {
    // Unsigned trailers (no x-amz-trailer-signature, no trailer lines) end a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body.
    if (lines.length === 0 && signature === undefined) return;
    const canonical = lines.map((line) => {
      const colon = line.indexOf(':');
      return `${line.slice(0, colon).trim().toLowerCase()}:${line.slice(colon + 1).trim()}\n`;
    }).join('');
    this.check('AWS4-HMAC-SHA256-TRAILER', sha256Hex(canonical), signature);
  }

  private check(algorithm: string, hashed: string, signature: string | undefined): void {
    if (signature === undefined) throw incompleteBody();
    const text = `${algorithm}\n${this.amzDate}\n${this.scope}\n${this.previous}\n${hashed}`;
    const expected = hmacHex(this.key, text);
    if (expected !== signature.toLowerCase()) throw signatureDoesNotMatch(this.accessKeyId, signature, text);
    this.previous = expected;
  }
}

/**
 * A verifier for the body of a header-signed STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] request
 * whose seed signature verifySignature has accepted; undefined for every other body.
 */
export function chunkVerifierFor(auth: AuthInfo | null, headers: Headers, secretFor: SecretLookup): ChunkVerifier | undefined {
  if (auth?.kind !== 'v4-header' || auth.scope === undefined) return undefined;
  if (!SIGNED_STREAMING.test(headers.get('x-amz-content-sha256') ?? '')) return undefined;
  const amzHeader = headers.get('x-amz-date')?.trim();
  const time = parseRequestTime(amzHeader ?? headers.get('date') ?? undefined);
  const secret = secretFor(auth.accessKeyId);
  if (time === undefined || secret === undefined) return undefined;
  const amzDate = amzHeader !== undefined && parseAmzDate(amzHeader) !== undefined ? amzHeader : formatAmzDate(time);
  return new SignedChunkVerifier(signingKey(secret, auth.scope), amzDate, auth.scope, auth.accessKeyId, auth.signature.toLowerCase());
}
