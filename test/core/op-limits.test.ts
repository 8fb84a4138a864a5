import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

const app = createApp(loadConfig({}));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));
const repeat = (n: number, item: (i: number) => string): string => Array.from({ length: n }, (_, i) => item(i)).join('');

async function expectError(res: Response, status: number, code: string, message: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).toContain(`<Code>${code}</Code>`);
  expect(text).toContain(`<Message>${message}</Message>`);
}

async function bucket(name: string): Promise<string> {
  expect((await call('PUT', `/${name}`)).status).toBe(200);
  return `/${name}`;
}

const tagging = (n: number): string => `<Tagging><TagSet>${repeat(n, (i) => `<Tag><Key>k${i}</Key><Value>v</Value></Tag>`)}</TagSet></Tagging>`;
const corsRules = (n: number): string => `<CORSConfiguration>${repeat(n, (i) =>
  `<CORSRule><AllowedOrigin>https://${i}.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>`)}</CORSConfiguration>`;
const lifecycleRules = (n: number): string => `<LifecycleConfiguration>${repeat(n, (i) =>
  `<Rule><ID>r${i}</ID><Filter><Prefix>p${i}/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>`)}</LifecycleConfiguration>`;

describe('per-operation limits', () => {
  it('DeleteObjects answers 400 MalformedXML for 1,001 keys', async () => {
    const b = await bucket('limits-delete');
    const body = `<Delete>${repeat(1001, (i) => `<Object><Key>k${i}</Key></Object>`)}</Delete>`;
    await expectError(await call('POST', `${b}?delete`, { body }), 400, 'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema');
  });

  it('PutBucketTagging answers 400 BadRequest for 51 tags and takes 50', async () => {
    const b = await bucket('limits-bucket-tags');
    await expectError(await call('PUT', `${b}?tagging`, { body: tagging(51) }), 400, 'BadRequest', 'Bucket tag count cannot be greater than 50');
    expect((await call('PUT', `${b}?tagging`, { body: tagging(50) })).status).toBe(204);
  });

  it('PutObjectTagging and the x-amz-tagging header answer 400 BadRequest for 11 tags', async () => {
    const b = await bucket('limits-object-tags');
    expect((await call('PUT', `${b}/o`, { body: 'x' })).status).toBe(200);
    await expectError(await call('PUT', `${b}/o?tagging`, { body: tagging(11) }), 400, 'BadRequest', 'Object tags cannot be greater than 10');
    const header = repeat(11, (i) => `${i === 0 ? '' : '&'}k${i}=v`);
    await expectError(await call('PUT', `${b}/p`, { body: 'x', headers: { 'x-amz-tagging': header } }), 400, 'BadRequest',
      'Object tags cannot be greater than 10');
    expect((await call('PUT', `${b}/o?tagging`, { body: tagging(10) })).status).toBe(200);
  });

  it('PutBucketCors answers 400 InvalidRequest for 101 rules and takes 100', async () => {
    const b = await bucket('limits-cors');
    await expectError(await call('PUT', `${b}?cors`, { body: corsRules(101) }), 400, 'InvalidRequest',
      'The number of CORS rules should not exceed allowed limit of 100 rules.');
    expect((await call('PUT', `${b}?cors`, { body: corsRules(100) })).status).toBe(200);
  });

  it('PutBucketCors answers MaxMessageLengthExceeded for a document over 64 KiB', async () => {
    const b = await bucket('limits-cors-size');
    const body = `<CORSConfiguration><CORSRule><AllowedOrigin>https://${'a'.repeat(65 * 1024)}.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`;
    const res = await call('PUT', `${b}?cors`, { body });
    await expectError(res.clone(), 400, 'MaxMessageLengthExceeded', 'Your request was too big.');
    expect(await res.text()).toContain('<MaxMessageLengthBytes>65536</MaxMessageLengthBytes>');
  });

  it('PutBucketLifecycleConfiguration answers 400 MalformedXML for 1,001 rules and takes 1,000', async () => {
    const b = await bucket('limits-lifecycle');
    await expectError(await call('PUT', `${b}?lifecycle`, { body: lifecycleRules(1001) }), 400, 'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema');
    expect((await call('PUT', `${b}?lifecycle`, { body: lifecycleRules(1000) })).status).toBe(200);
  });

  it('PutBucketPolicy refuses a policy over 20 KB once whitespace is left out, and takes a padded one under it', async () => {
    const b = await bucket('limits-policy');
    const policy = (sids: number): Record<string, unknown> => ({
      Version: '2012-10-17',
      Statement: Array.from({ length: sids }, (_, i) => ({
        Sid: `S${i}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::limits-policy/*',
      })),
    });
    const big = JSON.stringify(policy(250));
    expect(big.length).toBeGreaterThan(20 * 1024);
    await expectError(await call('PUT', `${b}?policy`, { body: big }), 400, 'MalformedPolicy', 'Policy exceeds the maximum allowed document size.');
    const padded = JSON.stringify(policy(150), null, 8);
    expect(padded.length).toBeGreaterThan(20 * 1024);
    expect(JSON.stringify(policy(150)).length).toBeLessThan(20 * 1024);
    expect((await call('PUT', `${b}?policy`, { body: padded })).status).toBe(204);
  });

  it('CompleteMultipartUpload answers 400 TooManyParts for more than 10,000 parts', async () => {
    const b = await bucket('limits-parts');
    const created = await (await call('POST', `${b}/big?uploads`)).text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created)?.[1] ?? '';
    const part = await call('PUT', `${b}/big?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, { body: 'x' });
    const etag = part.headers.get('etag') ?? '';
    const body = `<CompleteMultipartUpload>${repeat(10_001, () => `<Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part>`)}</CompleteMultipartUpload>`;
    await expectError(await call('POST', `${b}/big?uploadId=${encodeURIComponent(uploadId)}`, { body }), 400, 'TooManyParts',
      'You have attempted to add more parts than the maximum of 10000 that are allowed for this object.');
  });
});
