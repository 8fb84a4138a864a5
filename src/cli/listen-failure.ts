/**
 * Why `serve` could not listen, as one line naming the address and the setting it came from. Bun's
 * listen error says only "Failed to listen at <host>", with an errno code when the bind failed.
 */
import { lookup } from 'node:dns/promises';
import { listenAddress } from './serve-config.ts';

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'no interface of this machine has that address',
  EACCES: 'permission denied (ports below 1024 need privileges)',
};

export interface ListenFailure {
  message: string;
  /** 2 when the setting itself is wrong (a host that does not resolve), 1 when the bind failed. */
  exitCode: 1 | 2;
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** `origin` names the setting, e.g. `GATEWAY_LISTEN="nonsense"` or `--port 80`. */
export async function explainListenFailure(e: unknown, host: string, port: number, origin: string): Promise<ListenFailure> {
  const address = listenAddress(host, port);
  const code = errorCode(e);
  if (code === undefined) {
    // No errno: the host name did not resolve, which only a lookup can tell apart.
    const unresolved = await lookup(host).then(() => undefined, (err: unknown) => errorCode(err) ?? 'lookup failed');
    if (unresolved !== undefined) {
      return { message: `cannot listen on ${address} (${origin}): host ${JSON.stringify(host)} does not resolve (${unresolved})`, exitCode: 2 };
    }
  }
  const reason = code === undefined ? (e instanceof Error ? e.message : String(e)) : `${REASONS[code] ?? 'bind failed'} (${code})`;
  return { message: `cannot listen on ${address} (${origin}): ${reason}`, exitCode: 1 };
}
