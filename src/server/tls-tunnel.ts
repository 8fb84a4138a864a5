/**
 * HTTPS on the HTTP port, as LocalStack's gateway: a connection whose first byte opens a TLS
 * handshake record is decrypted by node:tls over a Duplex fed from the raw socket's reads (Bun
 * cannot hand bytes already read to its own TLS upgrade), and the HTTP/1.1 Connection runs over it
 * unchanged. Plain connections never reach this module.
 */
import type { Socket } from 'bun';
import { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { ConnSocket } from './http1/connection.ts';
import { SocketWriter } from './http1/socket-writer.ts';

/** A TLS record of type handshake (a ClientHello) starts with 0x16; no HTTP method does. */
export const TLS_HANDSHAKE = 0x16;

/** What the tunnel reports upward: decrypted bytes and the TLS stream's state. */
export interface TunnelEvents {
  data(chunk: Uint8Array): void;
  drain(): void;
  end(): void;
  close(): void;
}

export class TlsTunnel implements ConnSocket {
  private readonly duplex: Duplex;
  private readonly tls: TLSSocket;
  private readonly rawWriter: SocketWriter;

  constructor(private readonly raw: Socket<unknown>, context: SecureContext, events: TunnelEvents) {
    this.rawWriter = new SocketWriter(raw);
    const rawWriter = this.rawWriter;
    this.duplex = new Duplex({
      allowHalfOpen: true,
      read: () => raw.resume(),
      // Encrypted bytes out: the callback waits for the raw socket to take them (backpressure).
      write: (chunk: Uint8Array, _encoding, done) => {
        if (rawWriter.write(chunk)) done();
        else void rawWriter.drained().then(() => done());
      },
      final: (done) => {
        raw.end();
        done();
      },
    });
    this.tls = new TLSSocket(this.duplex, { isServer: true, secureContext: context });
    this.tls.on('data', (b: Buffer) => events.data(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    this.tls.on('drain', () => events.drain());
    this.tls.on('end', () => events.end());
    this.tls.on('close', () => events.close());
    // A client that does not trust the certificate aborts the handshake: nothing to answer.
    this.tls.on('error', () => raw.terminate());
  }

  // The raw socket's events, from the listener.
  onRawData(chunk: Uint8Array): void {
    if (!this.duplex.push(chunk)) this.raw.pause();
  }

  onRawDrain(): void {
    this.rawWriter.onDrain();
  }

  onRawEnd(): void {
    this.duplex.push(null);
  }

  onRawClose(): void {
    this.rawWriter.onClose();
    this.tls.destroy();
  }

  // The socket the HTTP Connection writes to.
  /** Takes all of `data` or, while the TLS stream is over its high-water mark, none (the writer waits for drain). */
  write(data: Uint8Array, byteOffset = 0, byteLength = data.byteLength - byteOffset): number {
    if (this.tls.destroyed) return -1;
    if (this.tls.writableNeedDrain) return 0;
    // Copied: the Connection may reuse its buffer once write returns, the stream keeps the chunk.
    this.tls.write(data.slice(byteOffset, byteOffset + byteLength));
    return byteLength;
  }

  pause(): void {
    this.tls.pause();
  }

  resume(): void {
    this.tls.resume();
  }

  end(): void {
    this.tls.end();
  }

  terminate(): void {
    this.tls.destroy();
    this.raw.terminate();
  }
}
