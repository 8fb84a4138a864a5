/**
 * Header fields kept in a Map (lower-case names, insertion order). Building Bun's Headers field by
 * field costs more than the rest of a small request's wire work; get/has/set here cost a Map
 * operation. Iteration (rare: tests, CORS) goes through a real Headers made on demand, so it keeps
 * the Fetch standard's sorted, combined view.
 */

/** RFC 9110 field-name (token). */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What no header value may hold: NUL, CR, LF (a CR or LF would split the response). */
const BAD_VALUE = /[\0\r\n]/;

/**
 * A value as it goes on the wire; TypeError for one Headers refuses too. Unlike Headers, leading and
 * trailing spaces and tabs are kept: AWS echoes metadata that ends in a tab as it was stored.
 */
function fieldValue(value: string): string {
  const v = String(value);
  if (BAD_VALUE.test(v)) throw new TypeError(`Header value contains a forbidden character: ${JSON.stringify(v)}`);
  return v;
}

/** Checked, lower-cased names: most come from the service model, so a few dozen cover nearly every response. */
const NAMES = new Map<string, string>();
const MAX_CACHED_NAMES = 1024;

function fieldName(name: string): string {
  const known = NAMES.get(name);
  if (known !== undefined) return known;
  if (!FIELD_NAME.test(name)) throw new TypeError(`Invalid header name: ${JSON.stringify(name)}`);
  const lower = name.toLowerCase();
  if (NAMES.size < MAX_CACHED_NAMES) NAMES.set(name, lower);
  return lower;
}

export class FieldHeaders implements Headers {
  /** `fields` is taken as is: names already lower-case, values already valid (the HTTP front's parser). */
  constructor(readonly fields: Map<string, string> = new Map()) {}

  /** From a header record as the serializer builds it (names in any case, values unchecked). */
  static fromRecord(record: Record<string, string>): FieldHeaders {
    const headers = new FieldHeaders();
    for (const name in record) headers.set(name, record[name] as string);
    return headers;
  }

  get(name: string): string | null {
    return this.fields.get(name) ?? this.fields.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.fields.has(name) || this.fields.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.fields.set(fieldName(name), fieldValue(value));
  }

  append(name: string, value: string): void {
    const key = fieldName(name);
    const v = fieldValue(value);
    const before = this.fields.get(key);
    this.fields.set(key, before === undefined ? v : `${before}, ${v}`);
  }

  delete(name: string): void {
    this.fields.delete(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return this.real().getSetCookie();
  }

  getAll(name: 'set-cookie' | 'Set-Cookie'): string[] {
    return this.real().getAll(name);
  }

  get count(): number {
    return this.fields.size;
  }

  /** The pipeline reads every request header through this once per request: no Headers object for it. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.fields);
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.real().forEach((value, key) => {
      callback.call(thisArg, value, key, this);
    });
  }

  entries(): HeadersIterator<[string, string]> {
    return this.real().entries();
  }

  keys(): HeadersIterator<string> {
    return this.real().keys();
  }

  values(): HeadersIterator<string> {
    return this.real().values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.real()[Symbol.iterator]();
  }

  private real(): Headers {
    return new Headers([...this.fields]);
  }
}
