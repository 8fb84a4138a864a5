/**
 * The e2e fixture, after h3's describeMatrix: a suite gets a server, an SDK client and fetch, from a
 * server in the test process (useE2e, the default) or, with describeE2e's `binary`, from the
 * compiled binary as well. A test fails when the server logged an internal error during it: a 500
 * is our bug, whatever the test asserted.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { ensureHostBinary } from '../../scripts/build.ts';
import { setLogSink } from '../../src/log.ts';
import { captureLog } from './capture-log.ts';
import { s3Client } from './s3-client.ts';
import { startInProcessServer, startTestServer, type TestServer } from './spawn-server.ts';

export type E2eTarget = 'in-process' | 'binary';

export interface E2e {
  readonly target: E2eTarget;
  /** e.g. http://127.0.0.1:40123 */
  readonly endpoint: string;
  readonly port: number;
  /** A client of the default account, configured as s3Client() does. */
  readonly s3: S3Client;
  /** Another client of the same server: other credentials, region, signer, retries. */
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  /** fetch of a request-target on the server (`/bucket/key?acl`), sent as given. */
  fetch(target: string, init?: RequestInit): Promise<Response>;
  /**
   * The lines the server logged while `run` ran. A spawned binary's reach the test through a pipe,
   * after `run` may have returned: they are read until `complete` holds of them (up to 5 s).
   */
  serverLog<T>(run: () => Promise<T>, complete?: (lines: readonly string[]) => boolean): Promise<{ value: T; lines: string[] }>;
}

export interface E2eOptions {
  /**
   * The server's environment (S3_ENFORCE_ACCESS, S3_CREDENTIALS, ...); a function is called at start,
   * after the beforeAll hooks registered before useE2e (which may start what it names).
   */
  readonly env?: Record<string, string> | (() => Record<string, string>);
}

/** What handler.ts logs for anything that is not an S3Error (answered 500 InternalError). */
const INTERNAL_ERROR_LINE = /internal error in /;

export interface RunningE2e {
  readonly server: TestServer;
  /** Internal-error lines logged since the last call. */
  takeInternalErrors(): string[];
  serverLog: E2e['serverLog'];
  stop(): Promise<void>;
}

/** In the test process, internal errors are taken from the log sink rather than printed. */
async function startHere(env: Record<string, string>): Promise<RunningE2e> {
  const server = await startInProcessServer({ env });
  const logged: string[] = [];
  const previous = setLogSink((line, toStderr) => {
    if (INTERNAL_ERROR_LINE.test(line)) logged.push(line);
    else previous(line, toStderr);
  });
  return {
    server,
    takeInternalErrors: () => logged.splice(0),
    serverLog: (run) => captureLog(run),
    stop: async () => {
      setLogSink(previous);
      await server.stop();
    },
  };
}

/** A spawned binary's internal errors are read from its output (the last KiB it wrote). */
async function startBinary(binary: string, env: Record<string, string>): Promise<RunningE2e> {
  const server = await startTestServer({ binary, env });
  const reported = new Set<string>();
  return {
    server,
    takeInternalErrors: () => {
      const lines = server.output().split('\n').filter((line) => INTERNAL_ERROR_LINE.test(line) && !reported.has(line));
      for (const line of lines) reported.add(line);
      return lines;
    },
    serverLog: async (run, complete = () => true) => {
      const mark = server.written();
      const value = await run();
      const lines = (): string[] => server.outputSince(mark).split('\n').filter((line) => line !== '');
      for (const until = Date.now() + 5000; !complete(lines()) && Date.now() < until;) await Bun.sleep(20);
      return { value, lines: lines() };
    },
    stop: () => server.stop(),
  };
}

/** A server for `target`, watched for internal errors (useE2e starts and stops one per suite). */
export async function startE2eServer(target: E2eTarget, env: Record<string, string>): Promise<RunningE2e> {
  // RUSTSTACK_BINARY runs every suite against that binary (spawn-server.ts).
  const named = process.env.RUSTSTACK_BINARY;
  if (target === 'binary') return startBinary(await ensureHostBinary(), env);
  return named !== undefined && named !== '' ? startBinary(named, env) : startHere(env);
}

/**
 * A server for the enclosing describe (or file): started before its tests, stopped after them.
 * The returned object reads the running server, so use it inside tests and hooks.
 */
export function useE2e(opts: E2eOptions = {}, target: E2eTarget = 'in-process'): E2e {
  let running: RunningE2e | undefined;
  let client: S3Client | undefined;
  const live = (): RunningE2e => {
    if (running === undefined) throw new Error('the e2e server is not running: use it inside tests and hooks');
    return running;
  };
  beforeAll(async () => {
    running = await startE2eServer(target, typeof opts.env === 'function' ? opts.env() : (opts.env ?? {}));
    client = s3Client(running.server.endpoint);
  });
  afterAll(async () => {
    await running?.stop();
    running = undefined;
  });
  afterEach(() => {
    const lines = running?.takeInternalErrors() ?? [];
    if (lines.length > 0) throw new Error(`the server logged ${lines.length} internal error(s) (a 500 is a bug):\n${lines.join('\n')}`);
  });
  return {
    target,
    get endpoint() {
      return live().server.endpoint;
    },
    get port() {
      return live().server.port;
    },
    get s3() {
      live();
      return client as S3Client;
    },
    client: (overrides = {}) => s3Client(live().server.endpoint, overrides),
    fetch: (path, init) => fetch(live().server.endpoint + path, init),
    serverLog: (run, complete) => live().serverLog(run, complete),
  };
}

/** Why the binary variant cannot run here, or undefined when it can. */
function binarySkipReason(): string | undefined {
  if (process.env.E2E_BINARY === '0') return 'E2E_BINARY=0';
  if (process.platform !== 'linux') return `the binary is built for Linux, this is ${process.platform}`;
  return undefined;
}

/**
 * The suite in process, then against the compiled binary when `binary` is set (dist/, built once
 * per run if src/ changed since; E2E_BINARY=0 skips it). Its tests are named after the target.
 */
export function describeE2e(title: string, suite: (e2e: E2e) => void, opts: E2eOptions & { binary?: boolean } = {}): void {
  describe(title, () => {
    describe('in process', () => suite(useE2e(opts)));
    if (opts.binary !== true) return;
    const skip = binarySkipReason();
    if (skip === undefined) describe('compiled binary', () => suite(useE2e(opts, 'binary')));
    else describe.skip(`compiled binary (skipped: ${skip})`, () => suite(useE2e(opts, 'binary')));
  });
}
