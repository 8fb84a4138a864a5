import { describe, expect, it } from 'vitest';
import { ROUTES } from './generated/routes.ts';
import { allowedMethods, matchOperation } from './router.ts';

type Case = [method: string, path: string, expected: string | undefined, headers?: Record<string, string>];

/** path: '/' service, '/b' bucket, '/b/k' object; the query follows '?'. */
function route(method: string, path: string, headers: Record<string, string> = {}): string | undefined {
  const [p = '', q = ''] = path.split('?', 2);
  const segs = p.split('/').filter((s) => s !== '');
  return matchOperation({
    method,
    bucket: segs[0],
    key: segs.length > 1 ? segs.slice(1).join('/') : undefined,
    query: new URLSearchParams(q),
    headers: new Headers(headers),
  });
}

const COPY = { 'x-amz-copy-source': '/src/key' };

const CASES: Case[] = [
  ['GET', '/', 'ListBuckets'],
  ['GET', '/?x-id=ListBuckets&max-buckets=10', 'ListBuckets'],
  ['PUT', '/b', 'CreateBucket'],
  ['HEAD', '/b', 'HeadBucket'],
  ['DELETE', '/b', 'DeleteBucket'],
  ['GET', '/b', 'ListObjects'],
  ['GET', '/b?prefix=a&delimiter=/', 'ListObjects'],
  ['GET', '/b?list-type=2', 'ListObjectsV2'],
  ['GET', '/b?list-type=2&continuation-token=x', 'ListObjectsV2'],
  ['GET', '/b?list-type=1', 'ListObjects'],
  ['GET', '/b?versions', 'ListObjectVersions'],
  ['GET', '/b?uploads', 'ListMultipartUploads'],
  ['GET', '/b?location', 'GetBucketLocation'],
  ['GET', '/b?versioning', 'GetBucketVersioning'],
  ['PUT', '/b?versioning', 'PutBucketVersioning'],
  ['GET', '/b?tagging', 'GetBucketTagging'],
  ['PUT', '/b?tagging', 'PutBucketTagging'],
  ['DELETE', '/b?tagging', 'DeleteBucketTagging'],
  ['GET', '/b?policy', 'GetBucketPolicy'],
  ['PUT', '/b?policy', 'PutBucketPolicy'],
  ['DELETE', '/b?policy', 'DeleteBucketPolicy'],
  ['GET', '/b?policyStatus', 'GetBucketPolicyStatus'],
  ['GET', '/b?cors', 'GetBucketCors'],
  ['PUT', '/b?cors', 'PutBucketCors'],
  ['DELETE', '/b?cors', 'DeleteBucketCors'],
  ['GET', '/b?lifecycle', 'GetBucketLifecycleConfiguration'],
  ['PUT', '/b?lifecycle', 'PutBucketLifecycleConfiguration'],
  ['DELETE', '/b?lifecycle', 'DeleteBucketLifecycle'],
  ['GET', '/b?notification', 'GetBucketNotificationConfiguration'],
  ['PUT', '/b?notification', 'PutBucketNotificationConfiguration'],
  ['GET', '/b?encryption', 'GetBucketEncryption'],
  ['PUT', '/b?encryption', 'PutBucketEncryption'],
  ['GET', '/b?acl', 'GetBucketAcl'],
  ['PUT', '/b?acl', 'PutBucketAcl'],
  ['GET', '/b?website', 'GetBucketWebsite'],
  ['GET', '/b?logging', 'GetBucketLogging'],
  ['GET', '/b?replication', 'GetBucketReplication'],
  ['GET', '/b?requestPayment', 'GetBucketRequestPayment'],
  ['GET', '/b?accelerate', 'GetBucketAccelerateConfiguration'],
  ['GET', '/b?ownershipControls', 'GetBucketOwnershipControls'],
  ['GET', '/b?publicAccessBlock', 'GetPublicAccessBlock'],
  ['GET', '/b?object-lock', 'GetObjectLockConfiguration'],
  ['PUT', '/b?object-lock', 'PutObjectLockConfiguration'],
  ['GET', '/b?analytics', 'ListBucketAnalyticsConfigurations'],
  ['GET', '/b?analytics&id=a', 'GetBucketAnalyticsConfiguration'],
  ['PUT', '/b?analytics&id=a', 'PutBucketAnalyticsConfiguration'],
  ['DELETE', '/b?analytics', 'DeleteBucketAnalyticsConfiguration'],
  ['GET', '/b?metrics&id=m', 'GetBucketMetricsConfiguration'],
  ['GET', '/b?inventory', 'ListBucketInventoryConfigurations'],
  ['GET', '/b?intelligent-tiering&id=i', 'GetBucketIntelligentTieringConfiguration'],
  ['POST', '/b?delete', 'DeleteObjects'],
  ['POST', '/b', 'PostObject', { 'content-type': 'multipart/form-data; boundary=x' }],
  ['POST', '/b', 'PostObject'],
  ['GET', '/b/k', 'GetObject'],
  ['GET', '/b/k?versionId=v&partNumber=1', 'GetObject'],
  ['GET', '/b/k?x-id=GetObject', 'GetObject'],
  ['HEAD', '/b/k', 'HeadObject'],
  ['PUT', '/b/k', 'PutObject'],
  ['PUT', '/b/k?x-id=PutObject', 'PutObject'],
  ['PUT', '/b/k', 'CopyObject', COPY],
  ['PUT', '/b/k?partNumber=1&uploadId=u', 'UploadPart'],
  ['PUT', '/b/k?partNumber=1&uploadId=u', 'UploadPartCopy', COPY],
  ['DELETE', '/b/k', 'DeleteObject'],
  ['DELETE', '/b/k?versionId=v', 'DeleteObject'],
  ['DELETE', '/b/k?uploadId=u', 'AbortMultipartUpload'],
  ['POST', '/b/k?uploads', 'CreateMultipartUpload'],
  ['POST', '/b/k?uploadId=u', 'CompleteMultipartUpload'],
  ['POST', '/b/k', undefined],
  ['GET', '/b/k?uploadId=u', 'ListParts'],
  ['GET', '/b/k?attributes', 'GetObjectAttributes', { 'x-amz-object-attributes': 'ETag' }],
  ['GET', '/b/k?attributes', 'GetObjectAttributes'],
  ['GET', '/b/k?tagging', 'GetObjectTagging'],
  ['PUT', '/b/k?tagging', 'PutObjectTagging'],
  ['PUT', '/b/k?tagging', 'PutObjectTagging', COPY],
  ['DELETE', '/b/k?tagging', 'DeleteObjectTagging'],
  ['GET', '/b/k?acl', 'GetObjectAcl'],
  ['PUT', '/b/k?acl', 'PutObjectAcl'],
  ['GET', '/b/k?retention', 'GetObjectRetention'],
  ['PUT', '/b/k?retention', 'PutObjectRetention'],
  ['GET', '/b/k?legal-hold', 'GetObjectLegalHold'],
  ['PUT', '/b/k?legal-hold', 'PutObjectLegalHold'],
  ['POST', '/b/k?restore', 'RestoreObject'],
  ['POST', '/b/k?select&select-type=2', 'SelectObjectContent'],
  ['GET', '/b/k?torrent', 'GetObjectTorrent'],
  ['PUT', '/b/k?renameObject', 'RenameObject'],
  ['GET', '/b/k?annotation', 'ListObjectAnnotations'],
  ['GET', '/b/k?annotation&annotationName=n', 'GetObjectAnnotation'],
  ['GET', '/b?session', 'CreateSession'],
  ['OPTIONS', '/b/k', undefined],
  ['PATCH', '/b', undefined],
  ['HEAD', '/', undefined],
  ['DELETE', '/', undefined],
];

