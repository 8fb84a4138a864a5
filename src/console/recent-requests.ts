/**
 * The console's live view: the last requests the app answered, in a fixed-size ring fed where
 * request log lines are written, so it sees exactly what the log sees (operation, status, error).
 */
import type { RequestFacts, RequestHead, RequestLog } from '../core/request-log.ts';

export interface RecentRequest {
  /** Increases by one per request: the page asks for what came after the last it saw. */
  readonly seq: number;
  /** Milliseconds since the epoch, when the response was ready. */
  readonly time: number;
  readonly method: string;
  readonly operation?: string | undefined;
  readonly path?: string | undefined;
  readonly status: number;
  readonly errorCode?: string | undefined;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly requestId?: string | undefined;
  /** The client's User-Agent, cut to its first 200 characters: which SDK and version sent it. */
  readonly userAgent?: string | undefined;
  /** Sent by the console itself (its listings and uploads), which the page hides by default. */
  readonly console: boolean;
}

/** The User-Agent of the console's own S3 requests, by which they are told apart. */
export const CONSOLE_USER_AGENT = 'ruststack-console';

export const RECENT_REQUESTS_CAPACITY = 500;

/**
 * Recording starts when a console page is first loaded or asks for requests: until someone watches,
 * a request costs one check here rather than a record, which is a noticeable part of a small request.
 */
export class RecentRequests {
  private readonly ring: Array<RecentRequest | undefined>;
  private nextSeq = 1;
  watching = false;

  constructor(readonly capacity: number = RECENT_REQUESTS_CAPACITY) {
    this.ring = new Array<RecentRequest | undefined>(capacity);
  }

  record(request: RequestHead, response: Response, facts: RequestFacts): void {
    if (!this.watching) return;
    const seq = this.nextSeq++;
    const userAgent = request.headers.get('user-agent') ?? undefined;
    this.ring[seq % this.capacity] = {
      seq, time: Date.now(), method: request.method, operation: facts.operation,
      path: facts.operation === undefined ? facts.path : undefined,
      status: response.status, errorCode: facts.errorCode, bucket: facts.bucket, key: facts.key,
      durationMs: facts.started === undefined ? undefined : Math.round((performance.now() - facts.started) * 1000) / 1000,
      requestId: facts.requestId ?? response.headers.get('x-amz-request-id') ?? undefined,
      userAgent: userAgent !== undefined && userAgent.length > 200 ? userAgent.slice(0, 200) : userAgent,
      console: userAgent === CONSOLE_USER_AGENT,
    };
  }

  /** Requests after `seq`, oldest first; `last` is the newest seq recorded (0: none yet). */
  since(seq: number): { last: number; requests: RecentRequest[] } {
    this.watching = true;
    const last = this.nextSeq - 1;
    const from = Math.max(seq + 1, last - this.capacity + 1, 1);
    const requests: RecentRequest[] = [];
    for (let s = from; s <= last; s++) {
      const entry = this.ring[s % this.capacity];
      if (entry !== undefined && entry.seq === s) requests.push(entry);
    }
    return { last, requests };
  }
}

/**
 * The request log with the ring beside it. `debug` is on while a console watches, so that callers
 * note when each request started (a clock read) and the ring has durations; the wrapped log still
 * writes at its own level.
 */
export function withRecentRequests(log: RequestLog | undefined, recent: RecentRequests): RequestLog {
  if (log === undefined) {
    return {
      get debug() { return recent.watching; },
      write: (request, response, facts) => recent.record(request, response, facts),
    };
  }
  return {
    get debug() { return recent.watching || log.debug; },
    write(request, response, facts) {
      log.write(request, response, facts);
      recent.record(request, response, facts);
    },
  };
}
