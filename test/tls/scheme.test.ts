/**
 * The scheme URLs written back carry: the request's (https when it came in over TLS: the front
 * puts it in the request URL), or https for every request under LocalStack's USE_SSL.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

const createInEu = (scheme: string, bucket: string): Request => new Request(`${scheme}://localhost:4566/${bucket}`, {
  method: 'PUT', headers: { host: 'localhost:4566' },
  body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
});

describe('the scheme of written-back URLs', () => {
  it('follows the request: CreateBucket Location outside us-east-1', async () => {
    const app = createApp(loadConfig({}));
    expect((await app.handle(createInEu('http', 'scheme-plain'))).headers.get('location')).toBe('http://scheme-plain.s3.localhost.localstack.cloud:4566/');
    expect((await app.handle(createInEu('https', 'scheme-tls'))).headers.get('location')).toBe('https://scheme-tls.s3.localhost.localstack.cloud:4566/');
  });

  it('is https for plain requests too under USE_SSL', async () => {
    const app = createApp(loadConfig({ USE_SSL: '1' }));
    expect((await app.handle(createInEu('http', 'scheme-ssl'))).headers.get('location')).toBe('https://scheme-ssl.s3.localhost.localstack.cloud:4566/');
  });

  it('keeps https in a website redirect that names no protocol', async () => {
    const app = createApp(loadConfig({}));
    const host = 'scheme-site.s3-website.localhost.localstack.cloud:4566';
    await app.handle(new Request('http://localhost:4566/scheme-site', { method: 'PUT' }));
    await app.handle(new Request('http://localhost:4566/scheme-site?website', {
      method: 'PUT', body: '<WebsiteConfiguration><RedirectAllRequestsTo><HostName>example.com</HostName></RedirectAllRequestsTo></WebsiteConfiguration>',
    }));
    const res = await app.handle(new Request(`https://${host}/page`, { headers: { host }, redirect: 'manual' }));
    expect([res.status, res.headers.get('location')]).toEqual([301, 'https://example.com/page']);
  });
});
