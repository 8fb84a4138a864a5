import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { exchange } from '../helpers/raw-http.ts';

const e2e = useE2e();

/** Sends `head` as the request's bytes (fetch would refuse or rewrite a bad Host) and returns the raw answer. */
async function rawRequest(head: string): Promise<string> {
  return (await exchange(e2e.port, head)).toString('latin1');
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe('malformed Host header', () => {
  const hosts = ['a b', '%', '[::1', 'localhost:99999', 'a/b', 'a@b', ''];
  for (const path of ['/', '/some-bucket', '/some-bucket/some/key?uploads', '/_localstack/health']) {
    it(`answers 400, not 500, on ${path} for a Host that is no authority`, async () => {
      for (const host of hosts) {
        const answer = await rawRequest(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        expect({ host, status: statusOf(answer) }).toEqual({ host, status: 400 });
      }
    });
  }

  it('answers a PUT with a body and a bad Host with 400 as well', async () => {
    const answer = await rawRequest('PUT /some-bucket/k HTTP/1.1\r\nHost: a b\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    expect(statusOf(answer)).toBe(400);
    expect(answer).toContain('Server: AmazonS3');
    expect(answer).toMatch(/x-amz-request-id: [0-9A-F]{16}/);
  });
});
