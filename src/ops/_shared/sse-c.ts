/**
 * SSE-C: server-side encryption with a key the customer sends on every request. The emulator keeps
 * no ciphertext, only the key's MD5, so what matters is AWS's validation: the three headers on a
 * write, and the same key again on every read of the object (GET, HEAD, attributes, copy source).
 * Messages and codes are the ones LocalStack's AWS-recorded snapshots show.
 */
import { digestOf } from '../../checksum/digest.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { S3Object } from '../../state/object.ts';

/** The request's SSE-C headers (as members: SSECustomer* or CopySourceSSECustomer*). */
export interface SseCustomerHeaders {
  readonly algorithm: string | undefined;
  readonly key: string | undefined;
  readonly keyMd5: string | undefined;
}

export type StoredSseCustomer = NonNullable<S3Object['sseCustomer']>;

const ARGUMENT = 'x-amz-server-side-encryption';
const KEY_BYTES = 32;

const NO_SSE_CUSTOMER: SseCustomerHeaders = Object.freeze({ algorithm: undefined, key: undefined, keyMd5: undefined });

export function sseCustomerOf(input: { SSECustomerAlgorithm?: string; SSECustomerKey?: string; SSECustomerKeyMD5?: string }): SseCustomerHeaders {
  // Nearly every request sends none: one shared record rather than one per GET, HEAD and PUT.
  if (input.SSECustomerAlgorithm === undefined && input.SSECustomerKey === undefined && input.SSECustomerKeyMD5 === undefined) {
    return NO_SSE_CUSTOMER;
  }
  return { algorithm: input.SSECustomerAlgorithm, key: input.SSECustomerKey, keyMd5: input.SSECustomerKeyMD5 };
}

export function copySourceSseCustomerOf(input: { CopySourceSSECustomerAlgorithm?: string; CopySourceSSECustomerKey?: string; CopySourceSSECustomerKeyMD5?: string }): SseCustomerHeaders {
  return { algorithm: input.CopySourceSSECustomerAlgorithm, key: input.CopySourceSSECustomerKey, keyMd5: input.CopySourceSSECustomerKeyMD5 };
}

function given(h: SseCustomerHeaders): boolean {
  return h.algorithm !== undefined || h.key !== undefined || h.keyMd5 !== undefined;
}

function invalidArgument(message: string, value?: string): S3Error {
  return new S3Error('InvalidArgument', { message, fields: value === undefined ? { ArgumentName: ARGUMENT } : { ArgumentName: ARGUMENT, ArgumentValue: value } });
}

function assertAlgorithm(algorithm: string | undefined): void {
  if (algorithm === undefined) {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.');
  }
  if (algorithm !== 'AES256') {
    throw new S3Error('InvalidEncryptionAlgorithmError', {
      fields: {
        ArgumentName: ARGUMENT, ArgumentValue: algorithm,
      },
    });
  }
}

function md5Base64(keyBase64: string): string {
  return digestOf('md5', Buffer.from(keyBase64, 'base64'), 'base64');
}

/** The key must be 32 bytes of base64 whose MD5 is the one sent. */
function assertKey(key: string, keyMd5: string): void {
  if (Buffer.from(key, 'base64').length !== KEY_BYTES) throw invalidArgument('The secret key was invalid for the specified algorithm.');
  if (md5Base64(key) !== keyMd5) {
    throw invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.');
  }
}

/**
 * SSE-C on a write (PutObject, CreateMultipartUpload, a copy's target): undefined when not asked
 * for, else the validated algorithm and key MD5 to store. SSE-C excludes x-amz-server-side-encryption.
 */
export function sseCustomerForWrite(h: SseCustomerHeaders, serverSideEncryption: string | undefined): StoredSseCustomer | undefined {
  if (!given(h)) return undefined;
  if (serverSideEncryption !== undefined) {
    throw invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', serverSideEncryption);
  }
  assertAlgorithm(h.algorithm);
  if (h.key === undefined) {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.');
  }
  if (h.keyMd5 === undefined) throw invalidArgument('The secret key was invalid for the specified algorithm.');
  assertKey(h.key, h.keyMd5);
  return { algorithm: 'AES256', keyMd5: h.keyMd5 };
}

function wrongKey(): S3Error {
  return new S3Error('AccessDenied', { message: 'Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.' });
}

/** A read of `obj` must carry the key it was stored with, and no SSE-C headers if it has none. */
export function assertSseCustomerRead(obj: S3Object, h: SseCustomerHeaders): void {
  const stored = obj.sseCustomer;
  if (!given(h)) {
    if (stored === undefined) return;
    throw new S3Error('InvalidRequest', { message: 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.' });
  }
  if (h.algorithm !== undefined) assertAlgorithm(h.algorithm);
  if (stored === undefined) throw new S3Error('InvalidRequest', { message: 'The encryption parameters are not applicable to this object.' });
  assertAlgorithm(h.algorithm);
  if (h.key === undefined) {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.');
  }
  // Reads don't judge the key's form (AWS answers a malformed one as the wrong key).
  if (h.keyMd5 === undefined || h.keyMd5 !== stored.keyMd5 || md5Base64(h.key) !== h.keyMd5) throw wrongKey();
}
