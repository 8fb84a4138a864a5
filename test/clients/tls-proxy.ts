/**
 * A byte-transparent TLS terminator in front of the server under test. botocore only sends
 * checksums as aws-chunked trailers over https (botocore/httpchecksum.py: "we'll only use trailers
 * over TLS"); over plain http it sends them as headers. Terminating TLS here lets the Python clients
 * exercise the trailer path without the server itself speaking TLS.
 *
 * tls/ holds a test-only CA and a 127.0.0.1/localhost certificate it signed (the CA key was thrown
 * away); clients trust it through AWS_CA_BUNDLE=tls/ca.pem.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';

export const TEST_CA_BUNDLE = fileURLToPath(new URL('./tls/ca.pem', import.meta.url));

export interface TlsProxy {
  /** e.g. https://127.0.0.1:40123 */
  readonly endpoint: string;
  close(): Promise<void>;
}

export function startTlsProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<TlsProxy> {
  const sockets = new Set<Socket | TLSSocket>();
  const server = createServer(
    {
      cert: readFileSync(new URL('./tls/server.pem', import.meta.url)),
      key: readFileSync(new URL('./tls/server-key.pem', import.meta.url)),
    },
    (client) => {
      const upstream = connect(upstreamPort, upstreamHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      }
      // Either side failing ends both: the client then sees a reset, as it would without us.
      client.once('error', () => upstream.destroy());
      upstream.once('error', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('TLS proxy has no port'));
        return;
      }
      resolve({
        endpoint: `https://127.0.0.1:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
