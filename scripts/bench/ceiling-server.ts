/**
 * The ceiling targets: a bare Bun.serve answering a fixed S3-shaped response (small operations),
 * which also MD5s request bodies and discards them (the single-core MD5 ceiling for large PUTs).
 * Usage: bun scripts/bench/ceiling-server.ts PORT
 */
import { createHash } from 'node:crypto';

const port = Number(process.argv[2] ?? '0');
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>';
const OBJECT: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
let big: Uint8Array<ArrayBuffer> | undefined;

Bun.serve({
  port,
  hostname: '127.0.0.1',
  maxRequestBodySize: 6 * 1024 ** 3,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === '/_localstack/health') return Response.json({ services: { s3: 'running' } });
    if (req.method === 'PUT' && req.body !== null) {
      const md5 = createHash('md5');
      let size = 0;
      const reader = req.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        md5.update(r.value);
        size += r.value.byteLength;
      }
      if (size > 1024 * 1024) big = new Uint8Array(size);
      return new Response(null, { headers: { ETag: `"${md5.digest('hex')}"` } });
    }
    if (req.method === 'GET' && url.searchParams.has('list-type')) return new Response(XML, { headers: { 'Content-Type': 'application/xml' } });
    if (req.method === 'GET') return new Response(url.pathname.includes('large') && big !== undefined ? big : OBJECT, { headers: { ETag: '"x"' } });
    if (req.method === 'HEAD') return new Response(null, { headers: { 'Content-Length': '1024', ETag: '"x"' } });
    if (req.method === 'DELETE') return new Response(null, { status: 204 });
    return new Response(null, { status: 200 });
  },
});
console.log(`ceiling ready on ${port}`);
