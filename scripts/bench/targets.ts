/**
 * Benchmark targets: ours (source or compiled binary), the bare Bun.serve ceiling, and the peers
 * (moto's server mode, LocalStack's Python S3 provider) installed on demand into cached venvs.
 * Every target runs as one child process on a free loopback port, one at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { SignedClient } from './signed-client.ts';
import { EVENTS_NOTIFICATION_XML } from './sqs-sink.ts';

const ROOT = resolve(import.meta.dir, '../..');

export interface Running {
  readonly name: string;
  readonly endpoint: string;
  readonly pid: number;
  /** Milliseconds from spawn to the first healthy answer. */
  readonly startMs: number;
  /** Processes that serve the target but belong with the client (pinned to its core, not counted as server CPU). */
  readonly helperPids?: readonly number[];
  /** Called on each bucket the small operations use, after it is created. */
  setupBucket?(bucket: string): Promise<void>;
  /** Event messages the target's destinations received so far (ours-events). */
  eventsReceived?(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `ours-persist`: ours with PERSISTENCE=1 (a fresh DATA_DIR per start unless one is given).
 * `ours-events`: ours whose small-operation buckets send every ObjectCreated event to an SQS queue
 * (scripts/bench/sqs-sink.ts, a process of its own on the client's core).
 */
export type TargetName = 'ours' | 'ours-persist' | 'ours-events' | 'ceiling' | 'moto' | 'localstack';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]) / 1024;
  } catch {
    return undefined;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function launch(name: string, cmd: string, args: string[], env: Record<string, string>, readyPath: string, timeoutMs: number): Promise<Running> {
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd, args.map((a) => a.replace('{port}', String(port))), {
    env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('{port}', String(port))])) },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (await answers(`${endpoint}${readyPath}`)) break;
    await Bun.sleep(5);
  }
  const startMs = performance.now() - t0;
  if (startMs >= timeoutMs) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not become ready in ${timeoutMs} ms`);
  }
  return {
    name, endpoint, pid: child.pid ?? -1, startMs,
    stop: async () => {
      child.kill('SIGTERM');
      const exited = new Promise((r) => child.once('exit', r));
      await Promise.race([exited, Bun.sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A cached venv with the given pip requirements; undefined (with a message) when it cannot be made. */
function venv(name: string, python: string, requirements: string[]): string | undefined {
  const dir = join(ROOT, `.cache/bench/venv-${name}`);
  const bin = join(dir, 'bin/python');
  const marker = join(dir, '.complete');
  // The marker names what was installed: a changed list reinstalls.
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== requirements.join('\n')) {
    console.log(`bench: installing ${requirements.join(' ')} into ${dir} (one time)...`);
    const ok = spawnSync(python, ['-m', 'venv', dir], { stdio: 'inherit' }).status === 0
      && spawnSync(bin, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...requirements], { stdio: 'inherit' }).status === 0;
    if (!ok) {
      console.log(`bench: skipping ${name}: could not install ${requirements.join(' ')}`);
      return undefined;
    }
    writeFileSync(marker, requirements.join('\n'));
    rmSync(join(dir, '.compiled'), { force: true });
  }
  precompile(dir, bin);
  return bin;
}

/**
 * Byte-compiles the venv once. pip leaves that to the first import, and where PYTHONDONTWRITEBYTECODE
 * is set (as on our CI machines) every start would compile LocalStack's sources again: seconds that
 * a real installation never pays, and that would flatter our start-time ratio.
 */
function precompile(dir: string, bin: string): void {
  const marker = join(dir, '.compiled');
  if (existsSync(marker)) return;
  console.log(`bench: byte-compiling ${dir} (one time)...`);
  const env = { ...process.env };
  delete env.PYTHONDONTWRITEBYTECODE;
  const done = spawnSync(bin, ['-m', 'compileall', '-q', '-j', '0', join(dir, 'lib')], { stdio: 'ignore', env });
  // compileall exits 1 when any file fails (packages ship a few deliberately broken test files);
  // the rest is compiled all the same.
  if (done.status !== 0) console.log(`bench: byte-compiling ${dir} exited ${done.status}: some files stay uncompiled`);
  writeFileSync(marker, '');
}

function python313(): string {
  for (const c of ['python3.13', '/root/.pyenv/versions/3.13.0/bin/python3.13', 'python3']) {
    if (spawnSync(c, ['--version']).status === 0) return c;
  }
  return 'python3';
}

async function startOursEvents(opts: { binary?: string }): Promise<Running> {
  const sink = await launch('sqs-sink', process.execPath, [join(import.meta.dir, 'sqs-sink.ts'), '{port}'], {}, '/_sink/count', 20_000);
  let ours: Running;
  try {
    const [cmd, args] = opts.binary !== undefined ? [opts.binary, ['serve']] : [process.execPath, [join(ROOT, 'src/cli/main.ts'), 'serve']];
    ours = await launch('ours-events', cmd, args, { GATEWAY_LISTEN: '127.0.0.1:{port}', LOG_LEVEL: 'error', S3_EVENTS_ENDPOINT: sink.endpoint }, '/_localstack/health', 20_000);
  } catch (e) {
    await sink.stop();
    throw e;
  }
  return {
    ...ours,
    helperPids: [sink.pid],
    async setupBucket(bucket) {
      const c = new SignedClient(ours.endpoint);
      try {
        await c.putBucketNotification(bucket, EVENTS_NOTIFICATION_XML);
      } finally {
        c.close();
      }
    },
    async eventsReceived() {
      return ((await (await fetch(`${sink.endpoint}/_sink/count`)).json()) as { messages: number }).messages;
    },
    async stop() {
      await ours.stop();
      await sink.stop();
    },
  };
}

export async function startTarget(name: TargetName, opts: { binary?: string; dataDir?: string }): Promise<Running | undefined> {
  switch (name) {
    case 'ours': {
      const [cmd, args] = opts.binary !== undefined ? [opts.binary, ['serve']] : [process.execPath, [join(ROOT, 'src/cli/main.ts'), 'serve']];
      return launch('ours', cmd, args, { GATEWAY_LISTEN: '127.0.0.1:{port}', LOG_LEVEL: 'error' }, '/_localstack/health', 20_000);
    }
    case 'ours-persist': {
      const [cmd, args] = opts.binary !== undefined ? [opts.binary, ['serve']] : [process.execPath, [join(ROOT, 'src/cli/main.ts'), 'serve']];
      const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'bench-persist-'));
      const running = await launch('ours-persist', cmd, args, { GATEWAY_LISTEN: '127.0.0.1:{port}', LOG_LEVEL: 'error', PERSISTENCE: '1', DATA_DIR: dataDir }, '/_localstack/health', 60_000);
      if (opts.dataDir !== undefined) return running;
      return { ...running, stop: async () => {
        await running.stop();
        rmSync(dataDir, { recursive: true, force: true });
      } };
    }
    case 'ours-events':
      return startOursEvents(opts);
    case 'ceiling':
      return launch('ceiling', process.execPath, [join(import.meta.dir, 'ceiling-server.ts'), '{port}'], {}, '/_localstack/health', 20_000);
    case 'moto': {
      const py = venv('moto', 'python3', ['moto[server]==5.2.5']);
      return py === undefined ? undefined : launch('moto', py, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '{port}'], {}, '/', 60_000);
    }
    case 'localstack': {
      // The runtime extra plus the pins of LocalStack's own runtime lock file for the packages whose
      // newest releases break it (cbor2 6, pyOpenSSL 26, ...).
      const py = venv('localstack', python313(), [
        'localstack-core[runtime]==2026.3.0', 'cbor2==5.8.0', 'cryptography==46.0.5', 'joserfc==1.6.3',
        'localstack-twisted==25.5.0', 'pyopenssl==25.3.0', 'rolo==0.8.1',
      ]);
      if (py === undefined) return undefined;
      return launch('localstack', py, ['-m', 'localstack.runtime.main'], {
        GATEWAY_LISTEN: '127.0.0.1:{port}', SERVICES: 's3', EAGER_SERVICE_LOADING: '1', SKIP_INFRA_DOWNLOADS: '1',
        DISABLE_EVENTS: '1', LOCALSTACK_VOLUME_DIR: join(ROOT, '.cache/bench/localstack-volume'), LS_LOG: 'error',
      }, '/_localstack/health', 120_000);
    }
  }
}
