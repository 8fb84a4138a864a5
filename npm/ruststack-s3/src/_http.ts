/**
 * One request to the server's internal routes over node:http, which adds no Origin or fetch
 * metadata headers (the reset route refuses a browser's cross-site request) and, without an agent,
 * leaves no pooled socket behind once the answer is read.
 */
import { request } from 'node:http';

/** Resolves with the status once the body is read; rejects when the server does not answer in time. */
export function call(method: 'GET' | 'POST', url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET `url` until it answers 200, `deadline` (epoch ms) passes or `cancel` aborts (the process exited). */
export async function waitHealthy(url: string, deadline: number, cancel: AbortSignal): Promise<void> {
  let delay = 5;
  let last = 'no answer';
  while (Date.now() < deadline && !cancel.aborted) {
    try {
      const status = await call('GET', url, Math.max(1, Math.min(1_000, deadline - Date.now())));
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 100);
  }
  throw new Error(`${url} not healthy in time (${last})`);
}
