/**
 * Keys with `.`, `..`, `//` and `%2e` segments are keys like any other: stored and answered byte for
 * byte, never resolved into another key or another bucket (real S3 does the same; SDKs send them
 * unnormalised). Raw sockets, since fetch and the JS SDK resolve dot segments before sending.
 */
import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { exchange, parseAnswer } from '../helpers/raw-http.ts';

const e2e = useE2e();

interface Answer { status: number; headers: string; body: string }

/** One request on its own connection, sent exactly as given. */
async function send(method: string, target: string, body = ''): Promise<Answer> {
  const answer = parseAnswer(await exchange(e2e.port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${e2e.port}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
  return { status: answer.status, headers: answer.head, body: answer.body.toString('latin1') };
}

const KEYS = ['../b-other/secret', 'a/./b/../c', '..', '.', '//double//slash//', 'x/%2e%2e/y', 'trailing/.'];

describe('keys with dot segments', () => {
  it('are stored under exactly the key sent and never reach another bucket', async () => {
    expect((await send('PUT', '/raw-keys-a')).status).toBe(200);
    expect((await send('PUT', '/b-other')).status).toBe(200);
    expect((await send('PUT', '/b-other/secret', 'untouched')).status).toBe(200);
    for (const [i, key] of KEYS.entries()) {
      const put = await send('PUT', `/raw-keys-a/${key}`, `body ${i}`);
      expect({ key, status: put.status }).toEqual({ key, status: 200 });
    }
    for (const [i, key] of KEYS.entries()) {
      const get = await send('GET', `/raw-keys-a/${key}`);
      expect({ key, status: get.status, body: get.body }).toEqual({ key, status: 200, body: `body ${i}` });
    }
    expect((await send('GET', '/b-other/secret')).body).toBe('untouched');
    const listing = (await send('GET', '/raw-keys-a?list-type=2')).body;
    const listed = [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    // `%2e%2e` is the percent-encoding of `..`: decoded once, as S3 decodes every key.
    const expected = KEYS.map((k) => k.replaceAll('%2e', '.'));
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('are deleted exactly, leaving the key their segments resolve to alone', async () => {
    await send('PUT', '/raw-keys-d');
    await send('PUT', '/raw-keys-d/c', 'resolved');
    await send('PUT', '/raw-keys-d/a/../c', 'literal');
    expect((await send('DELETE', '/raw-keys-d/a/../c')).status).toBe(204);
    expect((await send('GET', '/raw-keys-d/c')).body).toBe('resolved');
    expect((await send('GET', '/raw-keys-d/a/../c')).status).toBe(404);
  });
});

describe('keys whose escapes are not UTF-8', () => {
  // AWS answers 400 InvalidURI "Couldn't parse the specified URI." (gaul/s3proxy#201 recorded HEAD
  // %AE%8A- against AWS; ceph/s3-tests test_object_read_unreadable checks the message).
  it('are refused with 400 InvalidURI rather than stored under a lossy decoding', async () => {
    expect((await send('PUT', '/raw-keys-u')).status).toBe(200);
    for (const key of ['a%FFb', 'a%C3b', '%AE%8A-', 'x%ED%A0%80']) {
      const put = await send('PUT', `/raw-keys-u/${key}`, 'x');
      expect({ key, status: put.status }).toEqual({ key, status: 400 });
      expect(put.body).toContain("<Code>InvalidURI</Code><Message>Couldn&apos;t parse the specified URI.</Message>");
      expect((await send('GET', `/raw-keys-u/${key}`)).status).toBe(400);
    }
    expect((await send('GET', '/raw-keys-u?list-type=2')).body).not.toContain('<Key>');
  });

  it('leaves UTF-8 escapes, control characters and stray percent signs alone', async () => {
    for (const key of ['caf%C3%A9', 'a%01b', 'a%7Fb', '100%zz']) {
      expect({ key, status: (await send('PUT', `/raw-keys-u/${key}`, 'x')).status }).toEqual({ key, status: 200 });
    }
  });
});
