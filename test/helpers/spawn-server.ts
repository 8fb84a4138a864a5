/**
 * Servers for e2e tests. `startInProcessServer` runs createApp + startServer in the test process
 * (fast, the default); `startTestServer` spawns the real CLI (`bun src/cli/main.ts serve`) or a
 * compiled binary (opts.binary or RUSTSTACK_BINARY), so the same suites can prove the shipped artefact.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { App } from '../../src/core/app.ts';

export interface TestServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface InProcessServer extends TestServer {
  readonly app: App;
}

export interface SpawnedServer extends TestServer {
  /** The spawned process (the wrapper's, when opts.wrap is given). */
  readonly pid: number;
  /** Resolves with the exit code; a death by signal N resolves with 128 + N, as a shell reports it. */
  readonly exited: Promise<number>;
  /** The last few KiB the process wrote to stdout/stderr, for failure messages. */
  output(): string;
  /** How many characters the process has written so far: a mark for outputSince. */
  written(): number;
  /** What it wrote after `mark` (of written()), as far as the last few KiB still hold it. */
  outputSince(mark: number): string;
}

export interface TestServerOptions {
  binary?: string;
  env?: Record<string, string>;
  /**
   * A command the server runs under, e.g. `unshare ... chroot ROOT` (then `binary` is the path
   * inside ROOT). stop() signals the wrapper's children, since a forking wrapper may ignore SIGTERM.
   */
  wrap?: string[];
}

const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const HEALTH_PATH = '/_localstack/health';
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_KEEP = 16 * 1024;

const live = new Set<Bun.Subprocess>();
// A failed test that never reaches afterAll must not leave servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * The e2e default. With RUSTSTACK_BINARY set, the same suites run against that compiled binary
 * instead (`app` is then unavailable: touching it throws).
 */
export async function startInProcessServer(opts: { env?: Record<string, string> } = {}): Promise<InProcessServer> {
  const binary = process.env.RUSTSTACK_BINARY;
  if (binary !== undefined && binary !== '') return withoutApp(await startTestServer({ binary, env: opts.env ?? {} }));
  // Imported here so tests of the compiled binary never load the core into the test process.
  const [{ loadConfig }, { createApp }, { startServer }] = await Promise.all([
    import('../../src/config.ts'),
    import('../../src/core/app.ts'),
    import('../../src/server/http-server.ts'),
  ]);
  const config = loadConfig({ ...process.env, GATEWAY_LISTEN: '127.0.0.1:0', ...opts.env });
  const app = createApp(config);
  const server = startServer(app, { host: config.host, port: 0 });
  return {
    endpoint: server.url,
    port: server.port,
    app,
    stop: async () => {
      await server.stop(true);
      await app.close();
    },
  };
}

function withoutApp(server: SpawnedServer): InProcessServer {
  return {
    endpoint: server.endpoint,
    port: server.port,
    stop: () => server.stop(),
    get app(): App {
      throw new Error('server.app is not available when RUSTSTACK_BINARY runs the suite against a binary');
    },
  };
}

/** A port that was free a moment ago; the caller retries if another process takes it first. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<SpawnedServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const server = spawnServer(await freePort(), opts);
    try {
      await waitHealthy(server);
      return server;
    } catch (e) {
      lastError = e;
      await server.stop();
    }
  }
  throw lastError;
}

function serverCommand(opts: TestServerOptions): string[] {
  const binary = opts.binary ?? process.env.RUSTSTACK_BINARY;
  const wrap = opts.wrap ?? [];
  if (binary !== undefined && binary !== '') return [...wrap, binary, 'serve'];
  return [...wrap, process.execPath, MAIN_TS, 'serve'];
}

function spawnServer(port: number, opts: TestServerOptions): SpawnedServer {
  const child = Bun.spawn(serverCommand(opts), {
    env: { ...process.env, LOG_LEVEL: 'warn', ...opts.env, GATEWAY_LISTEN: `127.0.0.1:${port}` },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  live.add(child);
  let captured = '';
  let total = 0;
  const keep = async (stream: ReadableStream<Uint8Array>): Promise<void> => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const text = decoder.decode(r.value, { stream: true });
      total += text.length;
      captured = (captured + text).slice(-OUTPUT_KEEP);
    }
  };
  void keep(child.stdout);
  void keep(child.stderr);
  const exited = child.exited.then((code) => {
    live.delete(child);
    return code;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    exited,
    output: () => captured,
    written: () => total,
    outputSince: (mark) => captured.slice(Math.max(0, captured.length - (total - mark))),
    stop: () => stopChild(child, exited, opts.wrap !== undefined),
  };
}

/** Direct children of a process (needs CONFIG_PROC_CHILDREN, which Debian kernels have). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function stopChild(child: Bun.Subprocess, exited: Promise<number>, wrapped: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const targets = wrapped ? childPids(child.pid) : [];
  if (targets.length === 0) child.kill('SIGTERM');
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Polls health until it answers 200, the process exits, or the deadline passes. */
export async function waitHealthy(server: SpawnedServer, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  let delay = 10;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before healthy:\n${server.output()}`);
    try {
      const res = await fetch(server.endpoint + HEALTH_PATH, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.output()}`);
}
