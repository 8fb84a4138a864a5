/**
 * Integrity headers on a request's bytes: Content-MD5 and x-amz-checksum-*. Checked wherever the
 * server holds the whole payload (XML configuration documents); object bodies are checked while
 * they stream (ops/_shared/body-store.ts) with the same rules and messages.
 */
import { digestOf } from '../checksum/digest.ts';
import { checksumOf, isValidChecksumValue } from '../checksum/index.ts';
import { CHECKSUM_ALGORITHMS, checksumHeader } from '../checksum/types.ts';
import { S3Error } from './s3-error.ts';

/** Content-MD5 must be the base64 of 16 bytes; returns its hex form. */
export function parseContentMd5(value: string): string {
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
  if (bytes === undefined || bytes.length !== 16) {
    throw new S3Error('InvalidDigest', { fields: { 'Content-MD5': value } });
  }
  return bytes.toString('hex');
}

/** AWS reports ExpectedDigest in hex for PutObject and in base64 (as sent) for UploadPart. */
export function contentMd5Mismatch(expectedHex: string, actualHex: string, expectedForm: 'hex' | 'base64' = 'hex'): S3Error {
  return new S3Error('BadDigest', {
    fields: {
      ExpectedDigest: expectedForm === 'hex' ? expectedHex : Buffer.from(expectedHex, 'hex').toString('base64'),
      CalculatedDigest: Buffer.from(actualHex, 'hex').toString('base64'),
    },
  });
}

/** Verifies whatever integrity headers came with a fully read payload, except the `skip`ped ones. */
export async function verifyPayloadIntegrity(headers: Headers, bytes: Uint8Array, skip: (header: string) => boolean = () => false): Promise<void> {
  const md5 = headers.get('content-md5');
  if (md5 !== null) {
    const expected = parseContentMd5(md5);
    const actual = digestOf('md5', bytes, 'hex');
    if (expected !== actual) throw contentMd5Mismatch(expected, actual);
  }
  for (const alg of CHECKSUM_ALGORITHMS) {
    const name = checksumHeader(alg);
    const sent = headers.get(name);
    if (sent === null || skip(name)) continue;
    if (!isValidChecksumValue(alg, sent)) {
      throw new S3Error('InvalidRequest', { message: `Value for ${checksumHeader(alg)} header is invalid.` });
    }
    if (await checksumOf(alg, bytes) !== sent) {
      throw new S3Error('BadDigest', { message: `The ${alg} you specified did not match the calculated checksum.` });
    }
  }
}
