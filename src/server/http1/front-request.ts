/**
 * The request the front hands to the app: an AppRequest, not a fetch Request, whose construction
 * (with its Headers) costs more than the rest of the front's work on a small request. Header fields
 * stay in the parser's Map; method and URL are kept as sent (a fetch Request would turn an unknown
 * method into GET).
 */
import type { AppRequest } from '../../protocol/app-request.ts';
import { FieldHeaders } from '../../protocol/field-headers.ts';

type FrontBody = Uint8Array | ReadableStream<Uint8Array> | null;

export class FrontRequest implements AppRequest {
  readonly headers: FieldHeaders;
  /** Bytes that arrived whole with the head, the stream of a body still arriving, or null. */
  #body: FrontBody;
  #used = false;

  constructor(readonly url: string, readonly method: string, fields: Map<string, string>, body: FrontBody) {
    this.headers = new FieldHeaders(fields);
    this.#body = body;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    const body = this.#body;
    if (body instanceof Uint8Array) {
      this.#body = new Response(copyOf(body)).body;
      return this.body;
    }
    return body as ReadableStream<Uint8Array<ArrayBuffer>> | null;
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#used) return Promise.reject(new TypeError('Body already used'));
    this.#used = true;
    const body = this.#body;
    if (body === null) return Promise.resolve(new Uint8Array(0));
    if (body instanceof Uint8Array) return Promise.resolve(copyOf(body));
    return new Response(body).bytes();
  }
}

/** A copy: the view shares its buffer with the socket read (and maybe the next request). */
function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
