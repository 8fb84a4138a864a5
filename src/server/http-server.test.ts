import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../core/app.ts';
import { connectableHost, startServer, type RunningServer } from './http-server.ts';

/** Counts body bytes so tests see exactly what reached the app. */
const countingApp: App = {
  async handle(request) {
    let bytes = 0;
    if (request.body !== null) {
      const reader = request.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
    }
    return new Response(String(bytes));
  },
  reset: async () => {},
  close: async () => {},
  problemResponse: (problem) => new Response(problem, { status: 400 }),
  bodyError: (problem) => new Error(problem),
};

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop(true);
  server = undefined;
});

describe('startServer', () => {
  it('binds a free port when asked for port 0 and reports it', async () => {
    server = startServer(countingApp, { host: '127.0.0.1', port: 0 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(server.url + '/', { method: 'PUT', body: 'abc' });
    expect(await res.text()).toBe('3');
  });

  it('passes bodies larger than Bun default 128 MiB cap through to the app', async () => {
    server = startServer(countingApp, { host: '127.0.0.1', port: 0 });
    const size = 129 * 1024 * 1024;
    const res = await fetch(server.url + '/big', { method: 'PUT', body: new Uint8Array(size) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(String(size));
  });

  it('keeps connections alive (no Connection: close of its own)', async () => {
    server = startServer(countingApp, { host: '127.0.0.1', port: 0 });
    const res = await fetch(server.url + '/');
    await res.text();
    expect(res.headers.get('connection')).not.toBe('close');
  });

  it('refuses a port another server already listens on', async () => {
    server = startServer(countingApp, { host: '127.0.0.1', port: 0 });
    const taken = server.port;
    expect(() => startServer(countingApp, { host: '127.0.0.1', port: taken })).toThrow();
  });

  it('stops accepting connections after stop()', async () => {
    const s = startServer(countingApp, { host: '127.0.0.1', port: 0 });
    await s.stop(true);
    await expect(fetch(s.url + '/')).rejects.toThrow();
  });
});

describe('connectableHost', () => {
  it('maps wildcard addresses to loopback and brackets IPv6 literals', () => {
    expect(connectableHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectableHost('::')).toBe('[::1]');
    expect(connectableHost('::1')).toBe('[::1]');
    expect(connectableHost('localhost')).toBe('localhost');
  });
});
