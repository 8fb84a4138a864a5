import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { AwsChunkedParser, decodeAwsChunked, decodeAwsChunkedBytes, stripAwsChunked, type ChunkVerifier } from './aws-chunked.ts';
import { S3Error } from './s3-error.ts';

const te = new TextEncoder();

interface FrameOptions {
  readonly chunkSize?: number;
  readonly signed?: boolean;
  readonly trailers?: Record<string, string>;
  readonly trailerSignature?: string;
  /** Omit the final CRLF (the JS SDK does when it sends no trailers). */
  readonly noFinalCrlf?: boolean;
}

/** Frames `payload` the way SDKs do. */
function frame(payload: Uint8Array, o: FrameOptions = {}): Uint8Array {
  const size = o.chunkSize ?? 8;
  const parts: Uint8Array[] = [];
  const sig = (i: number) => (o.signed ? `;chunk-signature=${i.toString(16).padStart(64, '0')}` : '');
  let i = 0;
  for (let at = 0; at < payload.length; at += size, i++) {
    const piece = payload.subarray(at, at + size);
    parts.push(te.encode(`${piece.length.toString(16)}${sig(i)}\r\n`), piece, te.encode('\r\n'));
  }
  let tail = `0${sig(i)}\r\n`;
  for (const [k, v] of Object.entries(o.trailers ?? {})) tail += `${k}:${v}\r\n`;
  if (o.trailerSignature !== undefined) tail += `x-amz-trailer-signature:${o.trailerSignature}\r\n`;
  if (!o.noFinalCrlf) tail += '\r\n';
  parts.push(te.encode(tail));
  return join(parts);
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function payloadOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function streamOf(pieces: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const p = pieces[i++];
      if (p === undefined) c.close();
      else c.enqueue(p);
    },
  });
}

/** Splits `bytes` at the given offsets. */
function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...sorted, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

async function eachPiece(stream: ReadableStream<Uint8Array>, onPiece: (p: Uint8Array) => void): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onPiece(value);
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await eachPiece(stream, (p) => parts.push(p));
  return join(parts);
}

/** Runs the parser synchronously over `pieces`. */
function parse(pieces: readonly Uint8Array[], decodedLength?: number, verifier?: ChunkVerifier) {
  const parser = new AwsChunkedParser({ decodedLength, verifier });
  const out: Uint8Array[] = [];
  for (const p of pieces) parser.push(p, (b) => out.push(b));
  parser.end();
  return { payload: join(out), trailers: parser.trailers };
}

const parseError = (pieces: readonly Uint8Array[], decodedLength?: number): S3Error => thrown(S3Error, () => parse(pieces, decodedLength));

