/**
 * Request-time CORS for S3: a bucket's CORS rules (PutBucketCors) decide preflight answers and the
 * Access-Control-* headers of cross-origin requests; without rules, LocalStack's default local
 * origins (localhost and *.localhost.localstack.cloud on the gateway port, app.localstack.cloud)
 * still get its default headers, so browser apps pointed at the emulator work. LocalStack's
 * DISABLE_CUSTOM_CORS_S3 hands everything to its gateway's CORS instead (gateway.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 */
import type { Config } from '../config.ts';
import type { CORSRule } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { toHeaderValue } from '../protocol/wire-values.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import { wildcardMatches } from './wildcard.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import { gatewayCors } from './gateway.ts';
import { defaultHeaders, isDefaultOrigin } from './defaults.ts';

const NOT_ALLOWED = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

export interface CorsOutcome {
  /** A finished answer: to an OPTIONS preflight (or the error it gets), or the gateway's refusal. */
  readonly preflight?: Response | S3Error;
  /** Headers to add to the response of a cross-origin request. */
  readonly headers?: Record<string, string>;
}

/**
 * Every requested header must match an AllowedHeader, case aside; one `*` covers a family, as
 * `x-amz-*` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html).
 */
function headersAllowed(allowedHeaders: readonly string[] | undefined, requestedHeaders: string): boolean {
  const allowed = (allowedHeaders ?? []).map((h) => h.toLowerCase());
  if (allowed.includes('*')) return true;
  const exact = new Set(allowed);
  const patterns = allowed.filter((h) => h.includes('*'));
  return requestedHeaders.toLowerCase().split(',').every((raw) => {
    const h = raw.trim();
    return exact.has(h) || patterns.some((p) => wildcardMatches(p, h));
  });
}

/** The first rule allowing this origin, method (or preflight's requested method) and requested headers. */
export function matchRule(rules: readonly CORSRule[], origin: string, method: string, requestedHeaders: string | null): CORSRule | undefined {
  return rules.find((rule) => {
    if (!rule.AllowedMethods.includes(method)) return false;
    if (!rule.AllowedOrigins.includes('*') && !rule.AllowedOrigins.some((o) => wildcardMatches(o, origin))) return false;
    return requestedHeaders === null || requestedHeaders.trim() === '' || headersAllowed(rule.AllowedHeaders, requestedHeaders);
  });
}

function ruleHeaders(rule: CORSRule, origin: string, requested: string | null): Record<string, string> {
  const wildcard = rule.AllowedOrigins.includes('*');
  const h: Record<string, string> = {
    'Access-Control-Allow-Origin': wildcard ? '*' : origin,
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    'Access-Control-Allow-Methods': rule.AllowedMethods.join(', '),
  };
  if (!wildcard) h['Access-Control-Allow-Credentials'] = 'true';
  if (requested !== null && requested.trim() !== '') h['Access-Control-Allow-Headers'] = requested.split(',').map((x) => x.trim().toLowerCase()).join(', ');
  // ExposeHeader is free text in the rule (methods are checked when it is stored).
  if (rule.ExposeHeaders !== undefined && rule.ExposeHeaders.length > 0) h['Access-Control-Expose-Headers'] = toHeaderValue(rule.ExposeHeaders.join(', '));
  if (rule.MaxAgeSeconds !== undefined) h['Access-Control-Max-Age'] = String(rule.MaxAgeSeconds);
  return h;
}

function forbidden(message: string, method: string, resourceType: string): S3Error {
  return new S3Error('AccessForbidden', { message, fields: { Method: method, ResourceType: resourceType } });
}

const emptyPreflight = (headers: Record<string, string>): Response => new Response(null, { status: 200, headers });

/** Runs before routing: OPTIONS requests end here; other cross-origin requests get headers to add. */
export function evaluateCors(request: AppRequest, state: MetadataStore, config: Config, bucketName: string | undefined): CorsOutcome {
  // DISABLE_CUSTOM_CORS_S3: bucket rules are not applied, the gateway's defaults are (as LocalStack).
  if (config.cors.disableCustomS3) return gatewayCors(request, config);
  const isOptions = request.method === 'OPTIONS';
  const origin = request.headers.get('origin');
  if (origin === null) {
    return isOptions ? { preflight: new S3Error('BadRequest') } : {};
  }
  const requestedMethod = request.headers.get('access-control-request-method');
  const requestedHeaders = request.headers.get('access-control-request-headers');
  const bucket = bucketName !== undefined ? state.getBucket(bucketName) : undefined;
  const rules = bucket?.configs.cors?.CORSRules;
  if (rules === undefined) {
    if (isDefaultOrigin(origin, config)) {
      const headers = defaultHeaders(origin, requestedHeaders, config.cors);
      return isOptions ? { preflight: emptyPreflight(headers) } : { headers };
    }
    if (!isOptions) return {};
    const message = bucket === undefined ? 'CORSResponse: Bucket not found' : 'CORSResponse: CORS is not enabled for this bucket.';
    return { preflight: forbidden(message, requestedMethod ?? 'OPTIONS', 'BUCKET') };
  }
  const rule = matchRule(rules, origin, requestedMethod ?? request.method, requestedHeaders);
  if (rule === undefined) return isOptions ? { preflight: forbidden(NOT_ALLOWED, requestedMethod ?? 'OPTIONS', 'OBJECT') } : {};
  const headers = ruleHeaders(rule, origin, requestedHeaders);
  return isOptions ? { preflight: emptyPreflight(headers) } : { headers };
}
