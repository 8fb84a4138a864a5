/**
 * The Request the front hands to the app. Building a fetch Request with its Headers costs ~3 µs,
 * more than the rest of the front together; this one keeps the parsed fields in a Map (names
 * lower-cased), answers get/has from it, and builds real Headers only when something iterates
 * them in order. URL and method are kept as given (a fetch Request would parse the one and turn an
 * unknown other into GET).
 */

/** Request headers as a Map, a real Headers object made on demand for everything but get/has. */
export class FieldHeaders implements Headers {
  private real: Headers | undefined;

  constructor(private readonly fields: Map<string, string>) {}

  get(name: string): string | null {
    return this.fields.get(name) ?? this.fields.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.fields.has(name) || this.fields.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.headers().set(name, value);
    this.fields.set(name.toLowerCase(), this.headers().get(name) ?? value);
  }

  append(name: string, value: string): void {
    this.headers().append(name, value);
    this.fields.set(name.toLowerCase(), this.headers().get(name) ?? value);
  }

  delete(name: string): void {
    this.headers().delete(name);
    this.fields.delete(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return this.headers().getSetCookie();
  }

  getAll(name: 'set-cookie' | 'Set-Cookie'): string[] {
    return this.headers().getAll(name);
  }

  get count(): number {
    return this.fields.size;
  }

  /** The pipeline reads every header through this once per request: no Headers object for it. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.fields);
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.headers().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): HeadersIterator<[string, string]> {
    return this.headers().entries();
  }

  keys(): HeadersIterator<string> {
    return this.headers().keys();
  }

  values(): HeadersIterator<string> {
    return this.headers().values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.headers()[Symbol.iterator]();
  }

  private headers(): Headers {
    this.real ??= new Headers([...this.fields]);
    return this.real;
  }
}

export class FrontRequest extends Request {
  readonly #headers: FieldHeaders;
  readonly #url: string;
  readonly #method: string;
  /** A body that arrived whole with its head: bytes() hands out a copy without the stream machinery. */
  #bytes: Uint8Array | undefined;

  constructor(url: string, method: string, fields: Map<string, string>, body: Uint8Array | ReadableStream<Uint8Array> | null) {
    // The base URL and method are placeholders: fetch's Request turns a method it does not know
    // into GET and refuses a body on GET; the real ones are kept here.
    super('http://localhost/', body === null ? {} : { method: 'PUT', body: body as BodyInit, duplex: 'half' } as RequestInit);
    this.#method = method;
    this.#headers = new FieldHeaders(fields);
    this.#url = url;
    if (body instanceof Uint8Array) this.#bytes = body;
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    const bytes = this.#bytes;
    if (bytes === undefined || this.bodyUsed) return super.bytes();
    this.#bytes = undefined;
    // A copy: the view shares its buffer with the socket read (and maybe the next request).
    return Promise.resolve(new Uint8Array(bytes));
  }

  override get headers(): Headers {
    return this.#headers;
  }

  override get url(): string {
    return this.#url;
  }

  override get method(): string {
    return this.#method;
  }
}
