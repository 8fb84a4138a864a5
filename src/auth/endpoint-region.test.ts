import { describe, expect, it } from 'vitest';
import { endpointRegion } from './endpoint-region.ts';

describe('endpointRegion', () => {
  it('reads the region of regional S3 endpoints, virtual-hosted, path-style and dual-stack', () => {
    expect(endpointRegion('s3.eu-west-1.amazonaws.com')).toBe('eu-west-1');
    expect(endpointRegion('my.bucket.s3.us-west-2.localhost.localstack.cloud:4566')).toBe('us-west-2');
    expect(endpointRegion('b.s3.dualstack.ap-south-1.amazonaws.com')).toBe('ap-south-1');
  });

  it('names no region for global and local endpoints, or a bucket merely called s3', () => {
    for (const host of ['s3.amazonaws.com', 'localhost:4566', 's3.localhost.localstack.cloud:4566', 'b.s3.localhost.localstack.cloud', 's3.not-a-region.example', null]) {
      expect(endpointRegion(host), String(host)).toBeUndefined();
    }
  });
});