/** A tiny deterministic PRNG so failures are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('AwsChunkedParser: framing variants', () => {
  const payload = payloadOf(50);

  it('decodes unsigned chunks ending in 0\\r\\n\\r\\n', () => {
    expect(parse([frame(payload)], 50)).toEqual({ payload, trailers: {} });
  });

  it('accepts a body ending right after 0\\r\\n, as the JS SDK sends it without trailers', () => {
    expect(parse([frame(payload, { noFinalCrlf: true })], 50).payload).toEqual(payload);
  });

  it('decodes STREAMING-UNSIGNED-PAYLOAD-TRAILER bodies and exposes lower-cased trailers', () => {
    const body = frame(payload, { trailers: { 'X-Amz-Checksum-CRC64NVME': 'fJSIIc2xZuk=' } });
    expect(parse([body], 50)).toEqual({ payload, trailers: { 'x-amz-checksum-crc64nvme': 'fJSIIc2xZuk=' } });
  });

  it('decodes signed chunks and keeps the trailer signature out of the trailers', () => {
    const body = frame(payload, { signed: true, trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' }, trailerSignature: 'ab'.repeat(32) });
    expect(parse([body], 50)).toEqual({ payload, trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
  });

  it('decodes an empty payload', () => {
    expect(parse([te.encode('0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n')], 0)).toEqual({
      payload: new Uint8Array(0), trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
    });
  });

  it('accepts upper-case hex sizes and a last trailer line without its CRLF', () => {
    const body = te.encode('A\r\n0123456789\r\n0\r\nx-amz-checksum-sha1:abc=');
    expect(parse([body], 10)).toEqual({ payload: te.encode('0123456789'), trailers: { 'x-amz-checksum-sha1': 'abc=' } });
  });

  it('hands payload slices out as views of the input, not copies', () => {
    const body = frame(payload, { chunkSize: 64 });
    const parser = new AwsChunkedParser();
    const seen: Uint8Array[] = [];
    parser.push(body, (b) => seen.push(b));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.buffer).toBe(body.buffer);
  });
});

describe('AwsChunkedParser: arbitrary split points', () => {
  const payload = payloadOf(200, 7);
  const variants: Record<string, Uint8Array> = {
    unsigned: frame(payload, { chunkSize: 17 }),
    'unsigned trailer': frame(payload, { chunkSize: 64, trailers: { 'x-amz-checksum-crc32c': 'sOO8/Q==' } }),
    signed: frame(payload, { chunkSize: 50, signed: true }),
    'signed trailer': frame(payload, { chunkSize: 33, signed: true, trailers: { 'x-amz-checksum-sha256': 'x' }, trailerSignature: 'f'.repeat(64) }),
  };

  for (const [name, body] of Object.entries(variants)) {
    it(`decodes the ${name} body split once at every position`, () => {
      const whole = parse([body], payload.length);
      for (let cut = 1; cut < body.length; cut++) expect(parse(splitAt(body, [cut]), payload.length)).toEqual(whole);
    });

    it(`decodes the ${name} body fed one byte at a time`, () => {
      const bytes = Array.from(body, (_, i) => body.subarray(i, i + 1));
      expect(parse(bytes, payload.length).payload).toEqual(payload);
    });

    it(`decodes the ${name} body split at 300 random sets of positions`, () => {
      const rand = prng(name.length * 7919);
      const whole = parse([body], payload.length);
      for (let round = 0; round < 300; round++) {
        const cuts = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * body.length));
        expect(parse(splitAt(body, cuts), payload.length)).toEqual(whole);
      }
    });
  }
});

describe('AwsChunkedParser: bad bodies', () => {
  const payload = payloadOf(30);

  it('refuses a body shorter than x-amz-decoded-content-length with IncompleteBody and the byte counts', () => {
    const err = parseError([frame(payload)], 40);
    expect(err).toMatchObject({ code: 'IncompleteBody', status: 400, message: 'You did not provide the number of bytes specified by the Content-Length HTTP header' });
    expect(err.fields).toEqual({ NumberBytesExpected: 40, NumberBytesProvided: 30 });
  });

  it('refuses a body longer than x-amz-decoded-content-length', () => {
    expect(parseError([frame(payload)], 20).fields).toEqual({ NumberBytesExpected: 20, NumberBytesProvided: 30 });
  });

  const malformed: Record<string, string> = {
    'a non-hex size': 'zz\r\nabc\r\n0\r\n\r\n',
    'an empty size line': '\r\nabc\r\n0\r\n\r\n',
    'a size line ending in a bare LF': '3\nabc\r\n0\r\n\r\n',
    'a chunk longer than its size': '3\r\nabcd\r\n0\r\n\r\n',
    'a chunk shorter than its size': '5\r\nabc\r\n0\r\n\r\n',
    'no final chunk': '3\r\nabc\r\n',
    'a body cut inside a chunk': '5\r\nabc',
    'a body cut inside the size line': '3\r\nabc\r\n0',
    'a trailer line without a colon': '3\r\nabc\r\n0\r\nnot-a-header\r\n\r\n',
    'bytes after the final CRLF': '3\r\nabc\r\n0\r\n\r\nextra',
    'an endless size line': `3${';x'.repeat(5000)}\r\nabc\r\n0\r\n\r\n`,
  };
  for (const [what, body] of Object.entries(malformed)) {
    it(`refuses ${what} with IncompleteBody "The request body terminated unexpectedly"`, () => {
      expect(parseError([te.encode(body)])).toMatchObject({ code: 'IncompleteBody', status: 400, message: 'The request body terminated unexpectedly' });
    });
  }

  it('tolerates stray CRLFs after the final one', () => {
    expect(parse([te.encode('3\r\nabc\r\n0\r\n\r\n\r\n')], 3).payload).toEqual(te.encode('abc'));
  });
});

describe('AwsChunkedParser: chunk verifier hook', () => {
  it('sees every chunk with its signature, the final empty one, then the trailer', () => {
    const calls: string[] = [];
    let bytes = 0;
    const verifier: ChunkVerifier = {
      update: (b) => { bytes += b.length; },
      endChunk: (sig) => { calls.push(`chunk ${bytes} ${sig?.slice(-2)}`); bytes = 0; },
      endTrailer: (lines, sig) => calls.push(`trailer ${lines.join('|')} ${sig}`),
    };
    const body = frame(payloadOf(20), { chunkSize: 8, signed: true, trailers: { 'x-amz-checksum-crc32': 'q' }, trailerSignature: 'ts' });
    parse(splitAt(body, [3, 11, 40]), 20, verifier);
    expect(calls).toEqual(['chunk 8 00', 'chunk 8 01', 'chunk 4 02', 'chunk 0 03', 'trailer x-amz-checksum-crc32:q ts']);
  });
});

describe('decodeAwsChunked', () => {
  it('streams the payload and resolves trailers once the body is read', async () => {
    const payload = payloadOf(1000);
    const body = frame(payload, { chunkSize: 100, trailers: { 'x-amz-checksum-crc32': 'abc=' } });
    const { stream, trailers } = decodeAwsChunked(streamOf(splitAt(body, [5, 99, 500, 1001])), { decodedLength: 1000 });
    expect(await readAll(stream)).toEqual(payload);
    expect(await trailers).toEqual({ 'x-amz-checksum-crc32': 'abc=' });
  });

  it('errors the stream (and the trailers) with the S3Error of a bad body', async () => {
    const { stream, trailers } = decodeAwsChunked(streamOf([frame(payloadOf(10))]), { decodedLength: 11 });
    await expect(readAll(stream)).rejects.toMatchObject({ code: 'IncompleteBody', fields: { NumberBytesExpected: 11, NumberBytesProvided: 10 } });
    await expect(trailers).rejects.toBeInstanceOf(S3Error);
  });

  it('rejects the trailers when the network body fails', async () => {
    const boom = new Error('connection reset');
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(te.encode('5\r\nab'));
        c.error(boom);
      },
    });
    const { stream, trailers } = decodeAwsChunked(source);
    await expect(readAll(stream)).rejects.toBe(boom);
    await expect(trailers).rejects.toBe(boom);
  });

  it('reads the source only as fast as the consumer reads (no buffering ahead)', async () => {
    let pulls = 0;
    const piece = frame(payloadOf(1024), { chunkSize: 1024 }).subarray(0, 1024 + 7); // "400\r\n" + 1024 bytes + "\r\n"
    const source = new ReadableStream<Uint8Array>({ pull(c) { pulls++; c.enqueue(piece); } }, { highWaterMark: 0 });
    const reader = decodeAwsChunked(source).stream.getReader();
    for (let i = 0; i < 3; i++) expect((await reader.read()).value?.length).toBe(1024);
    expect(pulls).toBeLessThanOrEqual(4);
    await reader.cancel();
  });

  it('with ownsReads, frees each read once parsed and hands out pieces of their own, wherever the reads split', async () => {
    const payload = payloadOf(300);
    // Signed size lines (~80 bytes) get cut by the reads too.
    const body = frame(payload, { chunkSize: 64, signed: true, trailers: { 'x-amz-checksum-crc32': 'abc=' } });
    for (let cut = 1; cut < body.length; cut += 5) {
      const reads = splitAt(body, [cut, cut + 40, cut + 41, cut + 150]).map((r) => r.slice());
      const pieces: Uint8Array[] = [];
      const { stream, trailers } = decodeAwsChunked(streamOf(reads), { decodedLength: 300, ownsReads: true });
      await eachPiece(stream, (p) => pieces.push(p));
      expect(join(pieces), `cut ${cut}`).toEqual(payload);
      expect(await trailers).toEqual({ 'x-amz-checksum-crc32': 'abc=' });
      expect(reads.every((r) => r.buffer.detached), `cut ${cut}`).toBe(true);
      expect(pieces.every((p) => p.byteOffset === 0 && p.byteLength === p.buffer.byteLength)).toBe(true);
    }
  });

  it('without ownsReads, hands out views and leaves the reads alone', async () => {
    const reads = splitAt(frame(payloadOf(100), { chunkSize: 64 }), [30]).map((r) => r.slice());
    expect(await readAll(decodeAwsChunked(streamOf(reads)).stream)).toEqual(payloadOf(100));
    expect(reads.some((r) => r.buffer.detached)).toBe(false);
  });

  it('passes a 64 MiB body through, one network-sized piece at a time', async () => {
    const CHUNK = 64 * 1024;
    const total = 64 * 1024 * 1024;
    const data = payloadOf(CHUNK);
    const framed = join([te.encode(`${CHUNK.toString(16)}\r\n`), data, te.encode('\r\n')]);
    let sent = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent === total) {
          c.enqueue(te.encode('0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'));
          c.close();
          return;
        }
        sent += CHUNK;
        // Split each frame unevenly, as the network would.
        c.enqueue(framed.subarray(0, 3));
        c.enqueue(framed.subarray(3, 40_000));
        c.enqueue(framed.subarray(40_000));
      },
    }, { highWaterMark: 0 });
    const { stream, trailers } = decodeAwsChunked(source, { decodedLength: total });
    let received = 0;
    let largest = 0;
    await eachPiece(stream, (p) => {
      received += p.length;
      largest = Math.max(largest, p.length);
    });
    expect(received).toBe(total);
    expect(largest).toBeLessThanOrEqual(CHUNK);
    expect(await trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==' });
  });
});

describe('decodeAwsChunkedBytes', () => {
  /** The parser's verdict on the same bytes: its payload and trailers, or its error. */
  function viaParser(bytes: Uint8Array, decodedLength?: number): unknown {
    try {
      return parse([bytes], decodedLength);
    } catch (e) {
      return e;
    }
  }

  function viaBytes(bytes: Uint8Array, decodedLength?: number): unknown {
    try {
      const { payload, trailers } = decodeAwsChunkedBytes(bytes, { decodedLength });
      return { payload: join([payload]), trailers };
    } catch (e) {
      return e;
    }
  }

  const payload = payloadOf(1024);
  const crc = { 'x-amz-checksum-crc32': 'AAAAAA==' };
  const frames: Record<string, Uint8Array> = {
    'one chunk with a trailer (what SDKs send for small bodies)': frame(payload, { chunkSize: 1024, trailers: crc }),
    'one chunk, no trailers': frame(payload, { chunkSize: 1024 }),
    'one chunk, two trailers with spaces and upper case': frame(payload, { chunkSize: 1024, trailers: { 'X-Amz-Checksum-CRC32': ' AAAAAA== ', 'x-amz-meta-a': 'b' } }),
    'one chunk with an upper-case hex size': te.encode('A\r\n0123456789\r\n0\r\n\r\n'),
    'several chunks': frame(payload, { chunkSize: 100, trailers: crc }),
    'a signed chunk': frame(payload, { chunkSize: 1024, signed: true }),
    'a trailer signature': frame(payload, { chunkSize: 1024, trailers: crc, trailerSignature: 'ab'.repeat(32) }),
    'no final CRLF': frame(payload, { chunkSize: 1024, noFinalCrlf: true }),
    'an empty payload': frame(new Uint8Array(0)),
    'stray CRLFs after the end': te.encode('3\r\nabc\r\n0\r\n\r\n\r\n'),
    'bytes after the end': te.encode('3\r\nabc\r\n0\r\n\r\nextra'),
    'a final chunk written 00': te.encode('3\r\nabc\r\n00\r\n\r\n'),
    'a chunk longer than its size': te.encode('3\r\nabcd\r\n0\r\n\r\n'),
    'a chunk shorter than its size': te.encode('5\r\nabc\r\n0\r\n\r\n'),
    'a size line ending in a bare LF': te.encode('3\nabc\r\n0\r\n\r\n'),
    'a 16-digit size': te.encode('0000000000000003\r\nabc\r\n0\r\n\r\n'),
    'a trailer without a colon': te.encode('3\r\nabc\r\n0\r\nnot-a-header\r\n\r\n'),
    'a trailer line ending in a bare LF': te.encode('3\r\nabc\r\n0\r\na:b\n\r\n'),
    'a trailer line of 5000 bytes': te.encode(`3\r\nabc\r\n0\r\na:${'b'.repeat(5000)}\r\n\r\n`),
    'a body cut after the final chunk': te.encode('3\r\nabc\r\n0\r\n'),
    'no final chunk': te.encode('3\r\nabc\r\n'),
  };
  for (const [what, bytes] of Object.entries(frames)) {
    it(`decodes ${what} as the streaming parser does`, () => {
      for (const length of [undefined, 3, 10, 1024, 2000]) expect(viaBytes(bytes, length)).toEqual(viaParser(bytes, length));
    });
  }

  it('returns the payload as a view of the input, not a copy', () => {
    const bytes = frame(payload, { chunkSize: 1024, trailers: crc });
    const decoded = decodeAwsChunkedBytes(bytes, { decodedLength: 1024 });
    expect(decoded.payload.buffer).toBe(bytes.buffer);
    expect(decoded.trailers).toEqual(crc);
  });
});

describe('stripAwsChunked', () => {
  it('removes aws-chunked and keeps the other encodings', () => {
    expect(stripAwsChunked('aws-chunked')).toBeUndefined();
    expect(stripAwsChunked('gzip,aws-chunked')).toBe('gzip');
    expect(stripAwsChunked('aws-chunked, gzip')).toBe('gzip');
    expect(stripAwsChunked('gzip, br')).toBe('gzip, br');
    expect(stripAwsChunked(undefined)).toBeUndefined();
    expect(stripAwsChunked('')).toBe('');
  });
});
