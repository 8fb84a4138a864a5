import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../protocol/generated/types.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../core/app.ts';
import { matchingRule, renderPage, websiteBucketOf } from './serve.ts';

describe('websiteBucketOf', () => {
  it('names the bucket of LocalStack and AWS website hosts, with or without a port', () => {
    expect(websiteBucketOf('site.s3-website.localhost.localstack.cloud:4566')).toBe('site');
    expect(websiteBucketOf('my.dotted.site.s3-website-us-east-1.amazonaws.com')).toBe('my.dotted.site');
    expect(websiteBucketOf('Site.S3-Website.eu-west-1.amazonaws.com')).toBe('site');
  });

  it('is undefined for REST endpoints and missing hosts', () => {
    expect(websiteBucketOf('localhost:4566')).toBeUndefined();
    expect(websiteBucketOf('site.s3.localhost.localstack.cloud:4566')).toBeUndefined();
    expect(websiteBucketOf(null)).toBeUndefined();
  });
});

describe('matchingRule', () => {
  const rule = (condition: RoutingRule['Condition'], host: string): RoutingRule => ({
    ...(condition !== undefined ? { Condition: condition } : {}), Redirect: { HostName: host },
  });

  it('takes the first rule whose condition holds, in order', () => {
    const rules = [rule({ KeyPrefixEquals: 'docs/' }, 'a'), rule({ KeyPrefixEquals: 'doc' }, 'b')];
    expect(matchingRule(rules, 'docs/x')?.Redirect.HostName).toBe('a');
    expect(matchingRule(rules, 'doc.html')?.Redirect.HostName).toBe('b');
    expect(matchingRule(rules, 'other')).toBeUndefined();
  });

  it('an error-code condition matches only when that code is being returned', () => {
    const rules = [rule({ HttpErrorCodeReturnedEquals: '404' }, 'missing')];
    expect(matchingRule(rules, 'x')).toBeUndefined();
    expect(matchingRule(rules, 'x', 404)?.Redirect.HostName).toBe('missing');
  });

  it('needs both halves of a condition that names a prefix and a code', () => {
    const rules = [rule({ KeyPrefixEquals: 'img/', HttpErrorCodeReturnedEquals: '404' }, 'both')];
    expect(matchingRule(rules, 'img/a.png')).toBeUndefined();
    expect(matchingRule(rules, 'css/a.css', 404)).toBeUndefined();
    expect(matchingRule(rules, 'img/a.png', 404)?.Redirect.HostName).toBe('both');
  });

  it('a rule without a condition matches everything', () => {
    expect(matchingRule([rule(undefined, 'all')], 'anything')?.Redirect.HostName).toBe('all');
  });
});

describe('renderPage', () => {
  it('writes the HTML error page AWS writes, escaping values', () => {
    expect(renderPage({ status: 404, title: '404 Not Found', items: [['Code', 'NoSuchKey'], ['Key', 'a<b>&"c']] })).toBe(
      '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<h1>404 Not Found</h1>\n'
      + '<ul>\n<li>Code: NoSuchKey</li>\n<li>Key: a&lt;b&gt;&amp;&quot;c</li>\n</ul>\n<hr/>\n</body>\n</html>\n',
    );
  });

  it('adds the nested section when the configured error document is missing', () => {
    const html = renderPage({ status: 404, title: '404 Not Found', items: [['Code', 'NoSuchKey']], missingErrorDocument: 'error.html' });
    expect(html).toContain('<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n'
      + '<ul>\n<li>Code: NoSuchKey</li>\n<li>Message: The specified key does not exist.</li>\n<li>Key: error.html</li>\n</ul>\n<hr/>');
  });
});

