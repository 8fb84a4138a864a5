/** `serve`'s configuration: the environment (src/config.ts), with --host/--port taking precedence. */
import { ConfigError, DEFAULT_DATA_DIR, loadConfig, type Config } from '../config.ts';
import type { LogFields } from '../log-line.ts';

export interface ServeFlags {
  host?: string | undefined;
  port?: string | undefined;
}

/**
 * Flags override GATEWAY_LISTEN (its first address; a flag means one address); everything else
 * comes from the environment only.
 */
export function resolveServeConfig(env: Record<string, string | undefined>, flags: ServeFlags): Config {
  const config = loadConfig(env);
  if (flags.host === undefined && flags.port === undefined) return config;
  let { host, port } = config;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) throw new ConfigError('--port', flags.port, 'expected 0-65535');
  }
  if (flags.host !== undefined) {
    if (flags.host.trim() === '') throw new ConfigError('--host', flags.host, 'expected a host name or address');
    host = flags.host.trim();
  }
  return { ...config, host, port, listen: [{ host, port }] };
}

/** `host:port`, with an IPv6 host in brackets. */
export function listenAddress(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The effective configuration, printed once at start: what an operator would otherwise guess. */
export function configFields(config: Config, ports: readonly number[]): LogFields {
  return {
    listen: config.listen.map((a, i) => listenAddress(a.host, ports[i] ?? a.port)).join(','),
    hostname: config.hostname,
    virtualHosting: config.virtualHosting,
    signatureValidation: !config.skipSignatureValidation,
    enforceAccess: config.enforceAccess,
    persistence: config.persistence,
    dataDir: config.persistence ? config.dataDir ?? DEFAULT_DATA_DIR : config.dataDir,
    persistenceFsync: config.persistenceFsync,
    tmpDir: config.tmpDir,
    maxMemoryObjectSize: config.maxMemoryObjectSize,
    defaultRegion: config.defaultRegion,
    allowNonstandardRegions: config.allowNonstandardRegions,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
  };
}

/** The settings the listen address came from, for error messages: flags first, then the environment. */
export function listenOrigin(env: Record<string, string | undefined>, flags: ServeFlags): string {
  const parts: string[] = [];
  if (flags.host !== undefined) parts.push(`--host ${flags.host}`);
  if (flags.port !== undefined) parts.push(`--port ${flags.port}`);
  if (flags.host === undefined || flags.port === undefined) {
    const raw = env.GATEWAY_LISTEN;
    parts.push(raw === undefined ? 'GATEWAY_LISTEN unset, default 0.0.0.0:4566' : `GATEWAY_LISTEN=${JSON.stringify(raw)}`);
  }
  return `from ${parts.join(', ')}`;
}
