import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { objectLocation } from './location.ts';

describe('objectLocation', () => {
  it('is virtual-hosted under the default domain and path-style under a custom LOCALSTACK_HOST', () => {
    expect(objectLocation(loadConfig({}), 'b', 'dir/a b*.txt')).toBe('http://b.s3.localhost.localstack.cloud:4566/dir/a%20b%2A.txt');
    expect(objectLocation(loadConfig({ LOCALSTACK_HOST: 'foobar:4566' }), 'b', 'k')).toBe('http://foobar:4566/b/k');
  });
});
