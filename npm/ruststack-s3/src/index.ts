/**
 * ruststack-s3 for JavaScript test suites: `startS3()` runs the compiled S3 emulator as a child
 * process, on a free port by default, and resolves once it answers its health check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { call, waitHealthy } from './_http.js';
import { watchOutput } from './_output.js';
import { resolveBinary } from './platform.js';

export { BINARY_ENV, PLATFORMS, UnsupportedPlatformError, detectPlatform, platformPackage, resolveBinary, type Platform } from './platform.js';

export interface StartS3Options {
  /** TCP port to listen on; 0 (the default) takes a free one, read back from the server. */
  port?: number;
  /** Address to listen on (default `127.0.0.1`); `0.0.0.0` or `::` to be reachable from other machines or containers. */
  host?: string;
  /**
   * Server settings, with LocalStack's names (`S3_SKIP_SIGNATURE_VALIDATION: '0'`, `LOG_LEVEL`, ...).
   * The server does not see the rest of this process's environment (only PATH, HOME, TMPDIR, TZ,
   * locale and proxy variables), so a `DEBUG` or `LOG_LEVEL` meant for the code under test cannot
   * change it. An `undefined` value removes a variable that would be passed.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborting it cancels a start in progress (startS3 rejects with its reason) or stops a started server. */
  signal?: AbortSignal;
  /** How long the start may take before startS3 kills the process and rejects (default 10000 ms). */
  startupTimeoutMs?: number;
  /** How long stop() waits after SIGTERM, while requests in flight finish, before SIGKILL (default 6000 ms). */
  stopTimeoutMs?: number;
  /** The executable to run, instead of RUSTSTACK_S3_BINARY or this platform's package. */
  binary?: string;
  /** Copy the server's output (a line per request at LOG_LEVEL info) to this process's stdout and stderr. */
  logs?: boolean;
}

export interface S3Server {
  /** Base URL for S3 clients, e.g. `http://127.0.0.1:40123` (use path-style addressing). */
  readonly endpoint: string;
  readonly port: number;
  /** The server's process id. */
  readonly pid: number;
  /** Stops the server: SIGTERM, then SIGKILL after `stopTimeoutMs`. Resolves once the process is gone; calling it again is harmless. */
  stop(): Promise<void>;
  /** Deletes every bucket and object (LocalStack's `POST /_localstack/state/reset`). */
  reset(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 10_000;
// serve gives requests in flight 5 s after SIGTERM before it cuts them (src/cli/serve.ts).
const STOP_TIMEOUT_MS = 6_000;
const RESET_TIMEOUT_MS = 10_000;
const HEALTH_PATH = '/_localstack/health';
const RESET_PATH = '/_localstack/state/reset';
/** What any program may need from its parent's environment; none of these is a server setting besides TMPDIR. */
const PASSED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** Servers still running, stopped when this process exits (a parent killed by a signal cannot do that). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  live.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const running of live) running.kill('SIGTERM');
  });
}

function serverEnv(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** The address clients use: a wildcard listen address is reached through loopback. */
function endpointFor(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const connect = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare;
  return `http://${connect.includes(':') ? `[${connect}]` : connect}:${port}`;
}

function checkOptions(port: number, host: string, timeouts: readonly number[]): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`startS3: port must be an integer from 0 to 65535, got ${port}`);
  if (host === '') throw new RangeError('startS3: host must not be empty');
  for (const ms of timeouts) if (!(ms > 0)) throw new RangeError(`startS3: timeouts must be positive, got ${ms}`);
}

/** A stream's unref() when it has one: Node's pipes do, other runtimes' streams may not. */
function unref(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') handle.unref();
}

/** Resolves when the process is gone, whether it exited or never started. */
function whenGone(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal === null ? `exited with code ${code}` : `was killed by ${signal}`));
    child.on('error', (e) => {
      if (child.pid === undefined) resolve(`could not be started (${e.message})`);
    });
  });
}

async function terminate(child: ChildProcess, gone: Promise<string>, graceMs: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    // Waiting for the exit must keep this process alive, which the started server does not.
    child.ref();
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(force);
  }
  live.delete(child);
}

/**
 * Starts an S3 server and resolves once it is healthy. The server stops with `stop()`, when
 * `signal` aborts, or when this process exits; until then it does not keep this process alive.
 */
export async function startS3(options: StartS3Options = {}): Promise<S3Server> {
  const { port = 0, host = DEFAULT_HOST, signal } = options;
  const startupTimeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
  checkOptions(port, host, [startupTimeoutMs, stopTimeoutMs]);
  signal?.throwIfAborted();
  const binary = resolveBinary(options.binary);
  const child = spawn(binary, ['serve', '--host', host, '--port', String(port)], { env: serverEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const gone = whenGone(child);
  const { stdout, stderr } = child;
  if (stdout === null || stderr === null) throw new Error('startS3: the server process has no output pipes');
  const output = watchOutput(stdout, stderr, options.logs === true);

  let boundPort: number;
  try {
    boundPort = await startup(port, host, output.ready, gone, startupTimeoutMs, signal);
  } catch (e) {
    child.kill('SIGKILL');
    await gone;
    live.delete(child);
    if (signal?.aborted === true && e === signal.reason) throw e;
    const tail = output.tail();
    throw new Error(`ruststack-s3 (${binary}) ${e instanceof Error ? e.message : String(e)}${tail === '' ? '' : `:\n${tail}`}`, { cause: e });
  }

  child.unref();
  unref(stdout);
  unref(stderr);
  const endpoint = endpointFor(host, boundPort);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    signal?.removeEventListener('abort', stop);
    stopping ??= terminate(child, gone, stopTimeoutMs);
    return stopping;
  };
  signal?.addEventListener('abort', stop, { once: true });
  return {
    endpoint,
    port: boundPort,
    pid: child.pid ?? 0,
    stop,
    async reset() {
      const status = await call('POST', endpoint + RESET_PATH, RESET_TIMEOUT_MS);
      if (status !== 200) throw new Error(`ruststack-s3: reset answered HTTP ${status}`);
    },
  };
}

/** The bound port once the server said Ready. and answers health; rejects on exit, timeout or abort. */
async function startup(port: number, host: string, ready: Promise<number | undefined>, gone: Promise<string>,
  timeoutMs: number, signal: AbortSignal | undefined): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = (): void => undefined;
  const polling = new AbortController();
  const healthy = ready.then(async (printed) => {
    const bound = printed ?? port;
    if (bound === 0) throw new Error('did not print the port it took (LOG_LEVEL warn or error hides that line): give a port, or leave LOG_LEVEL at info');
    await waitHealthy(endpointFor(host, bound) + HEALTH_PATH, deadline, polling.signal);
    return bound;
  });
  const failed = new Promise<never>((_, reject) => {
    void gone.then((how) => reject(new Error(`${how} before it was ready`)));
    timer = setTimeout(() => reject(new Error(`was not ready within ${timeoutMs} ms`)), timeoutMs);
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([healthy, failed]);
  } finally {
    polling.abort();
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
