/**
 * One SigV4-signed request to another AWS service (SQS, SNS, Lambda, EventBridge), reusing the
 * signer S3 verifies with (src/auth/sigv4.ts).
 */
import { canonicalRequest, formatAmzDate, hmacHex, sha256Hex, signingKey, stringToSign } from '../auth/sigv4.ts';
import { uriEncode } from '../auth/canonical.ts';
import { Http1Pool } from '../net/http1-pool.ts';
import type { EventCredentials, EventService } from './events-config.ts';

export interface AwsRequest {
  readonly service: EventService;
  readonly region: string;
  /** Base URL, e.g. http://localhost:4566 or https://sqs.us-east-1.amazonaws.com. */
  readonly endpoint: string;
  readonly method: 'GET' | 'POST';
  /** Path segments already percent-encoded, e.g. `/2015-03-31/functions/arn%3Aaws%3A.../invocations`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly text: string;
}

const TIMEOUT_MS = 10_000;

/** Other services than S3 sign the path encoded twice (the sent path, encoded again). */
function canonicalServicePath(path: string): string {
  return path.split('/').map((segment) => uriEncode(segment)).join('/');
}

interface Target {
  readonly host: string;
  readonly canonicalPath: string;
  readonly search: string;
}

/** Destinations are few and fixed: each URL is parsed once. */
const TARGETS = new Map<string, Target>();
const TARGETS_LIMIT = 256;

function targetOf(url: string): Target {
  let target = TARGETS.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    target = { host: parsed.host, canonicalPath: canonicalServicePath(parsed.pathname), search: parsed.search };
    if (TARGETS.size >= TARGETS_LIMIT) TARGETS.clear();
    TARGETS.set(url, target);
  }
  return target;
}

let lastSecond = Number.NaN;
let lastAmzDate = '';

/** Requests of one second share their x-amz-date. */
function amzDateOf(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastAmzDate = formatAmzDate(now);
  }
  return lastAmzDate;
}

export function signedHeaders(req: AwsRequest, credentials: EventCredentials, now: Date): Record<string, string> {
  const target = targetOf(req.endpoint + req.path);
  const amzDate = amzDateOf(now);
  const scope = `${amzDate.slice(0, 8)}/${req.region}/${req.service}/aws4_request`;
  const headers: Record<string, string> = { host: target.host, 'x-amz-date': amzDate };
  for (const name in req.headers) headers[name.toLowerCase()] = req.headers[name] as string;
  if (credentials.sessionToken !== undefined) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const payloadHash = sha256Hex(req.body);
  const canonical = canonicalRequest({
    method: req.method, path: target.canonicalPath, search: target.search, headers: new Headers(headers),
    host: target.host, signedHeaders: names, payloadHash,
  });
  const signature = hmacHex(signingKey(credentials.secretAccessKey, scope), stringToSign('AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)));
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

interface Pooled {
  readonly pool: Http1Pool;
  /** The endpoint's own path, if it has one, before each request's. */
  readonly basePath: string;
}

/** One pool of kept-alive connections per plain-HTTP endpoint (local SQS, SNS, Lambda, EventBridge). */
const POOLS = new Map<string, Pooled>();

function poolFor(endpoint: string): Pooled {
  let pooled = POOLS.get(endpoint);
  if (pooled === undefined) {
    const url = new URL(endpoint);
    const pool = new Http1Pool(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80), TIMEOUT_MS / 1000);
    pooled = { pool, basePath: url.pathname === '/' ? '' : url.pathname };
    POOLS.set(endpoint, pooled);
  }
  return pooled;
}

/**
 * Network failures reject; any HTTP answer resolves, the caller judges the status. Plain HTTP goes
 * straight to a socket (src/net/http1-pool.ts); HTTPS (AWS's own endpoints) through fetch.
 */
export async function sendAwsRequest(req: AwsRequest, credentials: EventCredentials): Promise<AwsResponse> {
  const headers = signedHeaders(req, credentials, new Date());
  const body = req.method === 'GET' ? undefined : req.body;
  if (req.endpoint.startsWith('http://')) {
    const { pool, basePath } = poolFor(req.endpoint);
    let head = `${req.method} ${basePath}${req.path} HTTP/1.1\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    const res = await pool.request(head, body === undefined ? undefined : Buffer.from(body), false);
    return { status: res.status, text: Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength).toString('utf8') };
  }
  delete headers.host; // fetch sets it from the URL
  const response = await fetch(req.endpoint + req.path, { method: req.method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, text: await response.text() };
}
