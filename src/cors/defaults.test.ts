import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { defaultHeaders, isDefaultOrigin, isRequestOriginAllowed } from './defaults.ts';

const headers = (h: Record<string, string>): Headers => new Headers(h);

describe('isDefaultOrigin', () => {
  it('allows LocalStack\'s web app, its local names on every GATEWAY_LISTEN port, and local website hosts', () => {
    const c = loadConfig({ GATEWAY_LISTEN: '0.0.0.0:4566,[::]:4510' });
    for (const o of ['https://app.localstack.cloud', 'file://', 'http://localhost:4566', 'https://localhost.localstack.cloud:4510',
      'http://site.s3-website.localhost.localstack.cloud:4566', 'http://site.s3-website.localhost.localstack.cloud']) {
      expect(isDefaultOrigin(o, c), o).toBe(true);
    }
    for (const o of ['http://localhost:4567', 'http://localhost', 'https://example.com', 'http://site.s3-website.example.com:4566', 'null']) {
      expect(isDefaultOrigin(o, c), o).toBe(false);
    }
  });

  it('adds EXTRA_CORS_ALLOWED_ORIGINS, `*` allowing every origin', () => {
    expect(isDefaultOrigin('https://app.test', loadConfig({ EXTRA_CORS_ALLOWED_ORIGINS: 'https://app.test' }))).toBe(true);
    expect(isDefaultOrigin('https://other.test', loadConfig({ EXTRA_CORS_ALLOWED_ORIGINS: 'https://app.test' }))).toBe(false);
    expect(isDefaultOrigin('https://other.test', loadConfig({ EXTRA_CORS_ALLOWED_ORIGINS: '*' }))).toBe(true);
  });

  it('checks a Referer\'s origin when there is no Origin, and lets requests with neither through', () => {
    const c = loadConfig({});
    expect(isRequestOriginAllowed(headers({ referer: 'http://localhost:4566/app/page?x=1' }), c)).toBe(true);
    expect(isRequestOriginAllowed(headers({ referer: 'https://evil.test/page' }), c)).toBe(false);
    expect(isRequestOriginAllowed(headers({}), c)).toBe(true);
  });
});

describe('defaultHeaders', () => {
  it('adds EXTRA_CORS_ALLOWED_HEADERS and EXTRA_CORS_EXPOSE_HEADERS to LocalStack\'s lists', () => {
    const h = defaultHeaders('http://localhost:4566', 'x-req', loadConfig({ EXTRA_CORS_ALLOWED_HEADERS: 'x-extra', EXTRA_CORS_EXPOSE_HEADERS: 'x-exposed' }).cors);
    expect(h['Access-Control-Allow-Headers']).toMatch(/^x-req,authorization,.*,x-amz-log-type,x-extra$/);
    expect(h['Access-Control-Expose-Headers']).toBe('etag,x-amz-version-id,x-amz-log-result,x-amz-executed-version,x-amz-function-error,x-exposed');
    expect(h['Access-Control-Allow-Credentials']).toBe('true');
  });

  it('answers `*` without credentials under DISABLE_CORS_CHECKS', () => {
    const h = defaultHeaders('https://any.test', null, loadConfig({ DISABLE_CORS_CHECKS: '1' }).cors);
    expect(h['Access-Control-Allow-Origin']).toBe('*');
    expect(h['Access-Control-Allow-Credentials']).toBeUndefined();
  });
});
