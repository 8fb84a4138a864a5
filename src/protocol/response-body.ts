/**
 * The body a Response was built from, kept beside it, so the HTTP front can send bytes, a string, a
 * file Blob (by its size) or a stream as they are, without opening the Response's own body stream.
 */
export type ResponseSource = string | Uint8Array | Blob | ReadableStream<Uint8Array> | null;

const sources = new WeakMap<Response, ResponseSource>();

/** `new Response(body, init)`, remembering `body` for bodySourceOf. */
export function bodyResponse(body: ResponseSource, init: ResponseInit): Response {
  // Response accepts any Uint8Array at runtime; lib.dom only types the ArrayBuffer-backed ones.
  const response = new Response(body as BodyInit | null, init);
  sources.set(response, body);
  return response;
}

/** What bodyResponse built `response` from; undefined for a Response made some other way. */
export function bodySourceOf(response: Response): ResponseSource | undefined {
  return sources.get(response);
}
