import { describe, expect, it } from 'vitest';
import { isImplemented } from '../ops/registry.ts';
import type { OperationName } from '../protocol/generated/types.ts';
import { actionOf, OPERATION_ACTIONS } from './actions.ts';

const implemented = (Object.keys(OPERATION_ACTIONS) as OperationName[]).filter(isImplemented);

describe('OPERATION_ACTIONS', () => {
  it('names an s3: action for every implemented operation', () => {
    expect(implemented.filter((op) => !/^s3:[A-Za-z]+$/.test(OPERATION_ACTIONS[op].action))).toEqual([]);
  });

  it('authorises the list operations as s3:ListBucket and versions as s3:ListBucketVersions', () => {
    expect([OPERATION_ACTIONS.ListObjects.action, OPERATION_ACTIONS.ListObjectsV2.action, OPERATION_ACTIONS.ListObjectVersions.action])
      .toEqual(['s3:ListBucket', 's3:ListBucket', 's3:ListBucketVersions']);
  });

  it('uses the versioned action when a request names a version', () => {
    expect([actionOf(OPERATION_ACTIONS.GetObject, '1'), actionOf(OPERATION_ACTIONS.GetObject, undefined), actionOf(OPERATION_ACTIONS.PutObjectAcl, '1')])
      .toEqual(['s3:GetObjectVersion', 's3:GetObject', 's3:PutObjectVersionAcl']);
  });

  it('authorises multipart parts and completion as s3:PutObject on the object', () => {
    expect([OPERATION_ACTIONS.UploadPart, OPERATION_ACTIONS.CompleteMultipartUpload].map((s) => [s.action, s.resource]))
      .toEqual([['s3:PutObject', 'object'], ['s3:PutObject', 'object']]);
  });
});
