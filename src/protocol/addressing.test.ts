import { describe, expect, it } from 'vitest';
import { decodePercent, rawPath, resolveAddress, virtualHostBucket } from './addressing.ts';

const OPTS = { virtualHosting: true, hostname: 'localhost.localstack.cloud' };

describe('resolveAddress: path style', () => {
  const at = (path: string, host = 'localhost:4566'): ReturnType<typeof resolveAddress> =>
    resolveAddress(new URL(`http://${host}${path}`), host, OPTS);

  it('answers no bucket for the service root', () => {
    expect(at('/')).toEqual({});
  });
  it('reads the bucket from the first segment', () => {
    expect(at('/my-bucket')).toEqual({ bucket: 'my-bucket' });
  });
  it('treats a trailing slash after the bucket as no key', () => {
    expect(at('/my-bucket/')).toEqual({ bucket: 'my-bucket' });
  });
  it('keeps slashes inside keys', () => {
    expect(at('/b/dir/sub/file.txt')).toEqual({ bucket: 'b', key: 'dir/sub/file.txt' });
  });
  it('keeps a double slash and a trailing slash as part of the key', () => {
    expect(at('/b//')).toEqual({ bucket: 'b', key: '/' });
    expect(at('/b/a//b/')).toEqual({ bucket: 'b', key: 'a//b/' });
  });
  it('decodes percent-encoding once and leaves + literal', () => {
    expect(at('/b/a+b%20c%2Bd')).toEqual({ bucket: 'b', key: 'a+b c+d' });
    expect(at('/b/100%2525')).toEqual({ bucket: 'b', key: '100%25' });
  });
  it('decodes unicode keys', () => {
    expect(at('/b/caf%C3%A9/%E2%9C%93')).toEqual({ bucket: 'b', key: 'café/✓' });
  });
  it('keeps dot segments when given the raw request target', () => {
    expect(resolveAddress('/b/a/../c/./d', 'localhost:4566', OPTS)).toEqual({ bucket: 'b', key: 'a/../c/./d' });
    expect(resolveAddress('http://localhost:4566/b/../k?acl', 'localhost:4566', OPTS)).toEqual({ bucket: 'b', key: '../k' });
  });
  it('stays path style for s3.localhost.localstack.cloud and arbitrary hosts', () => {
    expect(at('/b/k', 's3.localhost.localstack.cloud:4566')).toEqual({ bucket: 'b', key: 'k' });
    expect(at('/b/k', 'example.com')).toEqual({ bucket: 'b', key: 'k' });
    expect(at('/b/k', '127.0.0.1:4566')).toEqual({ bucket: 'b', key: 'k' });
  });
  it('keeps a bad percent escape as is instead of failing', () => {
    expect(at('/b/100%zz')).toEqual({ bucket: 'b', key: '100%zz' });
  });
});

describe('resolveAddress: virtual-hosted style', () => {
  const at = (host: string, path: string, virtualHosting = true): ReturnType<typeof resolveAddress> =>
    resolveAddress(new URL(`http://127.0.0.1${path}`), host, { ...OPTS, virtualHosting });

  it('reads the bucket from <b>.s3.localhost.localstack.cloud:4566', () => {
    expect(at('my-bucket.s3.localhost.localstack.cloud:4566', '/')).toEqual({ bucket: 'my-bucket' });
    expect(at('my-bucket.s3.localhost.localstack.cloud:4566', '/a/b')).toEqual({ bucket: 'my-bucket', key: 'a/b' });
  });
  it('reads the bucket from the regional form', () => {
    expect(at('b.s3.eu-west-1.localhost.localstack.cloud', '/k')).toEqual({ bucket: 'b', key: 'k' });
  });
  it('reads the bucket from AWS hostnames', () => {
    expect(at('b.s3.amazonaws.com', '/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(at('b.s3.us-west-2.amazonaws.com', '/k')).toEqual({ bucket: 'b', key: 'k' });
  });
  it('keeps dots in bucket names, even .s3.', () => {
    expect(at('my.bucket.s3.localhost.localstack.cloud', '/k')).toEqual({ bucket: 'my.bucket', key: 'k' });
    expect(at('x.s3.y.s3.localhost.localstack.cloud', '/k')).toEqual({ bucket: 'x.s3.y', key: 'k' });
  });
  it('keeps a leading slash of the key (//k)', () => {
    expect(at('b.s3.localhost.localstack.cloud', '//k')).toEqual({ bucket: 'b', key: '/k' });
  });
  it('stays path style for the bare regional endpoint', () => {
    expect(at('s3.eu-west-1.localhost.localstack.cloud:4566', '/b/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(at('s3.us-west-2.amazonaws.com', '/b/k')).toEqual({ bucket: 'b', key: 'k' });
  });
  it('falls back to path style when virtual hosting is off', () => {
    expect(at('b.s3.localhost.localstack.cloud', '/other/k', false)).toEqual({ bucket: 'other', key: 'k' });
  });
  it('answers each host by itself when hosts and configured domains alternate', () => {
    for (let i = 0; i < 3; i++) {
      expect(virtualHostBucket('a.s3.localhost.localstack.cloud:4566', 'localhost.localstack.cloud')).toBe('a');
      expect(virtualHostBucket('a.s3.localhost.localstack.cloud:4566', 'localhost.localstack.cloud')).toBe('a');
      expect(virtualHostBucket('127.0.0.1:4566', 'localhost.localstack.cloud')).toBeUndefined();
      expect(virtualHostBucket('x.s3.example.test', 'example.test')).toBe('x');
      expect(virtualHostBucket('x.y.s3.example.test', 'localhost.localstack.cloud')).toBe('x.y');
      expect(virtualHostBucket('x.y.s3.example.test', 'y.s3.example.test')).toBe('x.y');
    }
  });
  it('reads hosts case-insensitively, with or without a port, and needs a bucket before .s3.', () => {
    expect(virtualHostBucket('My.Bucket.S3.EU-WEST-1.LOCALHOST.LOCALSTACK.CLOUD:4566', 'localhost.localstack.cloud')).toBe('my.bucket');
    expect(virtualHostBucket('b.s3.eu-west-1.amazonaws.com:443', 'localhost.localstack.cloud')).toBe('b');
    expect(virtualHostBucket('.s3.localhost.localstack.cloud', 'localhost.localstack.cloud')).toBeUndefined();
    expect(virtualHostBucket('s3.localhost.localstack.cloud', 'localhost.localstack.cloud')).toBeUndefined();
    expect(virtualHostBucket('[::1]:4566', 'localhost.localstack.cloud')).toBeUndefined();
    expect(virtualHostBucket('b.s3.other.test:4566', '')).toBe('b');
  });
});

describe('rawPath', () => {
  it('cuts the query and the fragment', () => {
    expect(rawPath(new URL('http://h/b/k?x=1#f'))).toBe('/b/k');
    expect(rawPath('/b/k?uploads')).toBe('/b/k');
  });
  it('answers / for an authority without a path', () => {
    expect(rawPath('http://h')).toBe('/');
  });
});

describe('decodePercent', () => {
  it('decodes valid UTF-8 around an invalid byte', () => {
    expect(decodePercent('%C3%A9%FF')).toBe('é\uFFFD');
  });
});
