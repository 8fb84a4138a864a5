import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectLegalHoldCommand, GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand, HeadObjectCommand, PutObjectCommand, PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('lock');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
});

describe('Object Lock', () => {
  it('applies the bucket default retention to new versions and refuses to delete them', async () => {
    await e2e.s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: {
      ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    } }));
    const config = await e2e.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(config.ObjectLockConfiguration?.Rule?.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 1 });
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    const head = await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    await expect(e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: put.VersionId }))).rejects.toMatchObject({ name: 'AccessDenied' });
    // GOVERNANCE can be bypassed.
    await e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: put.VersionId, BypassGovernanceRetention: true }));
  });

  it('sets and reads retention and legal hold per version', async () => {
    const put = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'r', Body: 'x' }));
    // Beyond the bucket's 1-day GOVERNANCE default: extending retention is always allowed.
    const until = new Date(Date.now() + 2 * 86_400_000);
    await e2e.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'r', Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until } }));
    const ret = await e2e.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: 'r' }));
    expect(ret.Retention?.Mode).toBe('COMPLIANCE');
    // COMPLIANCE cannot be shortened, even with bypass.
    await expect(e2e.s3.send(new PutObjectRetentionCommand({
      Bucket: bucket, Key: 'r', BypassGovernanceRetention: true, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + 60_000) },
    }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await e2e.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: 'r', LegalHold: { Status: 'ON' } }));
    expect((await e2e.s3.send(new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'r' }))).LegalHold?.Status).toBe('ON');
    await expect(e2e.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'r', VersionId: put.VersionId }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers ObjectLockConfigurationNotFoundError and InvalidRequest on buckets without Object Lock', async () => {
    const plain = uniqueBucket('nolock');
    await e2e.s3.send(new CreateBucketCommand({ Bucket: plain }));
    await expect(e2e.s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain }))).rejects.toMatchObject({ name: 'ObjectLockConfigurationNotFoundError' });
    await e2e.s3.send(new PutObjectCommand({ Bucket: plain, Key: 'k', Body: 'x' }));
    await expect(e2e.s3.send(new GetObjectRetentionCommand({ Bucket: plain, Key: 'k' }))).rejects.toMatchObject({ name: 'InvalidRequest' });
  });

  it('refuses a default retention with Days or Years zero, negative or too large, both, or neither', async () => {
    const put = (DefaultRetention: { Mode: 'GOVERNANCE'; Days?: number; Years?: number }): Promise<unknown> =>
      e2e.s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention } } }));
    for (const [name, value] of [['Days', 0], ['Days', -3], ['Years', 0], ['Years', -1]] as const) {
      await expect(put({ Mode: 'GOVERNANCE', [name]: value })).rejects.toMatchObject({
        name: 'InvalidArgument', message: 'Default retention period must be a positive integer value.', ArgumentName: name, ArgumentValue: String(value),
      });
    }
    await expect(put({ Mode: 'GOVERNANCE', Days: 36_501 })).rejects.toMatchObject({ name: 'InvalidArgument', message: 'Default retention period too large.' });
    await expect(put({ Mode: 'GOVERNANCE', Years: 101 })).rejects.toMatchObject({ name: 'InvalidArgument', message: 'Default retention period too large.' });
    // Both or neither: MalformedXML (LocalStack's AWS snapshots of test_put_object_lock_configuration_exc).
    await expect(put({ Mode: 'GOVERNANCE', Days: 1, Years: 1 })).rejects.toMatchObject({ name: 'MalformedXML' });
    await expect(put({ Mode: 'GOVERNANCE' })).rejects.toMatchObject({ name: 'MalformedXML' });
  });
});
