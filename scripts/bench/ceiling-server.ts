/**
 * The ceiling targets: a bare Bun.serve answering a fixed S3-shaped response (small operations),
 * which also MD5s request bodies and discards them (the single-core MD5 ceiling for large PUTs).
 * Usage: bun scripts/bench/ceiling-server.ts PORT
 *
 * S3-shaped means the headers S3 sends for each operation, with fixed values: bytes every S3 server
 * must write and every client must parse, so they belong to the ceiling, not to our overhead. (At
 * c=16 they cost this server about 10% of its PUT, GET and HEAD rates and about 20% of its DELETE
 * rate, against answering with an ETag only.)
 */
import { createHash } from 'node:crypto';

const port = Number(process.argv[2] ?? '0');
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>';
const OBJECT: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
let big: Uint8Array<ArrayBuffer> | undefined;

/** What S3 puts on every response. */
const REQUEST = {
  'x-amz-request-id': '4442587FB7D0A2F9',
  'x-amz-id-2': 'NDQ0MjU4N0ZCN0QwQTJGOTQ0NDI1ODdGQjdEMEEyRjk0NDQyNTg3RkI3RDBBMkY5',
  Server: 'AmazonS3',
};
/** GetObject and HeadObject of an unversioned, default-encrypted object. */
const OBJECT_HEADERS = {
  'Accept-Ranges': 'bytes',
  'Last-Modified': 'Sun, 29 Nov 2026 06:25:08 GMT',
  ETag: '"0f343b0931126a20f133d67c2b018a3b"',
  'Content-Type': 'application/octet-stream',
  ...REQUEST,
  'x-amz-server-side-encryption': 'AES256',
};
/** PutObject with a CRC32 trailer: S3 echoes the checksum (a fixed one here; the client does not check it). */
const PUT_HEADERS = {
  ...REQUEST,
  'x-amz-checksum-type': 'FULL_OBJECT',
  'x-amz-checksum-crc32': 'ACHwvA==',
  'x-amz-server-side-encryption': 'AES256',
};

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
      return new Response(null, { headers: { ETag: `"${md5.digest('hex')}"`, ...PUT_HEADERS } });
    }
    if (req.method === 'GET' && url.searchParams.has('list-type')) return new Response(XML, { headers: { 'Content-Type': 'application/xml', ...REQUEST } });
    if (req.method === 'GET') return new Response(url.pathname.includes('large') && big !== undefined ? big : OBJECT, { headers: OBJECT_HEADERS });
    if (req.method === 'HEAD') return new Response(null, { headers: { ...OBJECT_HEADERS, 'Content-Length': '1024' } });
    if (req.method === 'DELETE') return new Response(null, { status: 204, headers: REQUEST });
    return new Response(null, { status: 200, headers: REQUEST });
  },
});
console.log(`ceiling ready on ${port}`);
