import { describe, expect, it } from 'vitest';
import { formBoundary, readPostForm } from './post-form.ts';
import { S3Error } from './s3-error.ts';

/** A multipart body split into chunks of `chunk` bytes, to cross every boundary. */
function body(text: string | Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) c.close();
      else c.enqueue(bytes.slice(at, (at += chunk)));
    },
  });
}

function form(parts: string[], boundary = 'XyZ'): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
}

const field = (name: string, value: string): string => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;

async function text(stream: ReadableStream<Uint8Array> | undefined): Promise<string> {
  return stream === undefined ? '' : new Response(stream).text();
}

describe('formBoundary', () => {
  it('reads plain and quoted boundaries of multipart/form-data only', () => {
    expect(formBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(formBoundary('Multipart/Form-Data;boundary="a b"')).toBe('a b');
    expect(formBoundary('text/html')).toBeUndefined();
    expect(formBoundary(null)).toBeUndefined();
  });
});

describe('readPostForm', () => {
  it('buffers the fields before the file and streams the file, ignoring what follows', async () => {
    for (const chunk of [1, 3, 7, 64, 4096]) {
      const payload = 'line one\r\n--Xy\r\n--X\r\n\u00e9 end\r';
      const raw = form([
        field('key', 'uploads/${filename}'),
        field('x-amz-meta-Note', 'caf\u00e9 \u2014 ok'),
        `Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${payload}`,
        field('ignored', 'after the file'),
      ]);
      const parsed = await readPostForm(body(raw, chunk), 'XyZ');
      expect(parsed.fields, `chunk ${chunk}`).toEqual([['key', 'uploads/${filename}'], ['x-amz-meta-Note', 'caf\u00e9 \u2014 ok']]);
      expect(parsed.file?.filename).toBe('a.txt');
      expect(await text(parsed.file?.body), `chunk ${chunk}`).toBe(payload);
    }
  });

  it('streams binary files byte-exactly and takes a file sent as a plain field', async () => {
    const bin = new Uint8Array(70_000).map((_, i) => (i * 13) & 0xff);
    const head = new TextEncoder().encode(`--b\r\n${field('key', 'k')}\r\n--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n`);
    const tail = new TextEncoder().encode('\r\n--b--\r\n');
    const parsed = await readPostForm(body(new Uint8Array([...head, ...bin, ...tail]), 1000), 'b');
    expect(parsed.file?.filename).toBeUndefined();
    const got = new Uint8Array(await new Response(parsed.file?.body).arrayBuffer());
    expect(Buffer.from(got).equals(Buffer.from(bin))).toBe(true);
  });

  it('answers a form without a file, and rejects malformed bodies with MalformedPOSTRequest', async () => {
    expect((await readPostForm(body(form([field('key', 'k')])), 'XyZ')).file).toBeUndefined();
    for (const bad of ['no boundary here', `--XyZ\r\nno headers end`, `--XyZ\r\n${field('key', 'k')}`]) {
      const err = await readPostForm(body(bad), 'XyZ').catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(S3Error);
      expect((err as S3Error).code).toBe('MalformedPOSTRequest');
    }
    const huge = await readPostForm(body(form([field('key', 'k'), field('x-amz-meta-big', 'v'.repeat(21 * 1024))]), 4096), 'XyZ').catch((e: unknown) => e);
    expect((huge as S3Error).code).toBe('MaxPostPreDataLengthExceededError');
    const truncated = await readPostForm(body(`--XyZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc`), 'XyZ');
    await expect(text(truncated.file?.body)).rejects.toMatchObject({ code: 'MalformedPOSTRequest' });
  });
});
