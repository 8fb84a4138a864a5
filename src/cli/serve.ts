/**
 * `serve`: environment (+ a few flags) -> Config -> app -> the HTTP front (src/server/). A bad setting stops it before
 * it listens (exit 2, naming the variable), an unwritable TMPDIR included; SIGINT/SIGTERM stop it
 * gracefully (exit 0).
 */
import { defineCommand } from 'citty';
import { ConfigError, type Config } from '../config.ts';
import { createApp, type App, type AppOptions } from '../core/app.ts';
import { startServer, type RunningServer } from '../server/http-server.ts';
import { setUpTls, type TlsSetup } from '../tls/credentials.ts';
import { createRequestLog } from '../core/request-log.ts';
import { consoleStartLine } from '../console/console-config.ts';
import { bufferedSink } from '../log-buffer.ts';
import { consoleSink } from '../log-line.ts';
import { localStackWarnings } from '../localstack-settings.ts';
import { log, logLine, setLogFormat, setLogLevel, setLogSink } from '../log.ts';
import { removeAbandonedTempDirs, tempDirProblem } from '../storage/temp-dir.ts';
import { explainListenFailure } from './listen-failure.ts';
import { configFields, listenAddress, listenOrigin, resolveServeConfig } from './serve-config.ts';

/** In-flight requests get this long to finish after a stop signal before connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** Listens on every address, or says in one line why not (the address and the setting it came from) and exits. */
async function listen(app: App, config: Config, tls: TlsSetup, origin: string): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  for (const { host, port } of config.listen) {
    try {
      servers.push(startServer(app, { host, port, tls: tls.context }));
    } catch (e) {
      const failure = await explainListenFailure(e, host, port, origin);
      await Promise.all(servers.map((s) => s.stop(true)));
      await app.close();
      process.stderr.write(`ruststack-s3: ${failure.message}\n`);
      process.exit(failure.exitCode);
    }
  }
  return servers;
}

/**
 * Bodies over the memory limit spill under TMPDIR: refuse to start where that cannot work (e.g.
 * `docker run --read-only`) rather than answer 500 to every large upload.
 */
function assertTempDirWritable(config: Config): void {
  const problem = tempDirProblem(config.tmpDir);
  if (problem === undefined) return;
  throw new ConfigError('TMPDIR', config.tmpDir, `bodies over ${config.maxMemoryObjectSize} bytes are written there, but ${problem} `
    + '(point TMPDIR at a writable directory; with docker run --read-only, add --tmpfs /tmp)');
}

/** Spill directories of servers that were killed or crashed: theirs no longer, ours to remove. */
function removeLeftovers(config: Config): void {
  void removeAbandonedTempDirs(config.tmpDir).then((removed) => {
    if (removed.length > 0) log.info(`removed ${removed.length} temp director${removed.length === 1 ? 'y' : 'ies'} left in ${config.tmpDir} by stopped servers`);
  });
}

/**
 * PERSISTENCE=1: the state under DATA_DIR, loaded before the server listens. A directory that
 * cannot be used (another format, not ours, in use) stops `serve` with a message naming it.
 */
async function openStorage(config: Config): Promise<AppOptions['storage']> {
  if (!config.persistence) return undefined;
  const { openPersistentStorage, PersistenceError } = await import('../persist/open.ts');
  try {
    const started = performance.now();
    const storage = await openPersistentStorage({ dataDir: config.dataDir, fsync: config.persistenceFsync, maxMemoryObjectSize: config.maxMemoryObjectSize });
    const { report, layout } = storage;
    log.info(`loaded ${report.buckets} buckets, ${report.versions} object versions and ${report.uploads} uploads from ${layout.dir} in ${Math.round(performance.now() - started)} ms`);
    if (report.orphanFiles > 0) log.info(`removed ${report.orphanFiles} body files no object referred to (writes interrupted by a stop)`);
    if (report.lostFiles > 0) log.error(`${report.lostFiles} object versions or parts lost their body file (power loss without S3_PERSISTENCE_FSYNC?) and were dropped`);
    return storage;
  } catch (e) {
    if (!(e instanceof PersistenceError)) throw e;
    process.stderr.write(`ruststack-s3: ${e.message}\n`);
    process.exit(2);
  }
}

function onStopSignals(servers: readonly RunningServer[], app: App): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) process.exit(130); // a second Ctrl-C means "now"
    stopping = true;
    log.info(`${signal} received, shutting down`);
    const force = setTimeout(() => void Promise.all(servers.map((s) => s.stop(true))), SHUTDOWN_GRACE_MS);
    await Promise.all(servers.map((s) => s.stop(false)));
    clearTimeout(force);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

export const serveCommand = defineCommand({
  meta: { name: 'serve', description: 'Run the S3 emulator (configured by LocalStack environment variables)' },
  args: {
    host: { type: 'string', valueHint: 'address', description: "listen address, e.g. 127.0.0.1 or :: (overrides GATEWAY_LISTEN's host)" },
    port: { type: 'string', valueHint: 'port', description: "listen port, 0 for any free one (overrides GATEWAY_LISTEN's port)" },
  },
  async run({ args }) {
    let config: Config;
    let tls: TlsSetup;
    const flags = { host: args.host, port: args.port };
    try {
      config = resolveServeConfig(process.env, flags);
      // With persistence, bodies spill under DATA_DIR instead.
      if (!config.persistence) assertTempDirWritable(config);
      tls = setUpTls(config);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      process.stderr.write(`ruststack-s3: ${e.message}\n`);
      process.exit(2);
    }
    setLogLevel(config.logLevel);
    setLogFormat(config.logFormat);
    // Every line through one buffer, so request lines, the rest and `Ready.` keep their order.
    const out = bufferedSink(consoleSink);
    process.on('exit', out.flush);
    setLogSink(out.sink);
    // A LocalStack compose file may set what this server does otherwise: said once, before Ready.
    for (const line of localStackWarnings(process.env)) log.warn(line);
    const storage = await openStorage(config);
    const app = createApp(config, { requestLog: createRequestLog(config.logLevel, config.logFormat, out.sink), storage });
    const servers = await listen(app, config, tls, listenOrigin(process.env, flags));
    onStopSignals(servers, app);
    const ports = servers.map((s) => s.port);
    logLine('info', '', 'configuration', configFields(config, ports));
    const addresses = config.listen.map((a, i) => `http://${listenAddress(a.host, ports[i] ?? a.port)}`);
    log.info(`ruststack-s3 ready on ${addresses.join(', ')} (HTTPS too, same port${addresses.length > 1 ? 's' : ''})`);
    // As LocalStack warns: anyone who can reach the port can switch signature validation off.
    if (config.configUpdates) log.warn('ENABLE_CONFIG_UPDATES=1: POST /_localstack/config changes settings at runtime; anyone reaching this port can use it');
    if (config.console.enabled) log.info(consoleStartLine(config.host, ports[0] ?? config.port, config.console));
    log.info(tls.generated
      ? `HTTPS certificate generated for localhost and *.localhost.localstack.cloud: ${tls.path} (trust ${tls.path}.crt)`
      : `HTTPS certificate from ${tls.path}`);
    // testcontainers' LocalStack module waits for a line matching /.*Ready\.\n/, as LocalStack prints:
    // bare even in JSON lines, where the message would be followed by `"}`.
    out.sink('Ready.', false);
    removeLeftovers(config);
    // The compiled binary starts with the JIT held back (scripts/build.ts) so code that only runs
    // at start is never compiled; requests get the normal policy.
    Bun.unsafe.setJITPolicy(1);
  },
});
