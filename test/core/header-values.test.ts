import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

const app = createApp(loadConfig({}));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));
const WEBSITE_HOST = 'header-values.s3-website.localhost.localstack.cloud:4566';
const website = (path: string): Promise<Response> =>
  app.handle(new Request(`http://${WEBSITE_HOST}${path}`, { headers: { host: WEBSITE_HOST } }));
const bucket = 'header-values';
const PRESIGNED_V4 = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request'
  + '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';

beforeAll(async () => {
  expect((await call('PUT', `/${bucket}`)).status).toBe(200);
  expect((await call('PUT', `/${bucket}/k`, { body: 'hello' })).status).toBe(200);
});

describe('user values that would become response headers', () => {
  const overrides = ['response-content-type', 'response-content-language', 'response-cache-control', 'response-content-disposition', 'response-content-encoding'];

  it('GetObject and HeadObject refuse a response-* override with CR, LF or NUL with 400 InvalidArgument', async () => {
    for (const name of overrides) {
      for (const value of ['attachment\r\nx-injected: 1', 'a\nb', 'a\u0000b']) {
        const query = `${name}=${encodeURIComponent(value)}`;
        const get = await call('GET', `/${bucket}/k?${query}`);
        expect({ name, value, status: get.status }).toEqual({ name, value, status: 400 });
        const text = await get.text();
        expect(text).toContain('<Code>InvalidArgument</Code><Message>Header value cannot be represented using ISO-8859-1.</Message>');
        expect(text).toContain(`<ArgumentName>${name}</ArgumentName>`);
        expect((await call('HEAD', `/${bucket}/k?${query}`)).status).toBe(400);
      }
    }
  });

  it('a response-* override with a tab or Latin-1 text still goes out as the header', async () => {
    const res = await call('GET', `/${bucket}/k?response-content-disposition=${encodeURIComponent('attachment;\tfilename="café"')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment;\tfilename="café"');
  });

  it('a presigned PUT carrying a header value with CR/LF in its query answers 400 InvalidArgument', async () => {
    const res = await call('PUT', `/${bucket}/presigned?${PRESIGNED_V4}&x-amz-website-redirect-location=%2Fa%0D%0Ab`, { body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<ArgumentName>x-amz-website-redirect-location</ArgumentName>');
  });
});

describe('stored values no header can carry as they are', () => {
  it('PostObject fields with CR/LF go out with spaces, and metadata named like no header is not sent', async () => {
    const form = new FormData();
    form.append('key', 'posted');
    form.append('Content-Type', 'text/plain\r\nx-injected: 1');
    // multipart/form-data sends the field's LF as CRLF.
    form.append('x-amz-website-redirect-location', '/a\nb');
    form.append('x-amz-meta-a b', 'dropped');
    form.append('x-amz-meta-ok', 'kept');
    form.append('file', new Blob(['hello']), 'f.txt');
    expect((await call('POST', `/${bucket}`, { body: form })).status).toBe(204);
    for (const method of ['GET', 'HEAD']) {
      const res = await call(method, `/${bucket}/posted`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain  x-injected: 1');
      expect(res.headers.get('x-amz-website-redirect-location')).toBe('/a  b');
      expect(res.headers.get('x-amz-meta-ok')).toBe('kept');
      expect(res.headers.get('x-injected')).toBeNull();
    }
  });

  it('a lifecycle rule ID and a KMS key id holding a newline do not break the PUTs that echo them', async () => {
    const lifecycle = '<LifecycleConfiguration><Rule><ID>rule&#10;one</ID><Filter><Prefix>lc/</Prefix></Filter><Status>Enabled</Status>'
      + '<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>';
    expect((await call('PUT', `/${bucket}?lifecycle`, { body: lifecycle })).status).toBe(200);
    const put = await call('PUT', `/${bucket}/lc/k`, { body: 'x' });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-amz-expiration')).toContain('rule-id="rule one"');
    expect((await call('DELETE', `/${bucket}?lifecycle`)).status).toBe(204);

    const encryption = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>'
      + '<KMSMasterKeyID>key&#13;&#10;id</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';
    expect((await call('PUT', `/${bucket}?encryption`, { body: encryption })).status).toBe(200);
    const kms = await call('PUT', `/${bucket}/kms`, { body: 'x' });
    expect(kms.status).toBe(200);
    expect(kms.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe('key  id');
    expect((await call('DELETE', `/${bucket}?encryption`)).status).toBe(204);
  });

  it('a CORS ExposeHeader holding a newline does not break cross-origin requests', async () => {
    const cors = '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>'
      + '<ExposeHeader>x-a&#10;x-b</ExposeHeader></CORSRule></CORSConfiguration>';
    expect((await call('PUT', `/${bucket}?cors`, { body: cors })).status).toBe(200);
    const res = await call('GET', `/${bucket}/k`, { headers: { origin: 'https://site.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toBe('x-a x-b');
    expect((await call('DELETE', `/${bucket}?cors`)).status).toBe(204);
  });

  it('website redirects to stored locations with CR/LF or non-Latin-1 text answer 301/302', async () => {
    const config = '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules><RoutingRule>'
      + '<Condition><KeyPrefixEquals>old/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyWith>new&#10;日本</ReplaceKeyWith></Redirect>'
      + '</RoutingRule></RoutingRules></WebsiteConfiguration>';
    expect((await call('PUT', `/${bucket}?website`, { body: config })).status).toBe(200);
    const rule = await website('/old/x');
    expect(rule.status).toBe(301);
    expect(Buffer.from(rule.headers.get('location') ?? '', 'latin1').toString('utf8')).toBe(`http://${WEBSITE_HOST}/new 日本`);
    expect((await call('PUT', `/${bucket}/${encodeURIComponent('日本')}/index.html`, { body: 'x' })).status).toBe(200);
    expect((await website(`/${encodeURIComponent('日本')}`)).status).toBe(302);
    const object = await website('/posted');
    expect(object.status).toBe(301);
    expect(object.headers.get('location')).toBe('/a  b');
  });
});
