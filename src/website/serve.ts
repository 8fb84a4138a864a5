/**
 * Static website endpoints: a request whose Host is `<bucket>.s3-website.<domain>` (or AWS's
 * `<bucket>.s3-website-<region>.amazonaws.com`) gets the bucket's objects served as web pages:
 * index documents, the error document, RedirectAllRequestsTo, routing rules and per-object
 * x-amz-website-redirect-location, as https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html
 * describes. Errors are HTML pages, as AWS writes them, not XML. GET and HEAD only.
 */
import { anonymousMayRead } from '../authz/index.ts';
import { log as rootLog } from '../log.ts';
import type { RoutingRule, WebsiteConfiguration } from '../protocol/generated/types.ts';
import { decodePercent, rawPath } from '../protocol/addressing.ts';
import { hostIdFor } from '../protocol/serialize.ts';
import { bodyResponse } from '../protocol/response-body.ts';
import { formatHttpDate, toHeaderValue } from '../protocol/wire-values.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import type { HandlerDeps } from '../core/handler.ts';
import { newRequestId } from '../core/request-id.ts';
import type { AppRequest } from '../protocol/app-request.ts';

const log = rootLog.withTag('s3-website');
const WEBSITE_HOST = /^([^:]+)\.s3-website[.-]/i;
const HTML = 'text/html; charset=utf-8';
const NO_SUCH_KEY = 'The specified key does not exist.';

/** The bucket a website-endpoint Host names, or undefined for any other host. */
export function websiteBucketOf(host: string | null): string | undefined {
  // Checked on every request: one case-insensitive match, no copies of the header.
  return host === null ? undefined : WEBSITE_HOST.exec(host)?.[1]?.toLowerCase();
}

interface Page {
  readonly status: number;
  readonly title: string;
  /** `<li>` lines: [label, value]. */
  readonly items: readonly (readonly [string, string])[];
  /** The key of a configured error document that could not be read. */
  readonly missingErrorDocument?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function list(items: readonly (readonly [string, string])[]): string {
  return `<ul>\n${items.map(([k, v]) => `<li>${k}: ${escapeHtml(v)}</li>\n`).join('')}</ul>\n`;
}

export function renderPage(page: Page): string {
  const nested = page.missingErrorDocument === undefined ? '' : '<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n'
    + list([['Code', 'NoSuchKey'], ['Message', NO_SUCH_KEY], ['Key', page.missingErrorDocument]]);
  return `<html>\n<head><title>${page.title}</title></head>\n<body>\n<h1>${page.title}</h1>\n${list(page.items)}${nested}<hr/>\n</body>\n</html>\n`;
}

class Site {
  readonly requestId = newRequestId();

  constructor(private readonly deps: HandlerDeps, private readonly request: AppRequest, private readonly url: URL) {}

  /** `extra` holds stored values (redirect locations, keys, content types): made safe as headers. */
  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { 'x-amz-request-id': this.requestId, 'x-amz-id-2': hostIdFor(this.requestId), Server: 'AmazonS3' };
    for (const [name, value] of Object.entries(extra)) headers[name] = toHeaderValue(value);
    return headers;
  }

  /** With S3_ENFORCE_ACCESS a website serves only objects anonymous callers may read, as AWS's endpoints do. */
  readable(bucket: Bucket, key: string, obj: S3Object): boolean {
    return !this.deps.config.enforceAccess || anonymousMayRead(this.deps.state, bucket, key, obj, this.request.headers, new Date());
  }

  page(page: Page): Response {
    const ids: (readonly [string, string])[] = [['RequestId', this.requestId], ['HostId', hostIdFor(this.requestId)]];
    const html = renderPage({ ...page, items: [...page.items, ...ids] });
    return new Response(this.request.method === 'HEAD' ? null : html, { status: page.status, headers: this.headers({ 'Content-Type': HTML }) });
  }

  notFound(code: string, message: string, item: readonly [string, string], missingErrorDocument?: string): Response {
    return this.page({
      status: 404, title: '404 Not Found', items: [['Code', code], ['Message', message], item],
      ...(missingErrorDocument !== undefined ? { missingErrorDocument } : {}),
    });
  }

  redirect(location: string, status = 301): Response {
    return new Response(null, { status, headers: this.headers({ Location: location }) });
  }

  /** The request's URL with another path (and optionally host and scheme). */
  urlWith(path: string, host = this.url.host, protocol = this.url.protocol.replace(':', '')): string {
    return `${protocol}://${host}${path}${this.url.search}`;
  }

  async object(obj: S3Object, status: number): Promise<Response> {
    const ifNoneMatch = this.request.headers.get('if-none-match');
    if (status === 200 && ifNoneMatch !== null && ifNoneMatch.includes(obj.etag)) {
      return new Response(null, { status: 304, headers: this.headers({ ETag: obj.etag }) });
    }
    const headers = this.headers({
      'Content-Type': obj.system.contentType ?? 'binary/octet-stream',
      ETag: obj.etag,
      'Last-Modified': formatHttpDate(obj.lastModified),
    });
    if (this.request.method === 'HEAD' || obj.blob === undefined) {
      return new Response(null, { status, headers: { ...headers, 'Content-Length': String(obj.size) } });
    }
    const body = await this.deps.blobs.readBody(obj.blob);
    return bodyResponse(body, { status, headers });
  }
}

