/**
 * One line per request, as LocalStack writes them: `AWS s3.PutObject => 200`, an error with its code
 * (`AWS s3.GetObject => 404 (NoSuchKey)`), a request no operation matched as `METHOD /path => status`.
 * At debug the line also names bucket, key, byte counts, duration and request id.
 */
import type { LogFormat, LogLevel } from '../config.ts';
import { formatLine, type LineSink, type LogFields } from '../log-line.ts';
import { bodySourceOf } from '../protocol/response-body.ts';

export interface RequestEntry {
  readonly method: string;
  readonly refused?: boolean | undefined;
  /** The S3 operation; absent for preflights, internal endpoints, website pages, refused requests. */
  readonly operation?: string | undefined;
  /** The path, for lines without an operation. */
  readonly path?: string | undefined;
  readonly status: number;
  readonly errorCode?: string | undefined;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  /** Content-Length of the request and of the response, where known. */
  readonly requestBytes?: number | undefined;
  readonly responseBytes?: number | undefined;
  /** From the request reaching the app until its response head was ready (debug only). */
  readonly durationMs?: number | undefined;
  readonly requestId?: string | undefined;
}

/** What the app knows of a request beyond the Request and Response themselves. */
export interface RequestFacts {
  /** The HTTP front refused it (a malformed head, the connection cap): no method or path to trust. */
  readonly refused?: boolean | undefined;
  readonly operation?: string | undefined;
  readonly path?: string | undefined;
  readonly errorCode?: string | undefined;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly requestId?: string | undefined;
  /** performance.now() when the request reached the app; read only at debug. */
  readonly started?: number | undefined;
}

/** What a line reads of the request: a front-refused request has a method at most. */
export interface RequestHead {
  readonly method: string;
  readonly headers: Pick<Headers, 'get'>;
}

export interface RequestLog {
  /** Whether callers should note `started` (a clock read) at all. */
  readonly debug: boolean;
  write(request: RequestHead, response: Response, facts: RequestFacts): void;
}

const TAG = 'request';

function contentLength(headers: Pick<Headers, 'get'>): number | undefined {
  const value = headers.get('content-length');
  return value === null || value === '' ? undefined : Number(value);
}

/** The response's Content-Length, or the size of the body it was built from. */
function responseBytes(response: Response): number | undefined {
  const declared = contentLength(response.headers);
  if (declared !== undefined) return declared;
  const source = bodySourceOf(response);
  if (source === null) return 0;
  if (typeof source === 'string') return Buffer.byteLength(source);
  if (source instanceof Uint8Array) return source.byteLength;
  return source instanceof Blob ? source.size : undefined;
}

function entryOf(request: RequestHead, response: Response, facts: RequestFacts, debug: boolean): RequestEntry {
  const base = { ...facts, method: request.method, status: response.status };
  if (!debug) return base;
  return {
    ...base,
    requestBytes: contentLength(request.headers),
    responseBytes: responseBytes(response),
    durationMs: facts.started === undefined ? undefined : performance.now() - facts.started,
    requestId: facts.requestId ?? response.headers.get('x-amz-request-id') ?? undefined,
  };
}

/** `AWS s3.GetObject => 404 (NoSuchKey)`, `OPTIONS /b/k => 200` or `request refused => 400 (BadRequest)`. */
export function requestMessage(method: string, status: number, f: RequestFacts): string {
  const head = f.operation !== undefined ? `AWS s3.${f.operation}` : f.refused === true ? 'request refused' : `${method} ${f.path ?? '-'}`;
  return f.errorCode === undefined ? `${head} => ${status}` : `${head} => ${status} (${f.errorCode})`;
}

/** What a JSON line names at info; a text line says it all in its message. */
function infoFields(e: RequestEntry): LogFields {
  return { method: e.refused === true ? undefined : e.method, operation: e.operation, path: e.path, status: e.status, error: e.errorCode };
}

function debugFields(e: RequestEntry): LogFields {
  return {
    bucket: e.bucket, key: e.key, requestBytes: e.requestBytes, responseBytes: e.responseBytes,
    durationMs: e.durationMs === undefined ? undefined : Math.round(e.durationMs * 1000) / 1000,
    requestId: e.requestId,
  };
}

/**
 * The request log for LOG_LEVEL and LOG_FORMAT, or undefined below info (warn, error): then the
 * app skips request logging with one check.
 */
export function createRequestLog(level: LogLevel, format: LogFormat, sink: LineSink): RequestLog | undefined {
  if (level === 'warn' || level === 'error') return undefined;
  const debug = level === 'debug' || level === 'trace';
  if (format === 'text' && !debug) {
    // The common case: one message string, no entry or field objects.
    return {
      debug,
      write: (request, response, facts) => sink(formatLine(format, 'info', TAG, requestMessage(request.method, response.status, facts)), false),
    };
  }
  const fieldsOf = format === 'text' ? debugFields : (e: RequestEntry) => (debug ? { ...infoFields(e), ...debugFields(e) } : infoFields(e));
  return {
    debug,
    write(request, response, facts) {
      const e = entryOf(request, response, facts, debug);
      sink(formatLine(format, 'info', TAG, requestMessage(e.method, e.status, e), fieldsOf(e)), false);
    },
  };
}
