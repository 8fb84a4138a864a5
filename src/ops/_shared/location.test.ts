import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { bucketLocation, objectLocation } from './location.ts';

describe('objectLocation', () => {
  it('is virtual-hosted under the default domain and path-style under a custom LOCALSTACK_HOST', () => {
    expect(objectLocation({ config: loadConfig({}), scheme: 'http' }, 'b', 'dir/a b*.txt')).toBe('http://b.s3.localhost.localstack.cloud:4566/dir/a%20b%2A.txt');
    expect(objectLocation({ config: loadConfig({ LOCALSTACK_HOST: 'foobar:4566' }), scheme: 'http' }, 'b', 'k')).toBe('http://foobar:4566/b/k');
  });

  it('carries the request\'s scheme', () => {
    expect(objectLocation({ config: loadConfig({}), scheme: 'https' }, 'b', 'k')).toBe('https://b.s3.localhost.localstack.cloud:4566/k');
    expect(bucketLocation({ config: loadConfig({ LOCALSTACK_HOST: 'foobar' }), scheme: 'https' }, 'b')).toBe('https://foobar:4566/b/');
  });
});