function latest(bucket: Bucket, key: string): S3Object | undefined {
  const obj = bucket.objects.getLatest(key);
  return obj === undefined || obj.isDeleteMarker ? undefined : obj;
}

/** The first rule matching the key (and, when given, the error code), as AWS evaluates them in order. */
export function matchingRule(rules: readonly RoutingRule[], key: string, errorCode?: number): RoutingRule | undefined {
  for (const rule of rules) {
    const condition = rule.Condition;
    if (condition === undefined) return rule;
    const prefix = condition.KeyPrefixEquals;
    const code = condition.HttpErrorCodeReturnedEquals;
    const prefixMatches = prefix !== undefined && prefix !== '' && key.startsWith(prefix);
    const codeMatches = code !== undefined && code !== '' && errorCode === Number(code);
    if (prefix && code) {
      if (prefixMatches && codeMatches) return rule;
    } else if (prefixMatches || codeMatches) {
      return rule;
    }
  }
  return undefined;
}

function ruleRedirect(site: Site, rule: RoutingRule, key: string): Response {
  const r = rule.Redirect;
  let path = `/${key}`;
  if (r.ReplaceKeyWith !== undefined) path = `/${r.ReplaceKeyWith}`;
  else if (r.ReplaceKeyPrefixWith !== undefined) {
    const prefix = rule.Condition?.KeyPrefixEquals ?? '';
    path = `/${r.ReplaceKeyPrefixWith}${key.startsWith(prefix) ? key.slice(prefix.length) : key}`;
  }
  const status = r.HttpRedirectCode !== undefined && /^3\d\d$/.test(r.HttpRedirectCode) ? Number(r.HttpRedirectCode) : 301;
  return site.redirect(site.urlWith(path, r.HostName, r.Protocol), status);
}

async function errorDocument(site: Site, bucket: Bucket, config: WebsiteConfiguration, missing: string): Promise<Response> {
  const errorKey = config.ErrorDocument?.Key;
  if (errorKey === undefined) return site.notFound('NoSuchKey', NO_SUCH_KEY, ['Key', missing]);
  const doc = latest(bucket, errorKey);
  if (doc === undefined) return site.notFound('NoSuchKey', NO_SUCH_KEY, ['Key', missing], errorKey);
  const redirect = doc.system.websiteRedirectLocation;
  return redirect !== undefined ? site.redirect(redirect) : site.object(doc, 404);
}

async function serve(site: Site, bucket: Bucket, config: WebsiteConfiguration, target: string): Promise<Response> {
  const all = config.RedirectAllRequestsTo;
  if (all !== undefined) return site.redirect(site.urlWith(rawPath(target), all.HostName, all.Protocol));
  const path = decodePercent(rawPath(target)).slice(1);
  const rules = config.RoutingRules ?? [];
  // Prefix rules apply before the lookup (and so win over an object's own redirect); not for the root.
  const early = path === '' ? undefined : matchingRule(rules, path);
  if (early !== undefined) return ruleRedirect(site, early, path);
  const suffix = config.IndexDocument?.Suffix ?? 'index.html';
  const folder = path === '' || path.endsWith('/');
  const key = folder ? `${path}${suffix}` : path;
  const obj = latest(bucket, key);
  if (obj === undefined) {
    // `/dir` names a folder when `dir/<suffix>` exists: AWS redirects to `/dir/`.
    if (!folder && latest(bucket, `${key}/${suffix}`) !== undefined) return site.redirect(`/${key}/`, 302);
    const onError = matchingRule(rules, key, 404);
    if (onError !== undefined) return ruleRedirect(site, onError, key);
    return errorDocument(site, bucket, config, key);
  }
  if (!site.readable(bucket, key, obj)) {
    return site.page({ status: 403, title: '403 Forbidden', items: [['Code', 'AccessDenied'], ['Message', 'Access Denied']] });
  }
  const redirect = obj.system.websiteRedirectLocation;
  return redirect !== undefined ? site.redirect(redirect) : site.object(obj, 200);
}

/** `target` is the request-target as sent (see handleS3). */
export async function serveWebsite(deps: HandlerDeps, request: AppRequest, url: URL, target: string, bucketName: string): Promise<Response> {
  const site = new Site(deps, request, url);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return site.page({
      status: 405, title: '405 Method Not Allowed',
      items: [['Code', 'MethodNotAllowed'], ['Message', 'The specified method is not allowed against this resource.'], ['Method', request.method.toUpperCase()], ['ResourceType', 'OBJECT']],
    });
  }
  const bucket = deps.state.getBucket(bucketName);
  if (bucket === undefined) return site.notFound('NoSuchBucket', 'The specified bucket does not exist', ['BucketName', bucketName]);
  const config = bucket.configs.website;
  if (config === undefined) {
    return site.notFound('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', ['BucketName', bucketName]);
  }
  try {
    return await serve(site, bucket, config, target);
  } catch (e) {
    log.error(`internal error serving the website of ${bucketName} (${site.requestId}):`, e);
    return new Response('<html>\n<head><title>500 Service Error</title></head>\n<body>\n<h1>500 Service Error</h1>\n<hr/>\n</body>\n</html>\n', {
      status: 500, headers: { 'Content-Type': HTML },
    });
  }
}
