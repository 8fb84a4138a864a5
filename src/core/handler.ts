/**
 * The request pipeline: Request -> Response, in numbered steps. No Bun APIs here, so tests can call
 * it in-process and any runtime adapter can serve it.
 */
import { log as rootLog } from '../log.ts';
import { accountIdFor, chunkVerifierFor, parseAuth, regionFromAuth, secretLookupFor, verifySignature } from '../auth/index.ts';
import type { Config } from '../config.ts';
import { rawPath, resolveAddress, virtualHostBucket } from '../protocol/addressing.ts';
import { decodeRequestBody } from '../protocol/request-body.ts';
import { deserializeInput } from '../protocol/deserialize.ts';
import type { OperationName } from '../protocol/generated/types.ts';
import { matchOperation } from '../protocol/router.ts';
import { S3Error, isS3Error } from '../protocol/s3-error.ts';
import { hostIdFor, serializeError, serializeOutput } from '../protocol/serialize.ts';
import { runOperation } from '../ops/registry.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import { withPresignedHeaders } from '../auth/presigned-headers.ts';
import { runAuthorized } from '../authz/index.ts';
import type { BlobStore } from '../storage/types.ts';
import { secondNow } from './clock.ts';
import { fromStorageError } from './storage-errors.ts';
import type { RequestContext } from './context.ts';
import { evaluateCors } from '../cors/evaluate.ts';
import { bucketlessCors } from '../cors/gateway.ts';
import { newRequestId } from './request-id.ts';
import type { RequestLog } from './request-log.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import type { EventNotifier } from '../events/notifier.ts';
import type { Replicator } from '../replication/replicator.ts';

export interface HandlerDeps {
  readonly config: Config;
  readonly state: MetadataStore;
  readonly blobs: BlobStore;
  /** Absent when requests are not logged (LOG_LEVEL warn or error, tests): one check per request. */
  readonly requestLog?: RequestLog | undefined;
  /** Bucket event notifications (src/events/): validated before their Put, emitted after each success. */
  readonly events?: EventNotifier | undefined;
  /** Bucket replication (src/replication/): writes mark and queue versions, copied off the request path. */
  readonly replication?: Replicator | undefined;
}

const log = rootLog.withTag('s3');

