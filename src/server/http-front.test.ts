/**
 * The HTTP/1.1 front against the real app, over raw sockets: what a careless or hostile client can
 * send (bad heads, slow heads and bodies, too many connections) gets an S3 error and a closed
 * connection, never a hang; the protocol's own features (pipelining, 100-continue, chunked bodies,
 * Content-Length on streamed bodies) work.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createApp, type App } from '../core/app.ts';
import { startServer, type RunningServer } from './http-server.ts';

let app: App;
let server: RunningServer;

beforeAll(() => {
  app = createApp(loadConfig({ LOG_LEVEL: 'error' }));
  server = startServer(app, { host: '127.0.0.1', port: 0, headTimeoutMs: 1000, bodyWindowMs: 1000, maxConnections: 8 });
});
afterAll(async () => {
  await server.stop(true);
  await app.close();
});

/** Opens a connection; `answer()` resolves with everything received once the server closes it. */
function open(): { socket: Socket; answer: () => Promise<string>; received: () => string } {
  const socket = connect(server.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const received = (): string => Buffer.concat(chunks).toString('latin1');
  return { socket, received, answer: async () => { await closed; return received(); } };
}

async function exchange(bytes: string): Promise<string> {
  const c = open();
  c.socket.write(bytes);
  return c.answer();
}

const statuses = (text: string): number[] => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
const codeOf = (text: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
const until = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await Bun.sleep(10);
};

describe('HTTP front', () => {
  it('answers a lower-case method with 405 MethodNotAllowed instead of dropping the connection', async () => {
    const text = await exchange('get / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statuses(text)).toEqual([405]);
    expect(codeOf(text)).toBe('MethodNotAllowed');
    expect(text).toContain('x-amz-request-id: ');
  });

  it('answers an unknown long method with an S3 error instead of dropping the connection', async () => {
    await app.handle(new Request('http://localhost/front-method', { method: 'PUT' }));
    const text = await exchange(`${'X'.repeat(200)} /front-method/key HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(statuses(text)).toEqual([405]);
    expect(codeOf(text)).toBe('MethodNotAllowed');
  });

  it('answers a malformed head with 400 BadRequest and closes', async () => {
    for (const head of ['GET /\r\n\r\n', 'GET / HTTP/1.1\r\nno colon here\r\n\r\n', 'GET / HTTP/1.1\r\n folded: x\r\n\r\n', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n']) {
      const text = await exchange(head);
      expect({ head, status: statuses(text) }).toEqual({ head, status: [400] });
      expect(codeOf(text)).toBe('BadRequest');
    }
  });

  it('refuses Content-Length together with Transfer-Encoding (request smuggling) with 400', async () => {
    const text = await exchange('PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect(statuses(text)).toEqual([400]);
  });

  it('answers a header section over 8 KiB with RequestHeaderSectionTooLarge', async () => {
    const text = await exchange(`GET / HTTP/1.1\r\nHost: x\r\nx-amz-meta-big: ${'a'.repeat(9000)}\r\n\r\n`);
    expect(statuses(text)).toEqual([400]);
    expect(codeOf(text)).toBe('RequestHeaderSectionTooLarge');
    expect(text).toContain('<MaxSizeAllowed>8192</MaxSizeAllowed>');
  });

  it('answers a head that never ends with RequestTimeout and closes', async () => {
    const c = open();
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\nx-slow: ');
    const text = await c.answer();
    expect(statuses(text)).toEqual([400]);
    expect(codeOf(text)).toBe('RequestTimeout');
  });

  it('closes a connection that never sends a byte once the head deadline passes', async () => {
    const c = open();
    const text = await c.answer();
    expect(text).toBe('');
  });

  it('keeps an idle keep-alive connection open past the head deadline', async () => {
    const c = open();
    c.socket.write('GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => statuses(c.received()).length === 1);
    await Bun.sleep(2500);
    c.socket.write('GET /_localstack/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statuses(await c.answer())).toEqual([200, 200]);
  });

  it('answers a body trickling in below the minimum rate with RequestTimeout and closes', async () => {
    await app.handle(new Request('http://localhost/front-slow', { method: 'PUT' }));
    const c = open();
    c.socket.write('PUT /front-slow/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nab');
    const timer = setInterval(() => c.socket.write('c'), 300); // each byte once resets no timer
    const text = await c.answer();
    clearInterval(timer);
    expect(statuses(text)).toEqual([400]);
    expect(codeOf(text)).toBe('RequestTimeout');
    const get = await app.handle(new Request('http://localhost/front-slow/k'));
    expect(get.status).toBe(404);
  });

  it('answers connections over the cap with 503 SlowDown', async () => {
    const held = Array.from({ length: 8 }, () => open());
    await Bun.sleep(100);
    const text = await exchange('GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(statuses(text)).toEqual([503]);
    expect(codeOf(text)).toBe('SlowDown');
    for (const c of held) c.socket.destroy();
    await Bun.sleep(100);
    expect(statuses(await exchange('GET /_localstack/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toEqual([200]);
  });

  it('answers pipelined requests in order on one connection', async () => {
    const one = 'GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n';
    const text = await exchange(`${one}${one}GET /no-such-bucket-front HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(statuses(text)).toEqual([200, 200, 404]);
  });

  it('decodes a chunked request body', async () => {
    await app.handle(new Request('http://localhost/front-chunked', { method: 'PUT' }));
    const put = await exchange('PUT /front-chunked/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n');
    expect(statuses(put)).toEqual([200]);
    expect(await (await app.handle(new Request('http://localhost/front-chunked/k'))).text()).toBe('hello world');
  });

  it('answers Expect: 100-continue at once, an empty PUT included, then the request itself', async () => {
    await app.handle(new Request('http://localhost/front-continue', { method: 'PUT' }));
    const c = open();
    // botocore reuses a non-100 answer's status line for the next request on the connection: an
    // empty PUT answered 200 without a 100 first made the next PUT hang until its read timeout.
    c.socket.write('PUT /front-continue/empty HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n');
    await until(() => statuses(c.received()).length === 2);
    c.socket.write('PUT /front-continue/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n');
    await until(() => statuses(c.received()).length === 3);
    c.socket.write('hello');
    expect(statuses(await c.answer())).toEqual([100, 200, 100, 200]);
    expect(await (await app.handle(new Request('http://localhost/front-continue/k'))).text()).toBe('hello');
  });

  it('sends a large file body whole even when collections run while it is on the wire', async () => {
    await app.handle(new Request('http://localhost/front-large', { method: 'PUT' }));
    const data = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    expect((await app.handle(new Request('http://localhost/front-large/k', { method: 'PUT', body: data }))).status).toBe(200);
    const c = open();
    c.socket.pause();
    c.socket.write('GET /front-large/k HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    // The client reads slowly and the collector runs meanwhile: the file's descriptor must stay open.
    for (let i = 0; i < 5; i++) {
      await Bun.sleep(20);
      Bun.gc(true);
    }
    c.socket.resume();
    const text = await c.answer();
    expect(statuses(text)).toEqual([200]);
    expect(text.length - text.indexOf('\r\n\r\n') - 4).toBe(data.length);
  });

  it('sends a ranged GET larger than 16 MiB of a file-backed object with its Content-Length', async () => {
    await app.handle(new Request('http://localhost/front-range', { method: 'PUT' }));
    const data = new Uint8Array(20 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    expect((await app.handle(new Request('http://localhost/front-range/k', { method: 'PUT', body: data }))).status).toBe(200);
    const c = open();
    const [from, to] = [1000, 1000 + 17 * 1024 * 1024 - 1];
    c.socket.write(`GET /front-range/k HTTP/1.1\r\nHost: x\r\nRange: bytes=${from}-${to}\r\nConnection: close\r\n\r\n`);
    const text = await c.answer();
    expect(statuses(text)).toEqual([206]);
    expect(text).toContain(`Content-Length: ${to - from + 1}`);
    expect(text).not.toMatch(/Transfer-Encoding/i);
    const body = Buffer.from(text.slice(text.indexOf('\r\n\r\n') + 4), 'latin1');
    expect(body.equals(Buffer.from(data.subarray(from, to + 1)))).toBe(true);
  });

  it('puts Content-Length on every answer with a body, never chunked framing', async () => {
    const text = await exchange('GET /_localstack/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/Content-Length: \d+/);
    expect(text).not.toMatch(/Transfer-Encoding/i);
  });
});
