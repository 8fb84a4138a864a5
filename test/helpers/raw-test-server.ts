/** A raw TCP server for the raw-socket HTTP client's tests (src/net/http1-pool.ts): `answer(n, request)` gives the bytes for the n-th request on a connection, or 'close'. */
import type { Socket, TCPSocketListener } from 'bun';

export interface RawTestServer {
  readonly port: number;
  connections(): number;
  closed(): number;
  stop(): void;
}

export function rawTestServer(answer: (n: number, request: string) => string): RawTestServer {
  let connections = 0;
  let closed = 0;
  const listener: TCPSocketListener<{ requests: number }> = Bun.listen<{ requests: number }>({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { connections++; s.data = { requests: 0 }; },
      close() { closed++; },
      data(s: Socket<{ requests: number }>, data) {
        const out = answer(++s.data.requests, Buffer.from(data).toString('latin1'));
        if (out === 'close') s.end();
        else s.write(out);
      },
    },
  });
  return { port: listener.port, connections: () => connections, closed: () => closed, stop: () => listener.stop(true) };
}
