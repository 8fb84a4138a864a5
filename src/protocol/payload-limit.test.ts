import { describe, expect, it } from 'vitest';
import { EMPTY_BODY, NO_TRAILERS, type RequestBody } from './body.ts';
import { readPayloadBytes } from './payload-limit.ts';
import { isS3Error } from './s3-error.ts';

function streamed(chunks: readonly number[], length?: number): { body: RequestBody; pulls: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const size = chunks[pulled];
      pulled += 1;
      if (size === undefined) c.close();
      else c.enqueue(new Uint8Array(size).fill(pulled));
    },
  }, { highWaterMark: 0 });
  const body: RequestBody = { stream, length, trailerChecksum: undefined, trailers: () => Promise.resolve(NO_TRAILERS) };
  return { body, pulls: () => pulled };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err);
  if (!isS3Error(e)) throw new Error('expected an S3Error');
  return `${e.code} ${String(e.fields.MaxMessageLengthBytes)}`;
}

describe('readPayloadBytes', () => {
  it('joins a streamed body of exactly the limit', async () => {
    const { body } = streamed([3, 4, 3]);
    const bytes = await readPayloadBytes(body, 10);
    expect([...bytes]).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
  });

  it('stops pulling a streamed body at the chunk that passes the limit', async () => {
    const { body, pulls } = streamed([4, 4, 4, 4, 4, 4]);
    expect(await refusal(readPayloadBytes(body, 10))).toBe('MaxMessageLengthExceeded 10');
    expect(pulls()).toBe(3);
  });

  it('refuses an announced length past the limit without reading', async () => {
    const { body, pulls } = streamed([4], 11);
    expect(await refusal(readPayloadBytes(body, 10))).toBe('MaxMessageLengthExceeded 10');
    expect(pulls()).toBe(0);
  });

  it('checks a body read whole, and reads no body as empty', async () => {
    const whole: RequestBody = { ...EMPTY_BODY, length: undefined, whole: () => Promise.resolve(new Uint8Array(11)) };
    expect(await refusal(readPayloadBytes(whole, 10))).toBe('MaxMessageLengthExceeded 10');
    expect((await readPayloadBytes(EMPTY_BODY, 10)).byteLength).toBe(0);
  });
});