describe('serving a website (in process)', () => {
  const app = createApp(loadConfig({}));
  const rest = (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> =>
    app.handle(new Request(`http://localhost:4566${path}`, { method, ...(body !== undefined ? { body } : {}), headers }));
  const web = (bucket: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Response> =>
    app.handle(new Request(`http://${bucket}.s3-website.localhost.localstack.cloud:4566${path}`, {
      method, headers: { host: `${bucket}.s3-website.localhost.localstack.cloud:4566`, ...headers }, redirect: 'manual',
    }));
  const website = (bucket: string, xml: string): Promise<Response> =>
    rest('PUT', `/${bucket}?website`, `<WebsiteConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${xml}</WebsiteConfiguration>`);

  it('answers for a missing bucket and a bucket without website configuration with HTML 404 pages', async () => {
    const none = await web('no-such-site', '/');
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await none.text();
    expect(text).toContain('<li>Code: NoSuchBucket</li>');
    expect(text).toContain('<li>BucketName: no-such-site</li>');
    expect(text).toContain(`<li>RequestId: ${none.headers.get('x-amz-request-id')}</li>`);

    await rest('PUT', '/plain-bucket');
    const plain = await web('plain-bucket', '/');
    expect(plain.status).toBe(404);
    expect(await plain.text()).toContain('<li>Code: NoSuchWebsiteConfiguration</li>');
  });

  it('serves index and error documents, and redirects a folder without its slash', async () => {
    await rest('PUT', '/site-a');
    expect((await website('site-a', '<IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument>')).status).toBe(200);
    await rest('PUT', '/site-a/index.html', 'home', { 'content-type': 'text/html' });
    await rest('PUT', '/site-a/docs/index.html', 'docs');

    const home = await web('site-a', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html');
    expect(await home.text()).toBe('home');
    expect(await (await web('site-a', '/docs/')).text()).toBe('docs');

    const folder = await web('site-a', '/docs');
    expect(folder.status).toBe(302);
    expect(folder.headers.get('location')).toBe('/docs/');

    // No error document yet: the 404 page says so in its nested section.
    const missing = await web('site-a', '/nope');
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain('<li>Key: nope</li>');
    expect(text).toContain('An Error Occurred While Attempting to Retrieve a Custom Error Document');

    await rest('PUT', '/site-a/error.html', 'oops');
    const withDoc = await web('site-a', '/nope');
    expect(withDoc.status).toBe(404);
    expect(await withDoc.text()).toBe('oops');
  });

  it('honours If-None-Match, HEAD, and the object\'s own website redirect', async () => {
    await rest('PUT', '/site-b');
    await website('site-b', '<IndexDocument><Suffix>index.html</Suffix></IndexDocument>');
    const put = await rest('PUT', '/site-b/page.html', 'page');
    const etag = put.headers.get('etag') ?? '';
    expect((await web('site-b', '/page.html', 'GET', { 'if-none-match': etag })).status).toBe(304);
    const head = await web('site-b', '/page.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('4');

    await rest('PUT', '/site-b/moved.html', '', { 'x-amz-website-redirect-location': 'https://example.com/new' });
    const moved = await web('site-b', '/moved.html');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('https://example.com/new');
  });

  it('applies RedirectAllRequestsTo and routing rules (prefix before lookup, 404 after)', async () => {
    await rest('PUT', '/site-c');
    await website('site-c', '<RedirectAllRequestsTo><HostName>example.com</HostName><Protocol>https</Protocol></RedirectAllRequestsTo>');
    const all = await web('site-c', '/a/b?x=1');
    expect(all.status).toBe(301);
    expect(all.headers.get('location')).toBe('https://example.com/a/b?x=1');

    await rest('PUT', '/site-d');
    expect((await website('site-d', '<IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules>'
      + '<RoutingRule><Condition><KeyPrefixEquals>old/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyPrefixWith>new/</ReplaceKeyPrefixWith><HttpRedirectCode>307</HttpRedirectCode></Redirect></RoutingRule>'
      + '<RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><HostName>fallback.example</HostName><ReplaceKeyWith>missing.html</ReplaceKeyWith></Redirect></RoutingRule>'
      + '</RoutingRules>')).status).toBe(200);
    await rest('PUT', '/site-d/old/kept.html', 'still here');

    const prefixed = await web('site-d', '/old/kept.html');
    expect(prefixed.status).toBe(307);
    expect(prefixed.headers.get('location')).toBe('http://site-d.s3-website.localhost.localstack.cloud:4566/new/kept.html');

    const missing = await web('site-d', '/gone.html');
    expect(missing.status).toBe(301);
    expect(missing.headers.get('location')).toBe('http://fallback.example/missing.html');
  });

  it('refuses other methods with an HTML 405, and invalid routing rules at configuration time', async () => {
    const res = await web('site-a', '/index.html', 'PUT');
    expect(res.status).toBe(405);
    expect(await res.text()).toContain('<li>Code: MethodNotAllowed</li>\n<li>Message: The specified method is not allowed against this resource.</li>\n<li>Method: PUT</li>');

    const badProtocol = await website('site-a', '<IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Redirect><Protocol>ftp</Protocol></Redirect></RoutingRule></RoutingRules>');
    expect(badProtocol.status).toBe(400);
    expect(await badProtocol.text()).toContain('Invalid protocol, protocol can be http or https.');
    const emptyCondition = await website('site-a', '<IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition></Condition><Redirect><HostName>x</HostName></Redirect></RoutingRule></RoutingRules>');
    expect(emptyCondition.status).toBe(400);
    expect(await emptyCondition.text()).toContain('Condition cannot be empty.');
  });
});
