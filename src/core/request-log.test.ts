import { describe, expect, it } from 'vitest';
import { bodyResponse } from '../protocol/response-body.ts';
import { createRequestLog, requestMessage, type RequestLog } from './request-log.ts';

function capturing(level: 'info' | 'debug', format: 'text' | 'json'): { log: RequestLog; lines: string[] } {
  const lines: string[] = [];
  const log = createRequestLog(level, format, (line, toStderr) => {
    expect(toStderr).toBe(false);
    lines.push(line);
  });
  if (log === undefined) throw new Error(`no request log at ${level}`);
  return { log, lines };
}

const put = new Request('http://localhost/b/k', { method: 'PUT', headers: { 'content-length': '1024' } });
const notFound = bodyResponse('<Error>...</Error>', { status: 404, headers: { 'x-amz-request-id': 'FROMHEADER' } });

describe('requestMessage', () => {
  it('names the operation as LocalStack does, and an error by its code', () => {
    expect(requestMessage('PUT', 200, { operation: 'PutObject' })).toBe('AWS s3.PutObject => 200');
    expect(requestMessage('GET', 404, { operation: 'GetObject', errorCode: 'NoSuchKey' })).toBe('AWS s3.GetObject => 404 (NoSuchKey)');
  });

  it('names method and path when no operation matched, neither for a request the front refused', () => {
    expect(requestMessage('OPTIONS', 200, { path: '/b/k' })).toBe('OPTIONS /b/k => 200');
    expect(requestMessage('GET', 400, { refused: true, errorCode: 'BadRequest' })).toBe('request refused => 400 (BadRequest)');
  });
});

describe('createRequestLog', () => {
  it('is absent at warn and error, so the app skips request logging with one check', () => {
    expect(createRequestLog('warn', 'text', () => undefined)).toBeUndefined();
    expect(createRequestLog('error', 'json', () => undefined)).toBeUndefined();
  });

  it('writes only the LocalStack line at info, and asks for no timing', () => {
    const { log, lines } = capturing('info', 'text');
    expect(log.debug).toBe(false);
    log.write(put, new Response(null, { status: 200 }), { operation: 'PutObject', bucket: 'b', key: 'k', requestId: 'R1' });
    expect(lines).toEqual(['[info] [request] AWS s3.PutObject => 200']);
  });

  it('adds bucket, key, bytes, duration and request id at debug', () => {
    const { log, lines } = capturing('debug', 'text');
    expect(log.debug).toBe(true);
    log.write(put, new Response(null, { status: 200, headers: { 'content-length': '0' } }),
      { operation: 'PutObject', bucket: 'b', key: 'dir/a file', requestId: 'R1', started: performance.now() - 2 });
    expect(lines[0]).toMatch(/^\[info\] \[request\] AWS s3\.PutObject => 200 bucket=b key="dir\/a file" requestBytes=1024 responseBytes=0 durationMs=\d+\.?\d* requestId=R1$/);
  });

  it('counts the bytes of the body a response was built from when it declares no length', () => {
    const { log, lines } = capturing('debug', 'text');
    log.write(new Request('http://localhost/b/missing'), notFound, { operation: 'GetObject', errorCode: 'NoSuchKey' });
    expect(lines[0]).toBe('[info] [request] AWS s3.GetObject => 404 (NoSuchKey) responseBytes=18 requestId=FROMHEADER');
  });

  it('writes JSON lines with stable field names: the info ones, and the debug ones at debug', () => {
    const info = capturing('info', 'json');
    info.log.write(new Request('http://localhost/b/missing'), notFound, { operation: 'GetObject', errorCode: 'NoSuchKey', bucket: 'b' });
    expect(JSON.parse(info.lines[0] ?? '')).toEqual({
      time: expect.any(String), level: 'info', tag: 'request', msg: 'AWS s3.GetObject => 404 (NoSuchKey)',
      method: 'GET', operation: 'GetObject', status: 404, error: 'NoSuchKey',
    });
    const debug = capturing('debug', 'json');
    debug.log.write(put, new Response(null, { status: 200 }), { operation: 'PutObject', bucket: 'b', key: 'k', requestId: 'R1', started: performance.now() });
    expect(JSON.parse(debug.lines[0] ?? '')).toEqual({
      time: expect.any(String), level: 'info', tag: 'request', msg: 'AWS s3.PutObject => 200',
      method: 'PUT', operation: 'PutObject', status: 200,
      bucket: 'b', key: 'k', requestBytes: 1024, durationMs: expect.any(Number), requestId: 'R1',
    });
  });
});
