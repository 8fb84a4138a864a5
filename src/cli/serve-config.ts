/** `serve`'s configuration: the environment (src/config.ts), with --host/--port taking precedence. */
import { ConfigError, loadConfig, type Config } from '../config.ts';

export interface ServeFlags {
  host?: string | undefined;
  port?: string | undefined;
}

/** Flags override GATEWAY_LISTEN; everything else comes from the environment only. */
export function resolveServeConfig(env: Record<string, string | undefined>, flags: ServeFlags): Config {
  const config = loadConfig(env);
  let { host, port } = config;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) throw new ConfigError('--port', flags.port, 'expected 0-65535');
  }
  if (flags.host !== undefined) {
    if (flags.host.trim() === '') throw new ConfigError('--host', flags.host, 'expected a host name or address');
    host = flags.host.trim();
  }
  return { ...config, host, port };
}
