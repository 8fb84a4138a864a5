import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { parseAuth } from './parse.ts';

function parse(url: string, headers: Record<string, string> = {}) {
  return parseAuth('GET', new URL(url, 'http://localhost:4566'), new Headers(headers));
}

const parseError = (url: string): S3Error => thrown(S3Error, () => parse(url));

const V4_QUERY = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20250101%2Feu-west-1%2Fs3%2Faws4_request'
  + '&X-Amz-Date=20250101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-meta-a&X-Amz-Signature=abc';

describe('parseAuth: SigV4', () => {
  it('reads the Authorization header', () => {
    const auth = parse('/b/k', {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=f00d',
      'x-amz-date': '20250101T000000Z',
    });
    expect(auth).toEqual({
      kind: 'v4-header', accessKeyId: 'AKID', region: 'us-east-1', scope: '20250101/us-east-1/s3/aws4_request',
      signedHeaders: ['host', 'x-amz-date'], signature: 'f00d', date: '20250101T000000Z', expires: undefined, securityToken: undefined,
    });
  });

  it('accepts the header components without spaces after the commas', () => {
    const auth = parse('/', { authorization: 'AWS4-HMAC-SHA256 Credential=K/20250101/ap-south-1/s3/aws4_request,SignedHeaders=host,Signature=ab' });
    expect(auth).toMatchObject({ accessKeyId: 'K', region: 'ap-south-1', signedHeaders: ['host'], signature: 'ab' });
    expect(auth?.malformed).toBeUndefined();
  });

  it('flags a header without all three components but still yields the access key', () => {
    const auth = parse('/', { authorization: 'AWS4-HMAC-SHA256 Credential=K/20250101/us-east-1/s3/aws4_request' });
    expect(auth).toMatchObject({ accessKeyId: 'K', malformed: expect.stringContaining('Credential, SignedHeaders, and Signature') });
    expect(parse('/', { authorization: 'AWS4-HMAC-SHA256 Credential=K/x, SignedHeaders=host, Signature=a' })).toMatchObject({
      accessKeyId: 'K', malformed: expect.stringContaining('the Credential is mal-formed'),
    });
  });

  it('gives repeated headers from one client their own signature, date and token (the rest is parsed once)', () => {
    const head = 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=';
    const a = parse('/b/k', { authorization: `${head}aaaa`, 'x-amz-date': '20250101T000000Z' });
    const b = parse('/b/k', { authorization: `${head}bbbb`, 'x-amz-date': '20250101T000001Z', 'x-amz-security-token': 'tok' });
    expect(a).toMatchObject({ signature: 'aaaa', date: '20250101T000000Z', securityToken: undefined, signedHeaders: ['host', 'x-amz-date'] });
    expect(b).toMatchObject({ signature: 'bbbb', date: '20250101T000001Z', securityToken: 'tok', accessKeyId: 'AKID', region: 'us-east-1' });
    // A Signature that is not the last component is parsed in full every time.
    expect(parse('/', { authorization: 'AWS4-HMAC-SHA256 Signature=cc, Credential=K/20250101/us-east-1/s3/aws4_request, SignedHeaders=host' }))
      .toMatchObject({ accessKeyId: 'K', signature: 'cc', signedHeaders: ['host'] });
  });

  it('reads a presigned query', () => {
    expect(parse(`/b/k?${V4_QUERY}`)).toEqual({
      kind: 'v4-query', accessKeyId: 'AKID', region: 'eu-west-1', scope: '20250101/eu-west-1/s3/aws4_request',
      signedHeaders: ['host', 'x-amz-meta-a'], signature: 'abc', date: '20250101T000000Z', expires: '300', securityToken: undefined,
    });
  });

  it('refuses a presigned query missing any of its six parameters', () => {
    for (const param of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
      const partial = V4_QUERY.split('&').filter((p) => !p.startsWith(`${param}=`)).join('&');
      expect(parseError(`/b/k?${partial}`)).toMatchObject({
        code: 'AuthorizationQueryParametersError', status: 400,
        message: 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      });
    }
  });

  it('refuses a double-encoded X-Amz-Credential as mal-formed', () => {
    const url = `/b/k?${V4_QUERY.replaceAll('%2F', '%252F')}`;
    expect(parseError(url)).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      message: 'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    });
  });
});

describe('parseAuth: SigV2', () => {
  it('reads the Authorization header', () => {
    expect(parse('/b', { authorization: 'AWS AKID:c2lnbmF0dXJl+/=', date: 'Thu, 02 Jan 2025 03:04:05 GMT' })).toMatchObject({
      kind: 'v2-header', accessKeyId: 'AKID', region: undefined, signature: 'c2lnbmF0dXJl+/=', date: 'Thu, 02 Jan 2025 03:04:05 GMT',
    });
  });

  it('reads a presigned query, restoring a + that arrived unencoded', () => {
    expect(parse('/b/k?AWSAccessKeyId=AKID&Expires=1735787045&Signature=ab+c%2Bd%3D')).toMatchObject({
      kind: 'v2-query', accessKeyId: 'AKID', signature: 'ab+c+d=', expires: '1735787045',
    });
  });

  it('refuses a presigned query missing Signature, Expires or AWSAccessKeyId with AccessDenied', () => {
    for (const url of ['/b/k?AWSAccessKeyId=A&Expires=1', '/b/k?Signature=x', '/b/k?Expires=1&Signature=x']) {
      expect(parseError(url)).toMatchObject({
        code: 'AccessDenied', status: 403,
        message: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
      });
    }
  });
});

describe('parseAuth: no credentials', () => {
  it('returns null without Authorization header or presigned parameters', () => {
    expect(parse('/b/k?x-amz-meta=1')).toBeNull();
    expect(parse('/b/k', { authorization: 'Bearer token' })).toBeNull();
  });
});
