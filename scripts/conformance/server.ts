/**
 * The server a conformance pass runs against, on the port the suite's clients use: our source,
 * a compiled binary, or a Docker image (a fresh container per pass, its environment given with -e,
 * as a fresh process gets its own).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const PORT = 4566;
const ROOT = resolve(import.meta.dir, '../..');

export type ServerSource = { kind: 'source' } | { kind: 'binary'; path: string } | { kind: 'image'; name: string };

export interface RunningServer {
  stop(): Promise<void>;
}

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(2);
}

export async function healthy(): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/_localstack/health`, { signal: AbortSignal.timeout(500) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitHealthy(exited: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await healthy()) return true;
    if (exited()) return false;
    await Bun.sleep(100);
  }
  return false;
}

async function waitPortFree(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && (!done() || await healthy()); i++) await Bun.sleep(100);
}

async function startProcess(source: ServerSource, env: Record<string, string>): Promise<RunningServer> {
  const [cmd, args] = source.kind === 'binary' ? [source.path, ['serve']] : [process.execPath, [join(ROOT, 'src/cli/main.ts'), 'serve']];
  const child = spawn(cmd, args, {
    env: { ...process.env, GATEWAY_LISTEN: `0.0.0.0:${PORT}`, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!(await waitHealthy(() => child.exitCode !== null))) {
    child.kill('SIGKILL');
    fail('the server did not become healthy within 10 s');
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await waitPortFree(() => child.exitCode !== null);
    },
  };
}

function docker(args: string[]): { ok: boolean; out: string } {
  const run = spawnSync('docker', args, { encoding: 'utf8' });
  return { ok: run.status === 0, out: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() };
}

/** A detached container publishing 4566; `docker stop` sends SIGTERM, as for a process. */
async function startContainer(image: string, env: Record<string, string>): Promise<RunningServer> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const run = docker(['run', '-d', '--rm', '-p', `127.0.0.1:${PORT}:${PORT}`, ...envArgs, image]);
  if (!run.ok) fail(`docker run ${image} failed: ${run.out}`);
  const id = run.out.split('\n').pop() ?? '';
  const running = (): boolean => docker(['inspect', '-f', '{{.State.Running}}', id]).out === 'true';
  if (!(await waitHealthy(() => !running()))) {
    console.error(docker(['logs', id]).out);
    docker(['rm', '-f', id]);
    fail(`the container of ${image} did not become healthy within 10 s`);
  }
  return {
    async stop() {
      const stopped = docker(['stop', '--time', '10', id]);
      if (!stopped.ok) console.error(`docker stop ${id}: ${stopped.out}`);
      await waitPortFree(() => true);
    },
  };
}

export async function startServer(source: ServerSource, env: Record<string, string>): Promise<RunningServer> {
  if (await healthy()) fail(`something already answers on port ${PORT}; stop it first`);
  const withLevel = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env };
  return source.kind === 'image' ? startContainer(source.name, withLevel) : startProcess(source, withLevel);
}
