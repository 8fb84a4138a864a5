import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { bucketLocation, objectLocation, postObjectLocation } from './location.ts';

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

describe('postObjectLocation', () => {
  it('form-encodes the key as AWS does for a browser upload: / as %2F, space as +, UTF-8 escaped', () => {
    const ctx = { config: loadConfig({}), scheme: 'https' as const };
    expect(postObjectLocation(ctx, 'b', 'uploads/image.jpg')).toBe('https://b.s3.localhost.localstack.cloud:4566/uploads%2Fimage.jpg');
    expect(postObjectLocation(ctx, 'b', 'président.jpg')).toBe('https://b.s3.localhost.localstack.cloud:4566/pr%C3%A9sident.jpg');
    expect(postObjectLocation(ctx, 'b', "I have {x}~!'()*-._+&=.txt")).toBe('https://b.s3.localhost.localstack.cloud:4566/I+have+%7Bx%7D%7E%21%27%28%29*-._%2B%26%3D.txt');
    expect(postObjectLocation({ config: loadConfig({ LOCALSTACK_HOST: 'foobar:4566' }), scheme: 'http' }, 'b', 'a/b')).toBe('http://foobar:4566/b/a%2Fb');
  });
});
