/**
 * A non-streaming payload (an XML or JSON document) read with a ceiling. S3 refuses a document past
 * its operation's limit with MaxMessageLengthExceeded; here the refusal also keeps one request from
 * buffering, and then parsing at ~40x its size, more than that limit.
 */
import type { RequestBody } from './body.ts';
import { S3Error } from './s3-error.ts';

/** AWS names the limit in the error: `<MaxMessageLengthBytes>65536</MaxMessageLengthBytes>`. */
export function maxMessageLengthExceeded(limit: number): S3Error {
  return new S3Error('MaxMessageLengthExceeded', { fields: { MaxMessageLengthBytes: limit } });
}

/**
 * The whole payload, or MaxMessageLengthExceeded as soon as it is known to be longer than `limit`:
 * from the announced length before any byte is read, else once the bytes read pass it.
 */
export async function readPayloadBytes(body: RequestBody, limit: number): Promise<Uint8Array> {
  if (body.length !== undefined && body.length > limit) throw maxMessageLengthExceeded(limit);
  if (body.whole !== undefined) {
    // Offered only for bodies of at most 256 KiB: the read itself is bounded.
    const bytes = await body.whole();
    if (bytes.byteLength > limit) throw maxMessageLengthExceeded(limit);
    return bytes;
  }
  if (body.stream === null) return new Uint8Array(0);
  return readStream(body.stream, limit);
}

async function readStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Nothing more is pulled from the client; the socket's own handling drops the rest.
      reader.cancel().catch(() => undefined);
      throw maxMessageLengthExceeded(limit);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
