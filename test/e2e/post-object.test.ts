import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { bodyText, uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('post');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

const SIGNATURE_FIELDS = {
  'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': 'test/20260101/us-east-1/s3/aws4_request', 'x-amz-date': '20260101T000000Z',
};

/** Conditions naming each field, as SDKs write them: AWS refuses form fields no condition names. */
function covering(fields: Record<string, string>, conditions: unknown[]): unknown[] {
  const named = new Set(conditions.map((c) => (Array.isArray(c) ? String(c[1]).slice(1).toLowerCase() : '')));
  return Object.entries(fields).filter(([k]) => !named.has(k.toLowerCase())).map(([k, v]) => ['eq', `$${k}`, v]);
}

/**
 * A browser-style form: the policy is signed with SigV4 fields (signatures are not checked in these
 * tests) and covers every field unless `cover` is false.
 */
function post(fields: Record<string, string>, file: Blob | string, conditions: unknown[] = [], filename = 'upload.txt', cover = true): Promise<Response> {
  const named = cover ? [...covering(SIGNATURE_FIELDS, []), ...covering(fields, conditions)] : [];
  const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions: [{ bucket }, ...named, ...conditions] })).toString('base64');
  const form = new FormData();
  const all: Record<string, string> = { ...SIGNATURE_FIELDS, 'x-amz-signature': '00', policy, ...fields };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  form.append('file', typeof file === 'string' ? new Blob([file]) : file, filename);
  return fetch(`${e2e.endpoint}/${bucket}`, { method: 'POST', body: form, redirect: 'manual' });
}

