/**
 * Storing a request body: one streaming pass through the BlobStore computes the MD5 (ETag) and the
 * object's checksum, then the client's Content-MD5 / x-amz-checksum-* (header or trailer) are
 * checked. Shared by PutObject and UploadPart.
 */
import { isValidChecksumValue } from '../../checksum/index.ts';
import { CHECKSUM_ALGORITHMS, checksumMember, isChecksumAlgorithm, type ChecksumAlgorithm } from '../../checksum/types.ts';
import type { RequestContext } from '../../core/context.ts';
import { contentMd5Mismatch, parseContentMd5 } from '../../protocol/payload-integrity.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { WrittenBlob } from '../../storage/types.ts';

/** 5 GiB: the largest single PUT S3 accepts. */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;

export type ChecksumFields = { [K in `Checksum${ChecksumAlgorithm}`]?: string };

export interface ChecksumInput extends ChecksumFields {
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
}

export interface StoredBody {
  readonly written: WrittenBlob;
  readonly etag: string;
  /** The checksum the client asked for (or the default one), with its computed value. */
  readonly checksumAlgorithm: ChecksumAlgorithm | undefined;
  readonly checksumValue: string | undefined;
}

export interface StoreOptions {
  readonly maxSize?: number;
  /** Used when the client names no algorithm (PutObject: CRC64NVME; UploadPart: none). */
  readonly defaultAlgorithm?: ChecksumAlgorithm;
  /** Further checksums to compute in the same pass. */
  readonly alsoCompute?: readonly ChecksumAlgorithm[];
  /** How a Content-MD5 mismatch reports ExpectedDigest (hex for PutObject, base64 for UploadPart). */
  readonly md5DigestForm?: 'hex' | 'base64';
}

