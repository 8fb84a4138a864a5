import { describe, expect, it } from 'vitest';
import { S3Error } from '../../protocol/s3-error.ts';
import { parseCopySource } from './copy-source.ts';

describe('parseCopySource', () => {
  it('reads bucket/key with a version, URL-decoded, with or without a leading slash or a URL before it', () => {
    expect(parseCopySource('b/a%20b+c.txt?versionId=v1')).toEqual({ bucket: 'b', key: 'a b c.txt', versionId: 'v1' });
    expect(parseCopySource('/b/dir/k')).toEqual({ bucket: 'b', key: 'dir/k' });
    expect(parseCopySource('http://localhost:4566/b/dir/k')).toEqual({ bucket: 'b', key: 'dir/k' });
  });

  it('rejects a source without a key', () => {
    for (const bad of ['b', 'b/', '/k', 'http://host/b']) expect(() => parseCopySource(bad), bad).toThrow(S3Error);
  });
});
