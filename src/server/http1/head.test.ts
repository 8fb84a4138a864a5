import { describe, expect, it } from 'vitest';
import { headEnd, parseHead, type RequestHead } from './head.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
function parse(s: string): RequestHead | string {
  const b = bytes(s);
  return parseHead(b, headEnd(b));
}

describe('parseHead', () => {
  it('keeps the request-target exactly as sent, dot segments and all', () => {
    const head = parse('GET /b/a/../%2e%2e/./k//x HTTP/1.1\r\nHost: h\r\n\r\n') as RequestHead;
    expect(head.target).toBe('/b/a/../%2e%2e/./k//x');
  });

  it('keeps only the path and query of an absolute-form target, and percent-encodes raw non-ASCII bytes', () => {
    expect((parse('GET http://h:1/b/k?x=1 HTTP/1.1\r\nHost: h\r\n\r\n') as RequestHead).target).toBe('/b/k?x=1');
    expect((parse('GET /b/\xe9 HTTP/1.1\r\nHost: h\r\n\r\n') as RequestHead).target).toBe('/b/%E9');
  });

  it('reads header bytes 0x80-0xff as the chars of the same codes (not windows-1252)', () => {
    const head = parse('PUT /b HTTP/1.1\r\nHost: h\r\nCache-Control: \xc3\x84\x80\x9f\r\n\r\n') as RequestHead;
    expect(head.fields.get('cache-control')).toBe('\u00c3\u0084\u0080\u009f');
  });

  it('reads fields by lower-case name, values trimmed, repeats joined', () => {
    const head = parse('PUT /b HTTP/1.1\r\nHost:  h \r\nX-Amz-Meta-A: 1\r\nx-amz-meta-a: 2\r\nContent-Length: 3\r\n\r\n') as RequestHead;
    expect(head.fields.get('host')).toBe('h');
    expect(head.fields.get('x-amz-meta-a')).toBe('1, 2');
    expect(head.bodyLength).toBe(3);
    expect(head.keepAlive).toBe(true);
  });

  it('lower-cases common names in any case, and refuses names that only look like them', () => {
    const head = parse('GET /b HTTP/1.1\r\nHOST: h\r\nX-Amz-Date: d\r\nauthorization: a\r\nX-Amz-Meta-Odd: m\r\nx-amz-datf: 1\r\n\r\n') as RequestHead;
    expect([...head.fields]).toEqual([['host', 'h'], ['x-amz-date', 'd'], ['authorization', 'a'], ['x-amz-meta-odd', 'm'], ['x-amz-datf', '1']]);
    // '_' | 0x20 is DEL and '@' | 0x20 is '`': neither aliases a known name's characters.
    expect((parse('GET / HTTP/1.1\r\nx_amz-date: 1\r\n\r\n') as RequestHead).fields.get('x_amz-date')).toBe('1');
    expect(parse('GET / HTTP/1.1\r\nho@t: 1\r\n\r\n')).toBe('malformed');
    expect(parse('GET / HTTP/1.1\r\nhos\x14: 1\r\n\r\n')).toBe('malformed');
  });

  it('frames bodies by Content-Length or chunked, and refuses both or a bad length', () => {
    expect((parse('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n') as RequestHead).bodyLength).toBe('chunked');
    expect(parse('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n')).toBe('bad-framing');
    expect(parse('PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n')).toBe('bad-framing');
    expect(parse('PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')).toBe('bad-framing');
    expect(parse('PUT / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')).toBe('unsupported-encoding');
  });

  it('refuses malformed request lines and fields', () => {
    for (const bad of ['GET\r\n\r\n', 'GET / HTTP/x\r\n\r\n', 'G(T / HTTP/1.1\r\n\r\n', 'GET / HTTP/1.1\r\nA b: c\r\n\r\n',
      'GET / HTTP/1.1\r\n x: folded\r\n\r\n', 'GET / HTTP/1.1\r\nx: a\x00b\r\n\r\n', 'GET / HTTP/1.1\r\nx: a\nb: c\r\n\r\n']) {
      expect({ bad, r: parse(bad) }).toEqual({ bad, r: 'malformed' });
    }
    expect(parse('GET / HTTP/2.0\r\n\r\n')).toBe('unsupported-version');
  });

  it('refuses a header section over 8 KiB', () => {
    expect(parse(`GET / HTTP/1.1\r\nx: ${'a'.repeat(8200)}\r\n\r\n`)).toBe('header-too-large');
  });

  it('knows HTTP/1.0 closes unless asked to keep alive, and sees Expect: 100-continue', () => {
    expect((parse('GET / HTTP/1.0\r\n\r\n') as RequestHead).keepAlive).toBe(false);
    expect((parse('GET / HTTP/1.1\r\nConnection: close\r\n\r\n') as RequestHead).keepAlive).toBe(false);
    expect((parse('PUT / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n') as RequestHead).expectContinue).toBe(true);
  });

  it('finds the end of a head split anywhere', () => {
    expect(headEnd(bytes('GET / HTTP/1.1\r\n\r'))).toBe(-1);
    expect(headEnd(bytes('GET / HTTP/1.1\r\n\r\nbody'))).toBe(18);
    expect(headEnd(bytes('GET / HTTP/1.1\r\nx: \n\r\n\r\n'))).toBe(24);
    expect(headEnd(bytes('GET / HTTP/1.1\r\n\r\n'), 10)).toBe(18);
  });
});