/** The single x-amz-checksum-* header sent, if any. */
function headerChecksum(input: ChecksumFields): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  let algorithm: ChecksumAlgorithm | undefined;
  for (const alg of CHECKSUM_ALGORITHMS) {
    if (input[checksumMember(alg)] === undefined) continue;
    if (algorithm !== undefined) {
      throw new S3Error('InvalidRequest', { message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.' });
    }
    algorithm = alg;
  }
  if (algorithm === undefined) return undefined;
  const value = input[checksumMember(algorithm)] ?? '';
  if (!isValidChecksumValue(algorithm, value)) {
    throw new S3Error('InvalidRequest', { message: `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.` });
  }
  return { algorithm, value };
}

/** The algorithm the client asks for: header, then trailer, then x-amz-sdk-checksum-algorithm, then the default. */
export function chooseChecksum(ctx: RequestContext, input: ChecksumInput, fallback: ChecksumAlgorithm | undefined): { algorithm?: ChecksumAlgorithm; expected?: string } {
  const fromHeader = headerChecksum(input);
  if (fromHeader !== undefined) return { algorithm: fromHeader.algorithm, expected: fromHeader.value };
  if (ctx.body.trailerChecksum !== undefined) return { algorithm: ctx.body.trailerChecksum };
  const sdk = input.ChecksumAlgorithm?.toUpperCase();
  if (sdk !== undefined && sdk !== '') {
    if (!isChecksumAlgorithm(sdk)) {
      throw new S3Error('InvalidRequest', { message: 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]' });
    }
    return { algorithm: sdk };
  }
  return fallback === undefined ? {} : { algorithm: fallback };
}

function mismatch(algorithm: ChecksumAlgorithm): S3Error {
  return new S3Error('BadDigest', { message: `The ${algorithm} you specified did not match the calculated checksum.` });
}

function verify(stored: StoredBody, expected: string | undefined, md5Hex: string | undefined, md5Form: 'hex' | 'base64', trailerAlgorithm: ChecksumAlgorithm | undefined, trailers: Record<string, string> | undefined): void {
  const { checksumAlgorithm: algorithm, checksumValue: actual } = stored;
  if (algorithm !== undefined && expected !== undefined && expected !== actual) throw mismatch(algorithm);
  if (trailerAlgorithm !== undefined && trailers !== undefined) {
    const header = `x-amz-checksum-${trailerAlgorithm.toLowerCase()}`;
    const trailer = trailers[header];
    // A value equal to the computed one is well-formed, so only a differing one needs the format check.
    if (trailer !== undefined && trailer !== stored.written.checksums[trailerAlgorithm]) {
      if (!isValidChecksumValue(trailerAlgorithm, trailer)) throw new S3Error('InvalidRequest', { message: `Value for ${header} header is invalid.` });
      throw mismatch(trailerAlgorithm);
    }
  }
  if (md5Hex !== undefined && md5Hex !== stored.written.md5Hex) throw contentMd5Mismatch(md5Hex, stored.written.md5Hex, md5Form);
}

/** One frozen list per algorithm: the usual case (one checksum, maybe also the trailer's) allocates nothing. */
const SINGLE: Readonly<Record<ChecksumAlgorithm, readonly ChecksumAlgorithm[]>> = Object.freeze(
  Object.fromEntries(CHECKSUM_ALGORITHMS.map((alg) => [alg, Object.freeze([alg])])) as Record<ChecksumAlgorithm, readonly ChecksumAlgorithm[]>,
);
const NONE: readonly ChecksumAlgorithm[] = Object.freeze([]);

/** The checksums one pass over the body computes, each once. */
function checksumsToCompute(also: readonly ChecksumAlgorithm[] | undefined, chosen: ChecksumAlgorithm | undefined, trailer: ChecksumAlgorithm | undefined): readonly ChecksumAlgorithm[] {
  if (also === undefined || also.length === 0) {
    if (chosen === undefined || trailer === undefined || chosen === trailer) {
      const one = chosen ?? trailer;
      return one === undefined ? NONE : SINGLE[one];
    }
  }
  const wanted = new Set<ChecksumAlgorithm>(also ?? []);
  if (chosen !== undefined) wanted.add(chosen);
  if (trailer !== undefined) wanted.add(trailer);
  return [...wanted];
}

/** Streams the request body into the BlobStore and verifies what the client said about it. */
export async function storeRequestBody(ctx: RequestContext, input: ChecksumInput, options: StoreOptions = {}): Promise<StoredBody> {
  const maxSize = options.maxSize ?? MAX_PUT_SIZE;
  // Refuse from the announced length before reading a byte, rather than after streaming 5 GiB.
  if (ctx.body.length !== undefined && ctx.body.length > maxSize) {
    throw new S3Error('EntityTooLarge', {
      fields: {
        ProposedSize: ctx.body.length,
        MaxSizeAllowed: maxSize,
      },
    });
  }
  const md5Hex = input.ContentMD5 !== undefined ? parseContentMd5(input.ContentMD5) : undefined;
  const { algorithm, expected } = chooseChecksum(ctx, input, options.defaultAlgorithm);
  const trailerAlgorithm = ctx.body.trailerChecksum;
  const writeOptions = { checksums: checksumsToCompute(options.alsoCompute, algorithm, trailerAlgorithm), maxSize };
  let written: WrittenBlob;
  if (ctx.body.whole !== undefined) {
    // A small body: read whole, then hashed and kept without a further wait when the hashers are loaded.
    const bytes = await ctx.body.whole();
    const now = ctx.blobs.writeNow(bytes, writeOptions);
    written = now instanceof Promise ? await now : now;
  } else {
    written = await ctx.blobs.write(ctx.body.stream ?? new Uint8Array(0), { ...writeOptions, releaseChunks: ctx.body.ownedChunks === true });
  }
  const stored: StoredBody = {
    written,
    etag: `"${written.md5Hex}"`,
    checksumAlgorithm: algorithm,
    checksumValue: algorithm !== undefined ? written.checksums[algorithm] : undefined,
  };
  try {
    const trailers = trailerAlgorithm === undefined ? undefined : ctx.body.readTrailers?.() ?? await ctx.body.trailers();
    verify(stored, expected, md5Hex, options.md5DigestForm ?? 'hex', trailerAlgorithm, trailers);
  } catch (e) {
    ctx.blobs.release(written.ref);
    throw e;
  }
  return stored;
}
