/**
 * Where each operation lives: the index a reader looks an operation up in. A group file exports
 * its operation table and nothing else; helpers belong in _shared/.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../protocol/generated/model.ts';
import type { OperationName } from '../protocol/generated/types.ts';
import { isImplemented } from './registry.ts';

const OPERATION_FILES: { readonly [K in OperationName]?: string } = {
  AbortMultipartUpload: 'ops/multipart.ts',
  CompleteMultipartUpload: 'ops/multipart-complete.ts',
  CopyObject: 'ops/copy.ts',
  CreateBucket: 'ops/bucket.ts',
  CreateMultipartUpload: 'ops/multipart.ts',
  DeleteBucket: 'ops/bucket.ts',
  DeleteBucketAnalyticsConfiguration: 'ops/bucket-config-ids.ts',
  DeleteBucketCors: 'cors/operations.ts',
  DeleteBucketEncryption: 'ops/bucket-config.ts',
  DeleteBucketIntelligentTieringConfiguration: 'ops/bucket-config-ids.ts',
  DeleteBucketInventoryConfiguration: 'ops/bucket-config-ids.ts',
  DeleteBucketLifecycle: 'ops/lifecycle.ts',
  DeleteBucketMetricsConfiguration: 'ops/bucket-config-ids.ts',
  DeleteBucketOwnershipControls: 'ops/bucket-config.ts',
  DeleteBucketPolicy: 'ops/bucket-config.ts',
  DeleteBucketReplication: 'ops/bucket-config.ts',
  DeleteBucketTagging: 'ops/tagging.ts',
  DeleteBucketWebsite: 'website/operations.ts',
  DeleteObject: 'ops/delete.ts',
  DeleteObjectTagging: 'ops/tagging.ts',
  DeleteObjects: 'ops/delete.ts',
  DeletePublicAccessBlock: 'ops/bucket-config.ts',
  GetBucketAccelerateConfiguration: 'ops/bucket-config.ts',
  GetBucketAcl: 'ops/acl.ts',
  GetBucketAnalyticsConfiguration: 'ops/bucket-config-ids.ts',
  GetBucketCors: 'cors/operations.ts',
  GetBucketEncryption: 'ops/bucket-config.ts',
  GetBucketIntelligentTieringConfiguration: 'ops/bucket-config-ids.ts',
  GetBucketInventoryConfiguration: 'ops/bucket-config-ids.ts',
  GetBucketLifecycleConfiguration: 'ops/lifecycle.ts',
  GetBucketLocation: 'ops/bucket.ts',
  GetBucketLogging: 'ops/bucket-config.ts',
  GetBucketMetricsConfiguration: 'ops/bucket-config-ids.ts',
  GetBucketNotificationConfiguration: 'ops/bucket-config.ts',
  GetBucketOwnershipControls: 'ops/bucket-config.ts',
  GetBucketPolicy: 'ops/bucket-config.ts',
  GetBucketPolicyStatus: 'ops/bucket-config.ts',
  GetBucketReplication: 'ops/bucket-config.ts',
  GetBucketRequestPayment: 'ops/bucket-config.ts',
  GetBucketTagging: 'ops/tagging.ts',
  GetBucketVersioning: 'ops/versioning.ts',
  GetBucketWebsite: 'website/operations.ts',
  GetObject: 'ops/object.ts',
  GetObjectAcl: 'ops/acl.ts',
  GetObjectAttributes: 'ops/object-attributes.ts',
  GetObjectLegalHold: 'ops/object-lock.ts',
  GetObjectLockConfiguration: 'ops/object-lock.ts',
  GetObjectRetention: 'ops/object-lock.ts',
  GetObjectTagging: 'ops/tagging.ts',
  GetPublicAccessBlock: 'ops/bucket-config.ts',
  HeadBucket: 'ops/bucket.ts',
  HeadObject: 'ops/object.ts',
  ListBucketAnalyticsConfigurations: 'ops/bucket-config-ids.ts',
  ListBucketIntelligentTieringConfigurations: 'ops/bucket-config-ids.ts',
  ListBucketInventoryConfigurations: 'ops/bucket-config-ids.ts',
  ListBucketMetricsConfigurations: 'ops/bucket-config-ids.ts',
  ListBuckets: 'ops/bucket.ts',
  ListMultipartUploads: 'ops/multipart-list.ts',
  ListObjectVersions: 'ops/versioning.ts',
  ListObjects: 'ops/list.ts',
  ListObjectsV2: 'ops/list.ts',
  ListParts: 'ops/multipart-list.ts',
  PostObject: 'ops/post-object.ts',
  PutBucketAccelerateConfiguration: 'ops/bucket-config.ts',
  PutBucketAcl: 'ops/acl.ts',
  PutBucketAnalyticsConfiguration: 'ops/bucket-config-ids.ts',
  PutBucketCors: 'cors/operations.ts',
  PutBucketEncryption: 'ops/bucket-config.ts',
  PutBucketIntelligentTieringConfiguration: 'ops/bucket-config-ids.ts',
  PutBucketInventoryConfiguration: 'ops/bucket-config-ids.ts',
  PutBucketLifecycleConfiguration: 'ops/lifecycle.ts',
  PutBucketLogging: 'ops/bucket-config.ts',
  PutBucketMetricsConfiguration: 'ops/bucket-config-ids.ts',
  PutBucketNotificationConfiguration: 'ops/bucket-config.ts',
  PutBucketOwnershipControls: 'ops/bucket-config.ts',
  PutBucketPolicy: 'ops/bucket-config.ts',
  PutBucketReplication: 'ops/bucket-config.ts',
  PutBucketRequestPayment: 'ops/bucket-config.ts',
  PutBucketTagging: 'ops/tagging.ts',
  PutBucketVersioning: 'ops/versioning.ts',
  PutBucketWebsite: 'website/operations.ts',
  PutObject: 'ops/object.ts',
  PutObjectAcl: 'ops/acl.ts',
  PutObjectLegalHold: 'ops/object-lock.ts',
  PutObjectLockConfiguration: 'ops/object-lock.ts',
  PutObjectRetention: 'ops/object-lock.ts',
  PutObjectTagging: 'ops/tagging.ts',
  PutPublicAccessBlock: 'ops/bucket-config.ts',
  RestoreObject: 'ops/restore.ts',
  UploadPart: 'ops/multipart.ts',
  UploadPartCopy: 'ops/copy.ts',
};

const SRC = resolve(import.meta.dirname, '..');
const NOT_GROUPS = new Set(['registry.ts', 'operation-handler.ts']);

/** src/ops/*.ts but the registry and the handler type, and each feature folder's operations.ts. */
function groupFiles(): string[] {
  const ops = readdirSync(join(SRC, 'ops'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !NOT_GROUPS.has(name))
    .map((name) => `ops/${name}`);
  const features = readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(join(SRC, entry.name)).includes('operations.ts'))
    .map((entry) => `${entry.name}/operations.ts`);
  return [...ops, ...features].sort();
}

async function groupExports(): Promise<Map<string, Record<string, unknown>>> {
  const modules = new Map<string, Record<string, unknown>>();
  for (const file of groupFiles()) modules.set(file, (await import(join(SRC, file))) as Record<string, unknown>);
  return modules;
}

describe('operation files', () => {
  it('each group file exports one operation table and nothing else', async () => {
    const exports = [...(await groupExports())].map(([file, mod]): [string, string[]] => [file, Object.keys(mod)]);
    expect(exports.filter(([, names]) => names.length !== 1 || !String(names[0]).endsWith('_OPERATIONS'))).toEqual([]);
  });

  it('lists every operation in the file whose table defines it', async () => {
    const found: Record<string, string> = {};
    for (const [file, mod] of await groupExports()) {
      for (const table of Object.values(mod)) for (const op of Object.keys(table as object)) found[op] = file;
    }
    expect(found).toEqual(OPERATION_FILES);
  });

  it('registers exactly the listed operations; the rest answer NotImplemented', () => {
    const implemented = (Object.keys(OPERATIONS) as OperationName[]).filter(isImplemented);
    expect(implemented.sort()).toEqual(Object.keys(OPERATION_FILES).sort());
  });
});
