import { describe, expect, it } from 'vitest';
import { probeReset } from '../../src/cli/probe.ts';
import { useE2e } from '../helpers/e2e.ts';

const e2e = useE2e();

const bucketStatus = async (bucket: string): Promise<number> => (await fetch(`${e2e.endpoint}/${bucket}`, { method: 'HEAD' })).status;

async function createBucket(bucket: string): Promise<void> {
  expect((await fetch(`${e2e.endpoint}/${bucket}`, { method: 'PUT' })).status).toBe(200);
}

/** What a page's `fetch(url, {method: 'POST', mode: 'no-cors', body: 'x'})` or a form sends: no preflight. */
const simplePost = (path: string, headers: Record<string, string>): Promise<Response> =>
  fetch(`${e2e.endpoint}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body: 'x' });

describe('the reset endpoint', () => {
  it('refuses a simple POST from a page of another origin (403) and keeps the data', async () => {
    await createBucket('reset-kept');
    for (const path of ['/_localstack/state/reset', '/_ruststack/reset']) {
      const refused: Record<string, string>[] = [
        { Origin: 'https://attacker.example' },
        { Origin: 'null' },
        { Origin: 'http://attacker.example:4566', 'Sec-Fetch-Site': 'same-origin' },
        { 'Sec-Fetch-Site': 'cross-site' },
      ];
      for (const headers of refused) {
        const res = await simplePost(path, headers);
        expect({ path, headers, status: res.status }).toEqual({ path, headers, status: 403 });
        expect(await res.json()).toMatchObject({ status: 'refused' });
      }
    }
    expect(await bucketStatus('reset-kept')).toBe(200);
  });

  it('resets for the CLI, for curl-like clients and for pages on the local gateway origin', async () => {
    await createBucket('reset-cli');
    const result = await probeReset(e2e.endpoint);
    expect(result.ok).toBe(true);
    expect(await bucketStatus('reset-cli')).toBe(404);

    await createBucket('reset-plain');
    expect((await fetch(`${e2e.endpoint}/_localstack/state/reset`, { method: 'POST' })).status).toBe(200);
    expect(await bucketStatus('reset-plain')).toBe(404);

    await createBucket('reset-app');
    expect((await simplePost('/_localstack/state/reset', { Origin: 'https://app.localstack.cloud', 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
    expect(await bucketStatus('reset-app')).toBe(404);
  });
});