describe('PostObject', () => {
  it('stores the file with the form fields as headers and answers 204 with ETag, Location and checksum', async () => {
    const res = await post({ key: 'form/${filename}', 'Content-Type': 'text/plain', 'x-amz-meta-Origin': 'form', 'x-amz-storage-class': 'STANDARD_IA' }, 'hello form',
      [['starts-with', '$key', 'form/'], ['eq', '$content-type', 'text/plain']]);
    expect(res.status).toBe(204);
    expect(res.headers.get('etag')).toBe(`"${createHash('md5').update('hello form').digest('hex')}"`);
    expect(res.headers.get('location')).toMatch(new RegExp(`^http://${bucket}\\.s3\\..+/form%2Fupload\\.txt$`));
    expect(res.headers.get('x-amz-checksum-type')).toBe('FULL_OBJECT');
    const head = await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'form/upload.txt', ChecksumMode: 'ENABLED' }));
    expect(head.ContentType).toBe('text/plain');
    expect(head.Metadata).toEqual({ origin: 'form' });
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(head.ChecksumCRC64NVME).toBe(res.headers.get('x-amz-checksum-crc64nvme'));
    expect(await bodyText((await e2e.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'form/upload.txt' }))).Body)).toBe('hello form');
  });

  it('answers 201 with a PostResponse document, or 303 to success_action_redirect', async () => {
    const created = await post({ key: 'created', success_action_status: '201' }, 'x');
    expect(created.status).toBe(201);
    const xml = await created.text();
    expect(xml).toContain('<PostResponse>');
    expect(xml).toContain(`<Bucket>${bucket}</Bucket><Key>created</Key>`);
    const redirected = await post({ key: 'redirected', success_action_redirect: 'http://app.test/done?x=1' }, 'x');
    expect(redirected.status).toBe(303);
    const location = new URL(redirected.headers.get('location') ?? '');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ x: '1', key: 'redirected', bucket });
    expect(location.search).toBe(`?x=1&bucket=${bucket}&key=redirected&etag=%22${createHash('md5').update('x').digest('hex')}%22`);
    expect(await redirected.text()).toBe('');
    // A relative redirect is ignored, as S3 does.
    expect((await post({ key: 'relative', success_action_redirect: '/not/absolute' }, 'x')).status).toBe(204);
  });

  // As captured from AWS (jamhall/s3rver#504, ceph/ceph#20330, benjreinhart/react-native-aws3's
  // fixtures): declaration and newline, no namespace, Location/Bucket/Key/ETag, the key form-encoded
  // in Location only, the ETag's quotes as they are.
  it('writes the 201 PostResponse exactly as S3 does, and the same Location in the header', async () => {
    const key = 'dir/prés ident&{1}.txt';
    const res = await post({ key, success_action_status: '201' }, 'x');
    expect(res.status).toBe(201);
    const etag = `"${createHash('md5').update('x').digest('hex')}"`;
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^http://${bucket}\\.s3\\.localhost\\.localstack\\.cloud:\\d+/dir%2Fpr%C3%A9s\\+ident%26%7B1%7D\\.txt$`));
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<PostResponse><Location>${location}</Location><Bucket>${bucket}</Bucket><Key>dir/prés ident&amp;{1}.txt</Key><ETag>${etag}</ETag></PostResponse>`);
    expect(res.headers.get('content-type')).toBe('application/xml');
    // A 204 carries the same Location.
    expect((await post({ key }, 'x')).headers.get('location')).toBe(location);
  });

  it('applies tagging XML and enforces policy conditions and content-length-range', async () => {
    const tagging = '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>';
    expect((await post({ key: 'tagged', tagging }, 'x')).status).toBe(204);
    expect((await e2e.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    expect((await post({ key: 'bad-tags', tagging: 'not-xml' }, 'x')).status).toBe(400);

    const denied = await post({ key: 'denied' }, 'x', [['eq', '$key', 'other']]);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('Invalid according to Policy: Policy Condition failed: [&quot;eq&quot;, &quot;$key&quot;, &quot;other&quot;]');
    const tooBig = await post({ key: 'big' }, 'a'.repeat(12), [['content-length-range', 5, 10]]);
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('<Code>EntityTooLarge</Code>');
    expect((await post({ key: 'fits' }, 'a'.repeat(10), [['content-length-range', 5, 10]])).status).toBe(204);
  });

  it('refuses a form field no policy condition names, except x-ignore-* fields (403 Extra input fields)', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html: every form
    // field but x-amz-signature, file, policy and x-ignore-* must appear in the conditions.
    const extra = await post({ key: 'extra', acl: 'private' }, 'x', [['eq', '$key', 'extra'], ...covering(SIGNATURE_FIELDS, [])], 'upload.txt', false);
    expect(extra.status).toBe(403);
    expect(await extra.text()).toContain('<Code>AccessDenied</Code><Message>Invalid according to Policy: Extra input fields: acl</Message>');
    const ignored = await post({ key: 'ignored', 'x-ignore-note': 'anything' }, 'x', [['eq', '$key', 'ignored'], ...covering(SIGNATURE_FIELDS, [])], 'upload.txt', false);
    expect(ignored.status).toBe(204);
  });

  it('substitutes ${filename} when every field arrives as a file part, as some clients send them (already right)', async () => {
    const form = new FormData();
    const fields = { key: 'parts/${filename}', ...SIGNATURE_FIELDS, 'x-amz-signature': '00' };
    const conditions = [{ bucket }, ['starts-with', '$key', 'parts/'], ...covering(SIGNATURE_FIELDS, [])];
    const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions })).toString('base64');
    for (const [k, v] of Object.entries({ ...fields, policy })) form.append(k, new Blob([v]), 'blob');
    form.append('file', new Blob(['x']), 'photo.png');
    expect((await fetch(`${e2e.endpoint}/${bucket}`, { method: 'POST', body: form })).status).toBe(204);
    expect((await e2e.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'parts/photo.png' }))).ContentLength).toBe(1);
  });

  it('refuses a body that is not multipart/form-data and a form without key', async () => {
    const notForm = await fetch(`${e2e.endpoint}/${bucket}`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } });
    expect(notForm.status).toBe(412);
    expect(await notForm.text()).toContain('Bucket POST must be of the enclosure-type multipart/form-data');
    const noKey = await post({}, 'x');
    expect(noKey.status).toBe(400);
    expect(await noKey.text()).toContain('<ArgumentName>key</ArgumentName>');
  });
});
