import { describe, expect, it } from 'vitest';
import { S3Error } from '../protocol/s3-error.ts';
import { withPresignedHeaders } from './presigned-headers.ts';

const V4 = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20260101%2Fus-east-1%2Fs3%2Faws4_request'
  + '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';
const V2 = 'AWSAccessKeyId=AK&Expires=1700000000&Signature=abc';

function hoist(query: string, headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(withPresignedHeaders(new URL(`http://h/b/k?${query}`), new Headers(headers)));
}

describe('withPresignedHeaders', () => {
  it('leaves requests that are not presigned alone', () => {
    const headers = new Headers({ a: '1' });
    expect(withPresignedHeaders(new URL('http://h/b/k?x-amz-meta-a=1&If-None-Match=*'), headers)).toBe(headers);
  });

  it('SigV4: takes x-amz-* and If-(None-)Match, never the auth parameters or unsigned checksums', () => {
    expect(hoist(`${V4}&If-None-Match=*&x-amz-meta-foo=bar&x-amz-checksum-crc32=AAAAAA%3D%3D&response-content-type=a`)).toEqual({
      'if-none-match': '*', 'x-amz-meta-foo': 'bar',
    });
    expect(hoist(`${V4.replace('SignedHeaders=host', 'SignedHeaders=host%3Bx-amz-checksum-crc32')}&x-amz-checksum-crc32=AAAAAA%3D%3D`))
      .toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==' });
  });

  it("SigV4: the URL's own x-amz-content-sha256 (which it signs) wins over the header sent", () => {
    const hash = 'a'.repeat(64);
    expect(hoist(`${V4}&X-Amz-Content-Sha256=${hash}`, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toEqual({ 'x-amz-content-sha256': hash });
    expect(hoist(`${V4}&x-amz-meta-a=url`, { 'x-amz-meta-a': 'sent' })).toEqual({ 'x-amz-meta-a': 'sent' });
  });

  it('SigV2: takes x-amz-*, Content-Type and Content-MD5; headers actually sent win', () => {
    expect(hoist(`${V2}&x-amz-meta-foo=bar&content-type=text%2Fplain&If-Match=x`, { 'x-amz-meta-foo': 'sent' })).toEqual({
      'x-amz-meta-foo': 'sent', 'content-type': 'text/plain',
    });
  });

  it('RFC 2047-encodes non-ASCII metadata and refuses other values outside ISO-8859-1', () => {
    expect(hoist(`${V2}&x-amz-meta-foo=${encodeURIComponent('a_—_é')}`)['x-amz-meta-foo']).toBe('=?UTF-8?Q?a=5F=E2=80=94=5F=C3=A9?=');
    let error: unknown;
    try {
      hoist(`${V2}&x-amz-copy-source=${encodeURIComponent('b/—')}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).message).toBe('Header value cannot be represented using ISO-8859-1.');
  });

  it('refuses a value with CR, LF or NUL, which no header can hold, and B-encodes such metadata', () => {
    for (const value of ['a\r\nx-injected: 1', 'a\nb', 'a\u0000b']) {
      let error: unknown;
      try {
        hoist(`${V4}&x-amz-website-redirect-location=${encodeURIComponent(value)}`);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(S3Error);
      expect((error as S3Error).code).toBe('InvalidArgument');
      expect((error as S3Error).fields).toEqual({ ArgumentName: 'x-amz-website-redirect-location', ArgumentValue: value });
    }
    expect(hoist(`${V4}&x-amz-meta-foo=${encodeURIComponent('a\r\nb')}`)['x-amz-meta-foo']).toBe('=?UTF-8?B?YQ0KYg==?=');
  });

  it('leaves parameters whose names are no header names in the query', () => {
    expect(hoist(`${V4}&${encodeURIComponent('x-amz-meta-a b')}=1&${encodeURIComponent('x-amz-a:b')}=2&x-amz-meta-ok=3`)).toEqual({ 'x-amz-meta-ok': '3' });
  });
});
