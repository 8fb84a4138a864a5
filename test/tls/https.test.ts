/**
 * HTTPS on the HTTP port (LocalStack's gateway answers both): the AWS SDK trusting a certificate
 * given by CUSTOM_SSL_CERT_PATH (made here with the openssl CLI, an independent oracle), plain HTTP
 * on the same port, the scheme carried into Location, and presigned URLs checked over TLS.
 */
import { CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';
import { startServer, type RunningServer } from '../../src/server/http-server.ts';
import { setUpTls } from '../../src/tls/credentials.ts';
import { s3Client, uniqueBucket } from '../helpers/s3-client.ts';
import { presignedUrl } from '../helpers/sigv4-sign.ts';

const dir = mkdtempSync(join(tmpdir(), 'https-test-'));
const pemPath = join(dir, 'server.pem');
let app: App;
let server: RunningServer;
let s3: S3Client;
let ca: string;
let https: string;

/** A self-signed certificate for localhost and 127.0.0.1, key and certificate in one file (LocalStack's layout). */
function opensslCertificate(): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  ca = readFileSync(join(dir, 'c.pem'), 'utf8');
  writeFileSync(pemPath, readFileSync(join(dir, 'k.pem'), 'utf8') + ca);
}

beforeAll(() => {
  opensslCertificate();
  const config = loadConfig({ GATEWAY_LISTEN: '127.0.0.1:0', CUSTOM_SSL_CERT_PATH: pemPath, S3_SKIP_SIGNATURE_VALIDATION: '0', TMPDIR: dir });
  const tls = setUpTls(config);
  expect(tls.generated).toBe(false);
  app = createApp(config);
  server = startServer(app, { host: '127.0.0.1', port: 0, tls: tls.context });
  https = `https://localhost:${server.port}`;
  s3 = s3Client(https, { requestHandler: { httpsAgent: new Agent({ ca, keepAlive: true }) } });
});

afterAll(async () => {
  await server.stop(true);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

describe('HTTPS on the HTTP port', () => {
  it('serves the SDK over TLS with a certificate it trusts, bodies intact both ways', async () => {
    const bucket = uniqueBucket('tls');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const body = randomBytes(3 * 1024 * 1024 + 17);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }));
    expect(md5(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray())).toBe(md5(body));
  });

  it('still answers plain HTTP on the same port', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/_localstack/health`);
    expect(res.status).toBe(200);
  });

  it('gives https Locations to requests that came in over TLS', async () => {
    const bucket = uniqueBucket('tls-loc');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'k', UploadId, PartNumber: 1, Body: 'x' }));
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'k', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(done.Location).toMatch(/^https:\/\//);
  });

  it('checks a presigned URL\'s signature over TLS (signature validation on)', async () => {
    const bucket = uniqueBucket('tls-pre');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'p', Body: 'presigned' }));
    // As the SDK's presigner: the payload unsigned (the helper hoists the header into the query).
    const url = await presignedUrl({ method: 'GET', url: `${https}/${bucket}/p`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const ok = await fetch(url, { tls: { ca } });
    expect([ok.status, await ok.text()]).toEqual([200, 'presigned']);
    const tampered = await fetch(url.replace('/p?', '/q?'), { tls: { ca } });
    expect(tampered.status).toBe(403);
  });
});
