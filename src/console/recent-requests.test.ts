import { describe, expect, it } from 'vitest';
import type { RequestLog } from '../core/request-log.ts';
import { CONSOLE_USER_AGENT, RecentRequests, withRecentRequests } from './recent-requests.ts';

function head(userAgent?: string): { method: string; headers: Headers } {
  return { method: 'GET', headers: new Headers(userAgent === undefined ? {} : { 'user-agent': userAgent }) };
}

describe('RecentRequests', () => {
  it('keeps the last `capacity` requests and hands out what came after a sequence number', () => {
    const recent = new RecentRequests(3);
    recent.since(0);
    for (let i = 0; i < 5; i++) recent.record(head(), new Response(null, { status: 200 }), { operation: 'GetObject', key: `k${i}` });
    expect(recent.since(0).last).toBe(5);
    expect(recent.since(0).requests.map((r) => r.key)).toEqual(['k2', 'k3', 'k4']);
    expect(recent.since(4).requests.map((r) => r.seq)).toEqual([5]);
    expect(recent.since(5).requests).toEqual([]);
    expect(new RecentRequests(3).since(0)).toEqual({ last: 0, requests: [] });
  });

  it('records what the log line says, the duration, the request id and whether the console sent it', () => {
    const recent = new RecentRequests();
    recent.since(0);
    const response = new Response(null, { status: 404, headers: { 'x-amz-request-id': 'ABC' } });
    recent.record(head(CONSOLE_USER_AGENT), response, { operation: 'GetObject', bucket: 'b', key: 'k', errorCode: 'NoSuchKey', started: performance.now() - 5 });
    recent.record(head('aws-sdk-js/3 ua/2.1'), new Response(null, { status: 200 }), { path: '/x' });
    const [fromConsole, fromClient] = recent.since(0).requests;
    expect(fromConsole).toMatchObject({ method: 'GET', operation: 'GetObject', status: 404, errorCode: 'NoSuchKey', bucket: 'b', key: 'k', requestId: 'ABC', console: true });
    expect(fromConsole?.durationMs).toBeGreaterThanOrEqual(5);
    expect(fromClient).toMatchObject({ path: '/x', console: false, userAgent: 'aws-sdk-js/3 ua/2.1', durationMs: undefined });
  });

  it('sits beside the request log: both see every request, and callers note start times', () => {
    const lines: string[] = [];
    const log: RequestLog = { debug: false, write: (_r, res) => lines.push(String(res.status)) };
    const recent = new RecentRequests();
    recent.since(0);
    const tee = withRecentRequests(log, recent);
    expect(tee.debug).toBe(true);
    tee.write(head(), new Response(null, { status: 204 }), {});
    withRecentRequests(undefined, recent).write(head(), new Response(null, { status: 201 }), {});
    expect(lines).toEqual(['204']);
    expect(recent.since(0).requests.map((r) => r.status)).toEqual([204, 201]);
  });

  it('records nothing, and asks no start times, until a console first asks for requests', () => {
    const recent = new RecentRequests();
    const log = withRecentRequests(undefined, recent);
    expect(log.debug).toBe(false);
    log.write(head(), new Response(null, { status: 200 }), { operation: 'GetObject' });
    expect(recent.since(0)).toEqual({ last: 0, requests: [] });
    expect(log.debug).toBe(true);
    log.write(head(), new Response(null, { status: 200 }), { operation: 'PutObject' });
    expect(recent.since(0).requests.map((r) => r.operation)).toEqual(['PutObject']);
  });
});
