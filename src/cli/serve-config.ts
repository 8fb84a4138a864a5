/** `serve`'s configuration: the environment (src/config.ts), with --host/--port taking precedence. */
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { LogFields } from '../log-line.ts';

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

/** `host:port`, with an IPv6 host in brackets. */
export function listenAddress(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The effective configuration, printed once at start: what an operator would otherwise guess. */
export function configFields(config: Config, port: number): LogFields {
  return {
    listen: listenAddress(config.host, port),
    hostname: config.hostname,
    virtualHosting: config.virtualHosting,
    signatureValidation: !config.skipSignatureValidation,
    enforceAccess: config.enforceAccess,
    persistence: config.persistence,
    dataDir: config.dataDir,
    tmpDir: config.tmpDir,
    maxMemoryObjectSize: config.maxMemoryObjectSize,
    defaultRegion: config.defaultRegion,
    allowNonstandardRegions: config.allowNonstandardRegions,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
  };
}
