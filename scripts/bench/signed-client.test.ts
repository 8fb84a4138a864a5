import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../../test/helpers/spawn-server.ts';
import { SignedClient } from './signed-client.ts';

let server: TestServer;

// Signatures are checked, so the light client must sign exactly as the SDK does.
beforeAll(async () => {
  server = await startInProcessServer({ env: { S3_SKIP_SIGNATURE_VALIDATION: '0' } });
});
afterAll(async () => server.stop());

describe('SignedClient', () => {
  it('signs and frames PutObject (aws-chunked, CRC32 trailer), GetObject, HeadObject and DeleteObject', async () => {
    const c = new SignedClient(server.endpoint);
    await c.createBucket('light-client');
    const body = new Uint8Array(1024).map((_, i) => i % 251);
    await c.put('light-client', 'k/a b+c.txt', body);
    expect(Buffer.from(await c.get('light-client', 'k/a b+c.txt')).equals(Buffer.from(body))).toBe(true);
    await c.head('light-client', 'k/a b+c.txt');
    expect(await c.list('light-client', 'k/', 10)).toContain('<Key>k/a b+c.txt</Key>');
    await c.delete('light-client', 'k/a b+c.txt');
    await expect(c.head('light-client', 'k/a b+c.txt')).rejects.toThrow('404');
  });

  it('frames an empty body as the final chunk alone', async () => {
    const c = new SignedClient(server.endpoint);
    await c.createBucket('light-client-empty');
    await c.put('light-client-empty', 'empty', new Uint8Array(0));
    expect((await c.get('light-client-empty', 'empty')).byteLength).toBe(0);
  });
});
