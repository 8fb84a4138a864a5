/**
 * Keys holding C0 control characters. AWS stores them (PutObject and CreateMultipartUpload answer
 * 200) and writes the characters XML 1.0 forbids as hex character references in every response
 * document: `<Key>a&#x19;&#x7;</Key>` in a ListObjects recording (minio/minio-py#716),
 * `&#x10;` in ListObjectsV2 (aws/aws-sdk-go#5043), `&#x3;` in InitiateMultipartUploadResult
 * (aws/aws-sdk-go#5056), `&#x1b` in ListMultipartUploads (aws/aws-sdk-java#3112). Strict parsers
 * refuse those references, which is why clients list such keys with encoding-type=url.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';
import { s3Client, uniqueBucket } from '../helpers/s3-client.ts';

let server: TestServer;
let s3: S3Client;
const bucket = uniqueBucket('ctl-keys');

beforeAll(async () => {
  server = await startInProcessServer();
  s3 = s3Client(server.endpoint);
  expect((await fetch(`${server.endpoint}/${bucket}`, { method: 'PUT' })).status).toBe(200);
  expect((await fetch(`${server.endpoint}/${bucket}?versioning`, {
    method: 'PUT', body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
  })).status).toBe(200);
  for (const key of ['a%01b', 'c%1F%07', 'd%09e%0A', 'f%7F']) {
    expect({ key, status: (await fetch(`${server.endpoint}/${bucket}/${key}`, { method: 'PUT', body: 'x' })).status }).toEqual({ key, status: 200 });
  }
});
afterAll(async () => server.stop());

async function text(query: string, init?: RequestInit): Promise<string> {
  const res = await fetch(`${server.endpoint}/${bucket}${query}`, init);
  expect(res.status).toBe(200);
  return res.text();
}

describe('keys with control characters', () => {
  it('are listed as hex character references by ListObjects, ListObjectsV2 and ListObjectVersions', async () => {
    for (const query of ['', '?list-type=2', '?versions']) {
      const xml = await text(query);
      expect(xml).toContain('<Key>a&#x1;b</Key>');
      expect(xml).toContain('<Key>c&#x1f;&#x7;</Key>');
      // Tab and LF are XML characters and DEL is too: they are written as they are.
      expect(xml).toContain('<Key>d\te\n</Key>');
      expect(xml).toContain('<Key>f\x7f</Key>');
      expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
    }
  });

  it('are percent-encoded instead with encoding-type=url', async () => {
    for (const query of ['?encoding-type=url', '?list-type=2&encoding-type=url', '?versions&encoding-type=url']) {
      const xml = await text(query);
      expect(xml).toContain('<Key>a%01b</Key>');
      expect(xml).toContain('<Key>c%1F%07</Key>');
      expect(xml).not.toContain('&#x');
    }
  });

  it('come back as references in a prefix, marker and delimiter echoed by a listing', async () => {
    const xml = await text('?list-type=2&prefix=a%01&delimiter=%02&start-after=a%01');
    expect(xml).toContain('<Prefix>a&#x1;</Prefix>');
    expect(xml).toContain('<Delimiter>&#x2;</Delimiter>');
    expect(xml).toContain('<StartAfter>a&#x1;</StartAfter>');
  });

  it('are written as references by CreateMultipartUpload and ListMultipartUploads', async () => {
    const created = await text('/up%03load?uploads', { method: 'POST' });
    expect(created).toContain('<Key>up&#x3;load</Key>');
    expect(await text('?uploads')).toContain('<Key>up&#x3;load</Key>');
    expect(await text('?uploads&encoding-type=url')).toContain('<Key>up%03load</Key>');
  });

  it('cannot be named in a DeleteObjects document: it is not well-formed XML (400 MalformedXML)', async () => {
    for (const key of ['a&#x1;b', 'a\x01b']) {
      const res = await fetch(`${server.endpoint}/${bucket}?delete`, { method: 'POST', body: `<Delete><Object><Key>${key}</Key></Object></Delete>` });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>MalformedXML</Code>');
    }
    expect(await text('?list-type=2')).toContain('<Key>a&#x1;b</Key>');
    // DeleteObject takes it from the path, and a tab or LF reference is still a character.
    expect((await fetch(`${server.endpoint}/${bucket}/a%01b`, { method: 'DELETE' })).status).toBe(204);
    const tabbed = await fetch(`${server.endpoint}/${bucket}?delete`, { method: 'POST', body: '<Delete><Object><Key>d&#9;e&#xA;</Key></Object></Delete>' });
    expect(await tabbed.text()).toContain('<Deleted><Key>d\te\n</Key>');
  });

  it('reach an SDK that asks for encoding-type=url unchanged', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url' }));
    expect((listed.Contents ?? []).map((c) => decodeURIComponent(c.Key ?? ''))).toEqual(expect.arrayContaining(['c\x1f\x07', 'f\x7f']));
  });
});
