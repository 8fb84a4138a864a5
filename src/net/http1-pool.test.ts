import { afterEach, describe, expect, it } from 'vitest';
import { HttpParseError, ResponseParser, type ParsedResponse } from './http1-response-parser.ts';
import { Http1Pool } from './http1-pool.ts';
import { rawTestServer, type RawTestServer } from '../../test/helpers/raw-test-server.ts';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Feeds `wire` in pieces of `step` bytes; the response must complete exactly at the last byte. */
function parse(wire: string, step: number, head = false): ParsedResponse {
  const p = new ResponseParser(head);
  const all = bytes(wire);
  for (let at = 0; at < all.length; at += step) {
    const res = p.push(all.slice(at, at + step));
    if (res !== undefined) {
      expect(at + step).toBeGreaterThanOrEqual(all.length);
      return res;
    }
  }
  throw new Error('incomplete');
}

describe('ResponseParser', () => {
  const sized = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-LENGTH: 11\r\n\r\nhello world';

  it('reads a Content-Length body whole or split anywhere', () => {
    for (const step of [sized.length, 1, 7, 64]) {
      const res = parse(sized, step);
      expect([res.status, text(res.body), res.keepAlive]).toEqual([200, 'hello world', true]);
    }
  });

  it('reads a chunked body, with chunk extensions and trailers', () => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
    const trailed = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA\r\n0123456789\r\n0\r\nx-t: 1\r\n\r\n';
    for (const step of [1, 5, 1000]) {
      expect(text(parse(wire, step).body)).toBe('hello world');
      expect(text(parse(trailed, step).body)).toBe('0123456789');
    }
  });

  it('expects no body after HEAD, 204 and 304, whatever the framing headers say', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n', 3, true).body.byteLength).toBe(0);
    expect(parse('HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n', 1).status).toBe(204);
    expect(parse('HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n', 4).status).toBe(304);
  });

  it('skips an interim 100 Continue', () => {
    const res = parse(`HTTP/1.1 100 Continue\r\n\r\n${sized}`, 9);
    expect([res.status, text(res.body)]).toEqual([200, 'hello world']);
  });

  it('knows when the connection cannot carry another request', () => {
    expect(parse('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', 8).keepAlive).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', 8).keepAlive).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok', 8).keepAlive).toBe(true);
  });

  it('reads a body framed by the close', () => {
    const p = new ResponseParser(false);
    expect(p.push(bytes('HTTP/1.1 200 OK\r\n\r\nuntil '))).toBeUndefined();
    expect(p.push(bytes('the end'))).toBeUndefined();
    const res = p.end();
    expect([text(res.body), res.keepAlive]).toEqual(['until the end', false]);
  });

  it('keeps bytes it must wait for, not a view of the socket buffer', () => {
    const p = new ResponseParser(false);
    const first = bytes('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab');
    expect(p.push(first)).toBeUndefined();
    first.fill(0);
    expect(text(p.push(bytes('cd'))?.body ?? new Uint8Array())).toBe('abcd');
  });

  it('fails on what it cannot frame', () => {
    expect(() => new ResponseParser(false).push(bytes('HTTP/2 200\r\n\r\n'))).toThrow(HttpParseError);
    expect(() => new ResponseParser(false).push(bytes('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'))).toThrow('content-length');
    expect(() => new ResponseParser(false).push(bytes('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab'))).toThrow('after the response');
    expect(() => new ResponseParser(false).push(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow('chunk size');
    const cut = new ResponseParser(false);
    cut.push(bytes('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc'));
    expect(() => cut.end()).toThrow('inside a response');
    expect(() => new ResponseParser(false).end()).toThrow('before a response');
  });
});

describe('Http1Pool', () => {
  let running: RawTestServer | undefined;
  afterEach(() => running?.stop());

  function serve(answer: (n: number, request: string) => string): RawTestServer {
    running = rawTestServer(answer);
    return running;
  }

  it('sends the request as written and reuses one connection for sequential requests', async () => {
    const seen: string[] = [];
    const srv = serve((_n, req) => { seen.push(req); return 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'; });
    const pool = new Http1Pool('127.0.0.1', srv.port);
    for (let i = 0; i < 3; i++) expect(text((await pool.request(`GET /${i} HTTP/1.1\r\nhost: x\r\n`, undefined, false)).body)).toBe('ok');
    const put = await pool.request('PUT /p HTTP/1.1\r\nhost: x\r\n', bytes('body'), false);
    expect(put.status).toBe(200);
    expect(srv.connections()).toBe(1);
    expect(seen[0]).toBe('GET /0 HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(seen[3]).toBe('PUT /p HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\n\r\nbody');
    pool.close();
  });

  it('opens one connection per request in flight', async () => {
    const srv = serve(() => 'HTTP/1.1 204 No Content\r\n\r\n');
    const pool = new Http1Pool('127.0.0.1', srv.port);
    await Promise.all(Array.from({ length: 4 }, () => pool.request('DELETE /k HTTP/1.1\r\nhost: x\r\n', undefined, false)));
    await Promise.all(Array.from({ length: 4 }, () => pool.request('DELETE /k HTTP/1.1\r\nhost: x\r\n', undefined, false)));
    expect(srv.connections()).toBe(4);
    pool.close();
  });

  it('resends on a new connection when the server dropped a kept-alive one before answering', async () => {
    const srv = serve((n) => (n === 2 ? 'close' : 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx'));
    const pool = new Http1Pool('127.0.0.1', srv.port);
    await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    expect((await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false)).status).toBe(200);
    expect(srv.connections()).toBe(2);
    pool.close();
  });

  it('opens a new connection after Connection: close', async () => {
    const srv = serve(() => 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx');
    const pool = new Http1Pool('127.0.0.1', srv.port);
    await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    await pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    expect(srv.connections()).toBe(2);
    pool.close();
  });

  it('fails, not hangs, when a fresh connection closes mid-response or the answer is not HTTP', async () => {
    const cut = serve(() => 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    const pool = new Http1Pool('127.0.0.1', cut.port);
    const pending = pool.request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false);
    await Bun.sleep(20);
    cut.stop();
    await expect(pending).rejects.toThrow();
    const junk = serve(() => 'SSH-2.0-nope\r\n\r\n');
    await expect(new Http1Pool('127.0.0.1', junk.port).request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false)).rejects.toThrow('bad status line');
    await expect(new Http1Pool('127.0.0.1', 1).request('GET / HTTP/1.1\r\nhost: x\r\n', undefined, false)).rejects.toThrow();
  });

});
