import {
  CreateBucketCommand, DeleteBucketLifecycleCommand, GetBucketLifecycleConfigurationCommand, HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand, PutObjectCommand, type PutBucketLifecycleConfigurationCommandInput,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('lc');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('lifecycle configuration', () => {
  it('stores rules, shows x-amz-expiration on matching objects, and deletes', async () => {
    await expect(e2e.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
    const put = await e2e.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [
      { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 7 } },
    ] } }));
    expect(put.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    const got = await e2e.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules?.[0]?.ID).toBe('logs');
    const obj = await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/a', Body: 'x' }));
    expect(obj.Expiration).toMatch(/^expiry-date="[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT", rule-id="logs"$/);
    const other = await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'logs/a' }));
    expect(other.Expiration).toBe(obj.Expiration);
    await e2e.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/b', Body: 'x' }));
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'data/b' }))).Expiration).toBeUndefined();
    await e2e.s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
    await expect(e2e.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
  });

  it('refuses an expiration date that is not at midnight GMT', async () => {
    await expect(e2e.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [
      { ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2030-01-01T10:00:00Z') } },
    ] } }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  describe('refuses what AWS refuses (codes from ceph/s3-tests test_lifecycle_*, run against AWS)', () => {
    type Rule = NonNullable<NonNullable<PutBucketLifecycleConfigurationCommandInput['LifecycleConfiguration']>['Rules']>[number];
    const put = (...Rules: Rule[]): Promise<unknown> =>
      e2e.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules } }));
    const rule = (over: Partial<Rule>): Rule => ({ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'p/' }, Expiration: { Days: 1 }, ...over });

    it('a rule ID longer than 255 characters: InvalidArgument', async () => {
      await expect(put(rule({ ID: 'a'.repeat(256) }))).rejects.toMatchObject({
        name: 'InvalidArgument', message: 'ID length should not exceed allowed limit of 255', $metadata: { httpStatusCode: 400 },
      });
      await expect(put(rule({ ID: 'a'.repeat(255) }))).resolves.toBeDefined();
    });

    it('two rules with one ID: InvalidArgument', async () => {
      await expect(put(rule({ Filter: { Prefix: 'a/' } }), rule({ Filter: { Prefix: 'b/' } }))).rejects.toMatchObject({
        name: 'InvalidArgument', message: 'Rule ID must be unique. Found same ID for more than one rule',
      });
    });

    it('a Status other than Enabled or Disabled, case included: MalformedXML', async () => {
      for (const Status of ['enabled', 'disabled', 'invalid']) {
        await expect(put(rule({ Status: Status as 'Enabled' }))).rejects.toMatchObject({ name: 'MalformedXML' });
      }
      await expect(put(rule({ Status: 'Disabled' }))).resolves.toBeDefined();
    });

    it('Expiration Days zero or negative: InvalidArgument', async () => {
      for (const Days of [0, -1]) {
        await expect(put(rule({ Expiration: { Days } }))).rejects.toMatchObject({
          name: 'InvalidArgument', message: "'Days' for Expiration action must be a positive integer",
        });
      }
    });

    it('a transition date not at midnight GMT: InvalidArgument; Days 0 in a transition is allowed', async () => {
      await expect(put(rule({ Expiration: undefined, Transitions: [{ Date: new Date('2030-01-01T01:00:00Z'), StorageClass: 'GLACIER' }] })))
        .rejects.toMatchObject({ name: 'InvalidArgument', message: "'Date' must be at midnight GMT" });
      await expect(put(rule({ Expiration: undefined, Transitions: [{ Days: 0, StorageClass: 'GLACIER' }] }))).resolves.toBeDefined();
    });

    it('a date that is not ISO-8601, in an expiration or a transition: MalformedXML', async () => {
      const raw = async (inner: string): Promise<number> => (await fetch(`${e2e.endpoint}/${bucket}?lifecycle`, {
        method: 'PUT', body: `<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix>p/</Prefix></Filter><Status>Enabled</Status>${inner}</Rule></LifecycleConfiguration>`,
      })).status;
      expect(await raw('<Expiration><Date>20200101</Date></Expiration>')).toBe(400);
      expect(await raw('<Transition><Date>20220927</Date><StorageClass>GLACIER</StorageClass></Transition>')).toBe(400);
      expect(await raw('<Expiration><Date>2020-01-01</Date></Expiration>')).toBe(200);
    });
  });
});
