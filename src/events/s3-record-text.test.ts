import { describe, expect, it } from 'vitest';
import type { S3EventName } from './event-match.ts';
import type { ObjectEvent } from './object-event.ts';
import { s3EventRecord } from './s3-record.ts';
import { s3EventMessage } from './s3-record-text.ts';

const NAMES: S3EventName[] = [
  'ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post', 'ObjectRestore:Completed', 'ObjectRestore:Delete',
  'ObjectTagging:Put', 'ObjectTagging:Delete', 'ObjectAcl:Put',
  'LifecycleExpiration:Delete', 'LifecycleExpiration:DeleteMarkerCreated', 'LifecycleTransition',
  'Replication:OperationFailedReplication',
];

const BASE: ObjectEvent = {
  name: 'ObjectCreated:Put',
  bucket: { name: 'my-bucket', region: 'us-east-1', ownerAccountId: '000000000000' },
  key: 'a/b.txt',
  time: new Date('2026-12-06T12:34:56.789Z'),
  requestId: '4442587FB7D0A2F9',
  requester: '000000000000',
  principal: 'AWS:AIDAEXAMPLE',
  sourceIp: '127.0.0.1',
};

/** Each field present, absent, or holding text that JSON must escape or a key that must be encoded. */
const VARIANTS: Array<Partial<ObjectEvent>> = [
  {},
  { size: 1024, eTag: '0f343b0931126a20f133d67c2b018a3b', sequencer: '0062E99A88DC407460', versionId: 'v1' },
  { size: 0, eTag: 'abc-2', sequencer: '01', storageClass: 'GLACIER', restoreExpiry: new Date('2026-12-09T00:00:00.000Z') },
  { storageClass: 'STANDARD_IA', size: 5 },
  { key: 'dir/a b+c@d%e&f=g?h#i é "q" \\ \u0001 ~*\'()!', sourceIp: '10.0.0.1" x' },
  { bucket: { name: 'cn-bucket', region: 'cn-north-1', ownerAccountId: '123456789012' }, requester: '123456789012', principal: 'AIDA"odd\\' },
  { bucket: { name: 'gov', region: 'us-gov-west-1', ownerAccountId: '123456789012' }, traceHeader: 'Root=1-abc' },
  {
    size: 3, eTag: 'e', sequencer: '02', principal: 's3.amazonaws.com',
    replication: { replicationRuleId: 'rule "1"', destinationBucket: 'arn:aws:s3:::dst', s3Operation: 'OBJECT_PUT', requestTime: '2026-12-06T00:00:00.000Z', failureReason: 'DstBucketNotFound' },
  },
];

describe('s3EventMessage', () => {
  it('writes byte for byte what JSON.stringify of the record writes, for every event name and field combination', () => {
    for (const name of NAMES) {
      for (const variant of VARIANTS) {
        for (const id of ['cfg-1', 'id with "quotes" and \\ and \u2028']) {
          const event: ObjectEvent = { ...BASE, ...variant, name };
          expect(s3EventMessage(event, id)).toBe(JSON.stringify({ Records: [s3EventRecord(event, id)] }));
        }
      }
    }
  });

  it('gives events of different milliseconds their own time', () => {
    const a = s3EventMessage({ ...BASE, time: new Date('2026-12-06T00:00:00.001Z') }, 'x');
    const b = s3EventMessage({ ...BASE, time: new Date('2026-12-06T00:00:00.002Z') }, 'x');
    expect(a).toContain('"eventTime":"2026-12-06T00:00:00.001Z"');
    expect(b).toContain('"eventTime":"2026-12-06T00:00:00.002Z"');
  });
});
