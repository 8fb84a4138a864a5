/**
 * startS3 from source against the compiled host binary: start, endpoint, reset, stop, the options
 * and how a failed start is reported. The packed-package test proves the same API as installed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type S3Server, type StartS3Options } from '../../npm/ruststack-s3/src/index.ts';
import { ensureHostBinary } from '../../scripts/build.ts';
import { freePort } from '../helpers/spawn-server.ts';
import { isRunning, waitGone } from './running.ts';

let binary = '';
const started: S3Server[] = [];

beforeAll(async () => {
  binary = await ensureHostBinary();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(options: StartS3Options = {}): Promise<S3Server> {
  const server = await startS3({ binary, ...options });
  started.push(server);
  return server;
}

/** A SigV4 header whose signature is wrong: refused only when the server validates signatures. */
function badSignature(): Record<string, string> {
  const date = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=test/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    'x-amz-date': date,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

describe('startS3', () => {
  it('serves S3 on a free port of 127.0.0.1; stop() ends the process', async () => {
    const server = await start();
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect((await fetch(`${server.endpoint}/embed-first`, { method: 'PUT' })).status).toBe(200);
    await server.stop();
    expect(isRunning(server.pid)).toBe(false);
    await server.stop();
  });

  it('reset() deletes the buckets; after stop() it rejects', async () => {
    const server = await start();
    await fetch(`${server.endpoint}/embed-reset`, { method: 'PUT' });
    await server.reset();
    expect((await fetch(`${server.endpoint}/embed-reset`, { method: 'HEAD' })).status).toBe(404);
    await server.stop();
    await expect(server.reset()).rejects.toThrow();
  });

  it('listens on the given port', async () => {
    const port = await freePort();
    const server = await start({ port });
    expect(server.endpoint).toBe(`http://127.0.0.1:${port}`);
  });

  it('reads the port from JSON log lines and serves an IPv6 loopback host', async () => {
    const server = await start({ host: '::1', env: { LOG_FORMAT: 'json' } });
    expect(server.endpoint).toBe(`http://[::1]:${server.port}`);
    expect((await fetch(`${server.endpoint}/_localstack/health`)).status).toBe(200);
  });

  it('passes env to the server and keeps the rest of this process environment from it', async () => {
    const strict = await start({ env: { S3_SKIP_SIGNATURE_VALIDATION: '0' } });
    expect((await fetch(`${strict.endpoint}/`, { headers: badSignature() })).status).toBe(403);
    // Were LOG_LEVEL passed on, the server would not print the port it took and the start would fail.
    process.env.LOG_LEVEL = 'error';
    try {
      await start();
    } finally {
      delete process.env.LOG_LEVEL;
    }
  });

  it("rejects with the server's own words when the port is taken", async () => {
    const first = await start();
    await expect(startS3({ binary, port: first.port })).rejects.toThrow(/exited with code 1 before it was ready:\n.*127\.0\.0\.1:\d+/);
  });

  it('asks for a port when LOG_LEVEL hides the line that names the one taken', async () => {
    await expect(startS3({ binary, env: { LOG_LEVEL: 'warn' } })).rejects.toThrow(/did not print the port it took.*give a port/);
    const server = await start({ env: { LOG_LEVEL: 'warn' }, port: await freePort() });
    expect((await fetch(`${server.endpoint}/_localstack/health`)).status).toBe(200);
  });

  it('gives up after startupTimeoutMs', async () => {
    await expect(startS3({ binary, startupTimeoutMs: 1 })).rejects.toThrow('was not ready within 1 ms');
  });

  it('an aborted signal cancels the start with its reason, and stops a started server', async () => {
    const early = new AbortController();
    const starting = startS3({ binary, signal: early.signal });
    early.abort(new Error('cancelled by the test'));
    await expect(starting).rejects.toThrow('cancelled by the test');
    await expect(startS3({ binary, signal: AbortSignal.abort() })).rejects.toThrow();

    const late = new AbortController();
    const server = await start({ signal: late.signal });
    late.abort();
    expect(await waitGone(server.pid)).toBe(true);
  });

  it('refuses options it cannot use', async () => {
    await expect(startS3({ binary, port: 70_000 })).rejects.toThrow('port must be an integer from 0 to 65535, got 70000');
    await expect(startS3({ binary, host: '' })).rejects.toThrow('host must not be empty');
    await expect(startS3({ binary, stopTimeoutMs: 0 })).rejects.toThrow('timeouts must be positive');
  });
});