/** `target` is the request-target as sent: keys keep their `.`, `..` and `//` segments. */
export async function handleS3(deps: HandlerDeps, request: AppRequest, url: URL, target: string): Promise<Response> {
  const requestId = newRequestId();
  // One configuration for the whole request, even if POST /_localstack/config replaces it meanwhile.
  const config = deps.config;
  const requestLog = deps.requestLog;
  const started = requestLog?.debug === true ? performance.now() : undefined;
  const method = request.method;
  let operation: OperationName | undefined;
  let bucket: string | undefined;
  let key: string | undefined;
  let corsHeaders: Record<string, string> | undefined;
  try {
    // 1. Addressing: bucket and key from Host (virtual-hosted) or path (path-style).
    const address = resolveAddress(target, request.headers.get('host'), config);
    bucket = address.bucket;
    key = address.key;
    if (address.keyNotUtf8 === true) throw new S3Error('InvalidURI');
    // 1b. CORS: preflights end here; cross-origin requests get Access-Control-* headers added.
    const cors = evaluateCors(request, deps.state, config, bucket);
    corsHeaders = cors.headers;
    if (cors.preflight instanceof Response) {
      const preflight = withRequestIds(cors.preflight, requestId);
      requestLog?.write(request, preflight, { path: rawPath(target), bucket, key, requestId, started });
      return preflight;
    }
    if (cors.preflight !== undefined) throw cors.preflight;
    // 2. Routing: the operation from method, bucket/key presence, query keys and headers (including
    //    those a presigned URL carries as query parameters).
    const query = url.searchParams;
    const headers = withPresignedHeaders(url, request.headers);
    operation = matchOperation({ method, bucket, key, query, headers });
    if (operation === undefined) throw methodNotAllowed(method, bucket, key);
    // 2b. ListBuckets and CreateBucket from a browser meet LocalStack's gateway CORS check.
    if ((operation === 'ListBuckets' || operation === 'CreateBucket') && !config.cors.disableCustomS3) {
      const gate = bucketlessCors(request, config);
      if (gate !== undefined) corsHeaders = gate.headers;
      if (gate?.preflight !== undefined) {
        const refused = withRequestIds(gate.preflight, requestId);
        requestLog?.write(request, refused, { operation, bucket, key, requestId, started });
        return refused;
      }
    }
    // 3. Identity: account from the access key, region from the credential scope; signatures are
    //    checked (before the body is touched) only when S3_SKIP_SIGNATURE_VALIDATION is off.
    const now = secondNow();
    const auth = parseAuth(method, url, request.headers);
    const validate = !config.skipSignatureValidation;
    const secrets = secretLookupFor(config.credentials, config.internalResourceAccount);
    if (validate) verifySignature(request, auth, secrets, now, { virtualHostBucket: virtualHostOf(request, config), path: rawPath(target) });
    const accountId = accountIdFor(auth?.accessKeyId, config.credentials);
    const region = regionFromAuth(auth, config.defaultRegion, config.allowNonstandardRegions);
    // 4. Body: aws-chunked framing removed, trailers exposed (chunk signatures checked when validating).
    const body = decodeRequestBody(request, headers, validate
      ? { chunkVerifier: chunkVerifierFor(auth, headers, secrets), verifyPayloadSha256: true }
      : {});
    const ctx: RequestContext = {
      requestId, config, state: deps.state, blobs: deps.blobs,
      accountId, region, method, headers, query, bucket, key, body, now,
      scheme: url.protocol === 'https:' || config.useSsl ? 'https' : 'http',
      replication: deps.replication,
    };
    // 5. Input from the model, 6. the operation (authorised first when S3_ENFORCE_ACCESS is on:
    //    src/authz/), 7. output to the wire.
    const parsed = deserializeInput(operation, { bucket, key, query, headers, body });
    const input = parsed instanceof Promise ? await parsed : parsed;
    const checked = deps.events?.before(operation, ctx, input);
    if (checked !== undefined) await checked;
    const output = config.enforceAccess ? await runAuthorized(operation, ctx, input, auth) : await runOperation(operation, ctx, input);
    // 6b. Events of the operation are queued for delivery, off the request's path.
    deps.events?.emit(operation, ctx, input, output);
    const response = serializeOutput(operation, output, requestId);
    requestLog?.write(request, response, { operation, bucket, key, requestId, started });
    return withHeaders(response, corsHeaders);
  } catch (e) {
    const err = fromStorageError(e, bucket);
    const response = withHeaders(errorResponse(err, requestId, method, operation), corsHeaders);
    requestLog?.write(request, response, {
      operation, path: operation === undefined ? rawPath(target) : undefined, bucket, key, requestId, started,
      errorCode: isS3Error(err) ? err.code : 'InternalError',
    });
    return response;
  }
}

function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  if (headers !== undefined) for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

function withRequestIds(response: Response, requestId: string): Response {
  response.headers.set('x-amz-request-id', requestId);
  response.headers.set('x-amz-id-2', hostIdFor(requestId));
  response.headers.set('Server', 'AmazonS3');
  return response;
}

function virtualHostOf(request: AppRequest, config: Config): string | undefined {
  const host = request.headers.get('host');
  return host !== null && config.virtualHosting ? virtualHostBucket(host, config.hostname) : undefined;
}

function methodNotAllowed(method: string, bucket: string | undefined, key: string | undefined): S3Error {
  const resourceType = key !== undefined ? 'OBJECT' : bucket !== undefined ? 'BUCKET' : 'SERVICE';
  return new S3Error('MethodNotAllowed', {
    fields: {
      Method: method,
      ResourceType: resourceType,
    },
  });
}

/** Anything that is not an S3Error is our bug: log it and answer InternalError, never crash. */
export function errorResponse(e: unknown, requestId: string, method: string, operation?: string): Response {
  let err: S3Error;
  if (isS3Error(e)) {
    err = e;
  } else {
    log.error(`internal error in ${operation ?? 'request'} (${requestId}):`, e);
    err = new S3Error('InternalError');
  }
  return serializeError(err, requestId, { head: method === 'HEAD' });
}
