import { CreateBucketCommand, GetBucketLocationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

describe('regions', () => {
  describe('by default', () => {
    const e2e = useE2e();
    it('refuses a location constraint outside AWS regions by default', async () => {
      const err = await s3ErrorOf(e2e.s3.send(new CreateBucketCommand({
        Bucket: uniqueBucket('region'), CreateBucketConfiguration: { LocationConstraint: 'eu-east-1' as 'eu-west-1' },
      })));
      expect(err.name).toBe('InvalidLocationConstraint');
    });
  });

  describe('with ALLOW_NONSTANDARD_REGIONS', () => {
    const e2e = useE2e({ env: { ALLOW_NONSTANDARD_REGIONS: '1' } });
    it('with ALLOW_NONSTANDARD_REGIONS, creates and lists buckets in a nonstandard region', async () => {
      const bucket = uniqueBucket('region');
      const s3 = e2e.client({ region: 'eu-east-1' });
      await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-east-1' as 'eu-west-1' } }));
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint).toBe('eu-east-1');
      const listed = await e2e.s3.send(new ListBucketsCommand({ BucketRegion: 'eu-east-1' }));
      expect(listed.Buckets?.map((b) => b.Name)).toEqual([bucket]);
    });
  });
});
