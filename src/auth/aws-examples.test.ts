/**
 * The worked examples of the S3 SigV4 documentation (secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,
 * 2013-05-24): https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
 * sigv4-query-string-auth.html and sigv4-streaming.html.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { AwsChunkedParser } from '../protocol/aws-chunked.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { chunkVerifierFor } from './chunk-signature.ts';
import { parseAuth } from './parse.ts';
import { verifySignature } from './verify.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AKID = 'AKIAIOSFODNN7EXAMPLE';
const NOW = new Date('2013-05-24T00:00:00Z');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const secretFor = (akid: string) => (akid === AKID ? SECRET : undefined);

function authorization(signedHeaders: string, signature: string): string {
  return `AWS4-HMAC-SHA256 Credential=${AKID}/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signedHeaders},Signature=${signature}`;
}

function check(url: string, method: string, headers: Record<string, string>, now = NOW): void {
  const request = new Request(url, { method, headers });
  verifySignature(request, parseAuth(method, new URL(url), request.headers), secretFor, now);
}

describe('verifySignature: the AWS documentation examples', () => {
  const host = 'examplebucket.s3.amazonaws.com';

  it('accepts GET Object with Range (signature f0e8bd...)', () => {
    check(`https://${host}/test.txt`, 'GET', {
      host, range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
    });
  });

  it('accepts PUT Object of test$file.text (signature 98ad72...)', () => {
    check(`https://${host}/test$file.text`, 'PUT', {
      host, date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      authorization: authorization('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    });
  });

  it('accepts GET Bucket lifecycle (signature fea454...)', () => {
    check(`https://${host}/?lifecycle`, 'GET', {
      host, 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;x-amz-content-sha256;x-amz-date', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
    });
  });

  it('accepts GET Bucket (List Objects) with max-keys and prefix (signature 34b483...)', () => {
    check(`https://${host}/?max-keys=2&prefix=J`, 'GET', {
      host, 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
    });
  });

  it('refuses the GET Object example with another Range as SignatureDoesNotMatch, showing the canonical request', () => {
    const err = thrown(S3Error, () => check(`https://${host}/test.txt`, 'GET', {
      host, range: 'bytes=0-10', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
    }));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(err.fields).toMatchObject({
      AWSAccessKeyId: AKID,
      SignatureProvided: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      CanonicalRequest: `GET\n/test.txt\n\nhost:${host}\nrange:bytes=0-10\nx-amz-content-sha256:${EMPTY}\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n${EMPTY}`,
      StringToSign: expect.stringMatching(/^AWS4-HMAC-SHA256\n20130524T000000Z\n20130524\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/),
      StringToSignBytes: expect.stringMatching(/^41 57 53 34 2d 48 4d 41 43/),
    });
  });

  const presigned = `https://${host}/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${AKID}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request`
    + '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
    + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

  it('accepts the presigned GET Object URL (signature aeeed9...) during its 86400 seconds', () => {
    check(presigned, 'GET', { host });
    check(presigned, 'GET', { host }, new Date('2013-05-24T23:59:59Z'));
  });

  it('answers AccessDenied "Request has expired" once the presigned URL is older than X-Amz-Expires', () => {
    const err = thrown(S3Error, () => check(presigned, 'GET', { host }, new Date('2013-05-25T00:00:01Z')));
    expect(err).toMatchObject({ code: 'AccessDenied', status: 403, message: 'Request has expired' });
    expect(err.fields).toEqual({ 'X-Amz-Expires': '86400', Expires: '2013-05-25T00:00:00Z', ServerTime: '2013-05-25T00:00:01Z' });
  });
});

describe('chunk signatures: the AWS streaming example (66560 bytes of "a" in 64 KiB chunks)', () => {
  const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const CHUNK_SIGNATURES = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];
  const headers = {
    host: 's3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560', 'content-length': '66824',
    authorization: authorization('content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class', SEED),
  };
  const url = 'https://s3.amazonaws.com/examplebucket/chunkObject.txt';
  const te = new TextEncoder();

  function body(signatures: readonly string[], trailer = ''): Uint8Array[] {
    const [a = '', b = '', c = ''] = signatures;
    return [
      te.encode(`10000;chunk-signature=${a}\r\n`), new Uint8Array(65536).fill(0x61), te.encode('\r\n'),
      te.encode(`400;chunk-signature=${b}\r\n`), new Uint8Array(1024).fill(0x61), te.encode('\r\n'),
      te.encode(`0;chunk-signature=${c}\r\n${trailer}\r\n`),
    ];
  }

  /** The trailer signature per sigv4-streaming-trailers.html, chained from the final chunk's signature. */
  function trailerSignature(canonicalTrailer: string): string {
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, '20130524'), 'us-east-1'), 's3'), 'aws4_request');
    const text = ['AWS4-HMAC-SHA256-TRAILER', '20130524T000000Z', '20130524/us-east-1/s3/aws4_request', CHUNK_SIGNATURES[2],
      createHash('sha256').update(canonicalTrailer).digest('hex')].join('\n');
    return createHmac('sha256', key).update(text).digest('hex');
  }

  function decode(pieces: readonly Uint8Array[]): number {
    const request = new Request(url, { method: 'PUT', headers });
    const auth = parseAuth('PUT', new URL(url), request.headers);
    verifySignature(request, auth, secretFor, NOW);
    const verifier = chunkVerifierFor(auth, request.headers, secretFor);
    expect(verifier).toBeDefined();
    const parser = new AwsChunkedParser({ decodedLength: 66560, verifier });
    let n = 0;
    for (const p of pieces) parser.push(p, (b) => { n += b.length; });
    parser.end();
    return n;
  }

  it('accepts the seed signature and the three published chunk signatures', () => {
    expect(decode(body(CHUNK_SIGNATURES))).toBe(66560);
  });

  it('accepts a signed trailer (name:value lines, chained from the final chunk) and refuses a changed one', () => {
    const signature = trailerSignature('x-amz-checksum-crc32:AAAAAA==\n');
    expect(decode(body(CHUNK_SIGNATURES, `X-Amz-Checksum-CRC32: AAAAAA==\r\nx-amz-trailer-signature:${signature}\r\n`))).toBe(66560);
    const err = thrown(S3Error, () => decode(body(CHUNK_SIGNATURES, `x-amz-checksum-crc32:BBBBBB==\r\nx-amz-trailer-signature:${signature}\r\n`)));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', fields: { SignatureProvided: signature } });
  });

  it('refuses a chunk whose signature does not chain as SignatureDoesNotMatch', () => {
    const wrong = [CHUNK_SIGNATURES[0] ?? '', 'f'.repeat(64), CHUNK_SIGNATURES[2] ?? ''];
    const err = thrown(S3Error, () => decode(body(wrong)));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', fields: { SignatureProvided: 'f'.repeat(64) } });
    expect(err.fields.StringToSign).toBe(`AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n${CHUNK_SIGNATURES[0]}\n${EMPTY}\n`
      + '2edc986847e209b4016e141a6dc8716d3207350f416969382d431539bf292e4a');
  });

  it('refuses chunks without a chunk-signature when signatures are checked', () => {
    const pieces = body(CHUNK_SIGNATURES).map((p) => (p.length < 200 ? te.encode(new TextDecoder().decode(p).replace(/;chunk-signature=[0-9a-f]+/, '')) : p));
    expect(thrown(S3Error, () => decode(pieces)).code).toBe('IncompleteBody');
  });
});
