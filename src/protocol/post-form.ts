/**
 * The multipart/form-data body of a browser-based upload (PostObject), read as a stream: the form
 * fields before the `file` part are buffered (they are small), the file's bytes stream straight
 * through to the caller, and anything after the file is ignored, as S3 does. A 5 GiB POST never
 * sits in memory.
 */
import { S3Error } from './s3-error.ts';

export interface PostForm {
  /** Form fields in the order sent, names as sent (S3 compares them case-insensitively). */
  readonly fields: readonly (readonly [string, string])[];
  /** The `file` part: undefined when the form has none. */
  readonly file?: {
    /** The part's filename parameter; undefined for a plain `file` field. */
    readonly filename?: string;
    readonly body: ReadableStream<Uint8Array>;
  };
}

/** AWS caps the form fields (everything but the file) at 20 KB. */
const MAX_FIELDS_BYTES = 20 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function malformedPost(): S3Error {
  return new S3Error('MalformedPOSTRequest');
}

function fieldsTooLarge(): S3Error {
  return new S3Error('MaxPostPreDataLengthExceededError');
}

/** The boundary of a multipart/form-data Content-Type, or undefined for any other type. */
export function formBoundary(contentType: string | null): string | undefined {
  if (contentType === null || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

interface PartHeaders {
  readonly name: string;
  readonly filename?: string;
}

function parsePartHeaders(block: string): PartHeaders {
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const params = line.slice(colon + 1);
    const name = /;\s*name\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(params);
    const filename = /;\s*filename\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(params);
    if (name === null) break;
    const fn = filename?.[1] ?? filename?.[2];
    return { name: name[1] ?? name[2] ?? '', ...(fn !== undefined ? { filename: fn } : {}) };
  }
  throw malformedPost();
}

/** A pull-based byte buffer over the body stream. */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  get buffered(): Buffer {
    return this.buf;
  }

  /** Reads one more chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    const { done, value } = await this.reader.read();
    if (done) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.concat([this.buf, value]);
    return true;
  }

  /** Buffers until `needle` appears (within `limit` bytes) and returns its offset. */
  async find(needle: Buffer, limit: number): Promise<number> {
    for (;;) {
      const at = this.buf.indexOf(needle);
      if (at >= 0) return at;
      if (this.buf.length > limit + needle.length) throw fieldsTooLarge();
      if (!(await this.more())) throw malformedPost();
    }
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  cancel(): void {
    this.reader.cancel().catch(() => undefined);
  }
}

/** The file part's bytes, up to the next delimiter, streamed with one delimiter's length held back. */
function fileStream(cursor: Cursor, delimiter: Buffer): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const buf = cursor.buffered;
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            if (at > 0) controller.enqueue(cursor.take(at));
            done = true;
            controller.close();
            cursor.cancel(); // fields after the file are ignored
            return;
          }
          const safe = buf.length - delimiter.length + 1;
          if (safe > 0) {
            controller.enqueue(cursor.take(safe));
            return;
          }
          if (!(await cursor.more())) throw malformedPost();
        }
      } catch (e) {
        done = true;
        controller.error(e);
      }
    },
    cancel() {
      if (!done) cursor.cancel();
    },
  });
}

/** Reads the fields of a PostObject form and hands back the file part as a stream. */
export async function readPostForm(body: ReadableStream<Uint8Array> | null, boundary: string): Promise<PostForm> {
  if (body === null) throw malformedPost();
  const cursor = new Cursor(body.getReader());
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  const fields: [string, string][] = [];
  let fieldBytes = 0;
  try {
    // Preamble, then the first boundary line.
    cursor.take((await cursor.find(dashBoundary, MAX_FIELDS_BYTES)) + dashBoundary.length);
    for (;;) {
      // After a boundary: `--` ends the form, CRLF starts a part.
      while (cursor.buffered.length < 2) if (!(await cursor.more())) throw malformedPost();
      const after = cursor.take(2).toString('latin1');
      if (after === '--') break;
      if (after !== '\r\n') throw malformedPost();
      const headerEnd = await cursor.find(HEADER_END, MAX_FIELDS_BYTES);
      const part = parsePartHeaders(cursor.take(headerEnd).toString('utf8'));
      cursor.take(HEADER_END.length);
      if (part.name === 'file') {
        return { fields, file: { ...(part.filename !== undefined ? { filename: part.filename } : {}), body: fileStream(cursor, delimiter) } };
      }
      const end = await cursor.find(delimiter, MAX_FIELDS_BYTES - fieldBytes);
      fieldBytes += end;
      if (fieldBytes > MAX_FIELDS_BYTES) throw fieldsTooLarge();
      fields.push([part.name, cursor.take(end).toString('utf8')]);
      cursor.take(delimiter.length);
    }
  } catch (e) {
    cursor.cancel();
    throw e;
  }
  cursor.cancel();
  return { fields };
}
