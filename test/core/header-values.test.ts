import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

const app = createApp(loadConfig({}));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));
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
