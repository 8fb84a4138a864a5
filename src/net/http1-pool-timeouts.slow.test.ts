/**
 * The raw-socket client's timeouts, which Bun checks only every few seconds: each test waits
 * ~9 s, so they run in `npm run test:slow` (CI calls it), not in `npm test`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Pool } from './http1-pool.ts';
import { rawTestServer, type RawTestServer } from '../../test/helpers/raw-test-server.ts';

describe('Http1Pool timeouts', () => {
  let running: RawTestServer | undefined;
  afterEach(() => running?.stop());

  function serve(answer: (n: number, request: string) => string): RawTestServer {
    running = rawTestServer(answer);
    return running;
  }

  it('gives up on a server that does not answer, and closes connections left idle', async () => {
    const srv = serve((n) => (n === 1 ? 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' : ''));
    const pool = new Http1Pool('127.0.0.1', srv.port, 1);
    await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    // Bun checks socket timeouts every few seconds (a 1 s timeout fires after about 4 s).
    const deadline = Date.now() + 15_000;
    while (srv.closed() === 0 && Date.now() < deadline) await Bun.sleep(50);
    expect(srv.closed()).toBe(1);
    // A new connection, whose request gets no answer (the second request on it is ignored).
    await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    await expect(pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false)).rejects.toThrow('no response within 1 s');
  });

  it('keeps a busy connection past its timeout: the timeout bounds each request, not the connection', async () => {
    const srv = serve(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    // Bun's socket timeouts tick every 4 s: 5 s is the shortest a request can re-arm ahead of.
    const pool = new Http1Pool('127.0.0.1', srv.port, 5);
    const until = Date.now() + 9_000;
    let answered = 0;
    while (Date.now() < until) {
      await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
      answered += 1;
      await Bun.sleep(20);
    }
    expect(answered).toBeGreaterThan(100);
    expect(srv.connections()).toBe(1);
    pool.close();
  }, 20_000);
});
