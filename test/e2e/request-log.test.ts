/**
 * Request lines of a real server (createApp + the HTTP front in this process) driven by the AWS SDK,
 * captured from the request log's sink rather than printed.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type LogFormat, type LogLevel } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';
import { createRequestLog } from '../../src/core/request-log.ts';
import { startServer } from '../../src/server/http-server.ts';
import { exchange } from '../helpers/raw-http.ts';
import { s3Client, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function serveLogging(level: LogLevel, format: LogFormat): Promise<{ endpoint: string; port: number; lines: string[] }> {
  const lines: string[] = [];
  const config = loadConfig({ GATEWAY_LISTEN: '127.0.0.1:0', LOG_LEVEL: level, LOG_FORMAT: format });
  const app = createApp(config, { requestLog: createRequestLog(level, format, (line) => void lines.push(line)) });
  const server = startServer(app, { host: config.host, port: 0 });
  stops.push(async () => {
    await server.stop(true);
    await app.close();
  });
  return { endpoint: server.url, port: server.port, lines };
}

/** CreateBucket, a 1 KiB PutObject, its GetObject, a GetObject of a missing key, a health check. */
async function putGetMiss(endpoint: string): Promise<string> {
  const s3 = s3Client(endpoint);
  const Bucket = uniqueBucket('logs');
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutObjectCommand({ Bucket, Key: 'dir/a file.txt', Body: new Uint8Array(1024) }));
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'dir/a file.txt' }));
  await got.Body?.transformToByteArray();
  await s3ErrorOf(s3.send(new GetObjectCommand({ Bucket, Key: 'missing' })));
  expect((await fetch(`${endpoint}/_localstack/health`)).status).toBe(200);
  return Bucket;
}

describe('request log', () => {
  it('writes one LocalStack line per request at info, errors with their code, health checks not at all', async () => {
    const { endpoint, lines } = await serveLogging('info', 'text');
    await putGetMiss(endpoint);
    expect(lines).toEqual([
      '[info] [request] AWS s3.CreateBucket => 200',
      '[info] [request] AWS s3.PutObject => 200',
      '[info] [request] AWS s3.GetObject => 200',
      '[info] [request] AWS s3.GetObject => 404 (NoSuchKey)',
    ]);
  });

  it('names bucket, key, bytes, duration and request id at debug', async () => {
    const { endpoint, lines } = await serveLogging('debug', 'text');
    const bucket = await putGetMiss(endpoint);
    const id = 'requestId=[0-9A-F]{16}';
    const ms = 'durationMs=\\d+(\\.\\d+)?';
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^\\[info\\] \\[request\\] AWS s3\\.PutObject => 200 bucket=${bucket} key="dir/a file\\.txt" requestBytes=\\d+ responseBytes=0 ${ms} ${id}$`));
    expect(lines[2]).toMatch(new RegExp(`^\\[info\\] \\[request\\] AWS s3\\.GetObject => 200 bucket=${bucket} key="dir/a file\\.txt" responseBytes=1024 ${ms} ${id}$`));
    expect(lines[3]).toMatch(new RegExp(`^\\[info\\] \\[request\\] AWS s3\\.GetObject => 404 \\(NoSuchKey\\) bucket=${bucket} key=missing responseBytes=\\d+ ${ms} ${id}$`));
  });

  it('writes JSON lines with stable field names under LOG_FORMAT=json', async () => {
    const { endpoint, lines } = await serveLogging('debug', 'json');
    const bucket = await putGetMiss(endpoint);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((p) => p.msg)).toEqual(['AWS s3.CreateBucket => 200', 'AWS s3.PutObject => 200', 'AWS s3.GetObject => 200', 'AWS s3.GetObject => 404 (NoSuchKey)']);
    expect(parsed[3]).toEqual({
      time: expect.any(String), level: 'info', tag: 'request', msg: 'AWS s3.GetObject => 404 (NoSuchKey)',
      method: 'GET', operation: 'GetObject', status: 404, error: 'NoSuchKey',
      bucket, key: 'missing', responseBytes: expect.any(Number), durationMs: expect.any(Number), requestId: expect.stringMatching(/^[0-9A-F]{16}$/),
    });
    expect(parsed[1]).toMatchObject({ operation: 'PutObject', status: 200, key: 'dir/a file.txt', responseBytes: 0 });
    expect(parsed[1]?.requestBytes).toBeGreaterThanOrEqual(1024);
  });

  it('names method and path of a request no operation matched, and the status of internal endpoints', async () => {
    const { endpoint, lines } = await serveLogging('info', 'text');
    expect((await fetch(`${endpoint}/some-bucket/k`, { method: 'PATCH' })).status).toBe(405);
    expect((await fetch(`${endpoint}/_localstack/info`)).status).toBe(200);
    expect(lines).toEqual(['[info] [request] PATCH /some-bucket/k => 405 (MethodNotAllowed)', '[info] [request] GET /_localstack/info => 200']);
  });

  it('logs a request the HTTP front refused, and one with a bad Host, by their status', async () => {
    const { port, lines } = await serveLogging('info', 'text');
    await exchange(port, 'GARBAGE\r\n\r\n');
    await exchange(port, 'GET /b/k HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n');
    expect(lines).toEqual(['[info] [request] request refused => 400 (BadRequest)', '[info] [request] GET /b/k => 400']);
  });
});
