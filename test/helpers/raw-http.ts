/**
 * Requests written byte for byte on their own connection, for what fetch and the SDKs refuse or
 * rewrite (bad Host headers, dot segments, raw UTF-8 header bytes, malformed framing).
 */
import { connect } from 'node:net';

/** Writes `bytes` (a string goes as UTF-8) and resolves with everything read until the server closes. */
export function exchange(port: number, bytes: string | Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.write(bytes);
  });
}

export interface RawAnswer {
  readonly status: number;
  /** The status line and header lines, as sent (latin1). */
  readonly head: string;
  /** Header fields by lower-case name, values trimmed. */
  readonly headers: Map<string, string>;
  readonly body: Buffer;
}

/** The first response in `bytes`. */
export function parseAnswer(bytes: Buffer): RawAnswer {
  const split = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, split).toString('latin1');
  const lines = head.split('\r\n');
  const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  return { status: Number(lines[0]?.slice(9, 12)), head, headers, body: bytes.subarray(split + 4) };
}