describe('matchOperation', () => {
  it.each(CASES)('%s %s -> %s', (method, path, expected, headers) => {
    expect(route(method, path, headers)).toBe(expected);
  });

  it('covers at least 40 distinct operations', () => {
    expect(new Set(CASES.map((c) => c[2]).filter(Boolean)).size).toBeGreaterThanOrEqual(40);
  });

  it('accepts a lower-case method', () => {
    expect(route('get', '/b?list-type=2')).toBe('ListObjectsV2');
  });

  it('routes a key of "/" (from /b//) to object operations', () => {
    const op = matchOperation({ method: 'GET', bucket: 'b', key: '/', query: new URLSearchParams(), headers: new Headers() });
    expect(op).toBe('GetObject');
  });

  it('never routes to deprecated twins or S3 Express/Object Lambda operations', () => {
    const all = ROUTES.map((r) => r.operation);
    for (const op of ['GetBucketLifecycle', 'PutBucketNotification', 'ListDirectoryBuckets', 'WriteGetObjectResponse']) {
      expect(all).not.toContain(op);
    }
  });
});

describe('allowedMethods', () => {
  it('lists the methods of the service root', () => {
    expect(allowedMethods(undefined, undefined)).toEqual(['GET']);
  });
  it('lists the object methods', () => {
    expect(allowedMethods('b', 'k')).toEqual(['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);
  });
});
