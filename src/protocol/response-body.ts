/**
 * The Response every S3 answer is: its body kept as given (bytes, a string, a file Blob, a stream),
 * so the HTTP front sends it without opening the Response's own body stream, and its headers in a
 * FieldHeaders rather than Bun's Headers, whose construction costs more than the rest of a small
 * request's wire work. Reading it as a Response (headers, text(), body) works as usual.
 */
import { FieldHeaders } from './field-headers.ts';

export type ResponseSource = string | Uint8Array | Blob | ReadableStream<Uint8Array> | null;

export interface WireResponseInit {
  readonly status: number;
  readonly headers: Record<string, string>;
}

export class WireResponse extends Response {
  readonly #headers: FieldHeaders;

  constructor(readonly source: ResponseSource, init: WireResponseInit) {
    // Response accepts any Uint8Array at runtime; lib.dom only types the ArrayBuffer-backed ones.
    super(source as BodyInit | null, { status: init.status });
    this.#headers = FieldHeaders.fromRecord(init.headers);
  }

  override get headers(): FieldHeaders {
    return this.#headers;
  }

  /** A plain Response with the same status, headers and (teed) body. */
  override clone(): Response {
    const copy = super.clone();
    return new Response(copy.body, { status: this.status, headers: [...this.#headers.fields] });
  }
}

/** The Response for `body` with `init`'s status and headers. */
export function bodyResponse(body: ResponseSource, init: WireResponseInit): Response {
  return new WireResponse(body, init);
}

/** What bodyResponse built `response` from; undefined for a Response made some other way. */
export function bodySourceOf(response: Response): ResponseSource | undefined {
  return response instanceof WireResponse ? response.source : undefined;
}
