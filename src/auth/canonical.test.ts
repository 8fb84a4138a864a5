import { describe, expect, it } from 'vitest';
import { canonicalPath } from './canonical.ts';

describe('canonicalPath', () => {
  it('decodes and re-encodes each segment once, keeping empty segments and encoded slashes as slashes', () => {
    expect(canonicalPath('')).toBe('/');
    expect(canonicalPath('/b/a%20b+c/%7Ex')).toBe('/b/a%20b%2Bc/~x');
    expect(canonicalPath('/b//k/')).toBe('/b//k/');
    expect(canonicalPath('/%2Fbucket/temp.txt')).toBe('//bucket/temp.txt');
    expect(canonicalPath('/b/%252F')).toBe('/b/%252F');
  });
});
