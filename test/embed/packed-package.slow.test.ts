/**
 * The npm packages as a user gets them: assembled from the host binary, packed with `npm pack`,
 * installed from the tarballs (offline) into a plain Node project, then used from Node and from Bun
 * and type-checked as a TypeScript consumer would. It packs and installs ~100 MiB, so it runs in
 * `npm run test:slow`, not `npm test`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { ROOT, TARGETS, ensureHostBinary, hostTarget } from '../../scripts/build.ts';
import { assemblePackages, packPackages } from '../../scripts/npm-packages.ts';
import { waitGone } from './running.ts';

const work = mkdtempSync(join(tmpdir(), 'ruststack-npm-'));
const project = join(work, 'project');
const RUN_TIMEOUT_MS = 30_000;
/** PATH without the directory where `bun --bun` puts a `node` that is Bun: npm and `node` here run on Node. */
const NODE_PATH = (process.env.PATH ?? '').split(':').filter((dir) => !/\/bun-node-[^/]*$/.test(dir)).join(':');
const NODE = Bun.which('node', { PATH: NODE_PATH }) ?? 'node';

/** What the consumer script reports: one JSON line. */
interface Report {
  runtime: string;
  endpoint: string;
  statuses: Record<string, number>;
  body: string;
  goneAfterStop: boolean;
  leftRunningPid: number;
}

// Plain ESM, no build step: a PUT/GET with fetch (unsigned; signature validation is off by default),
// reset(), stop(), and a second server left running for the process's exit to stop.
const CONSUMER = `import { startS3 } from 'ruststack-s3';
const s3 = await startS3();
const bucket = s3.endpoint + '/packed-bucket';
const statuses = {};
statuses.createBucket = (await fetch(bucket, { method: 'PUT' })).status;
statuses.put = (await fetch(bucket + '/hello.txt', { method: 'PUT', body: 'hello from the package' })).status;
const got = await fetch(bucket + '/hello.txt');
statuses.get = got.status;
const body = await got.text();
await s3.reset();
statuses.afterReset = (await fetch(bucket + '/hello.txt')).status;
await s3.stop();
let goneAfterStop = false;
try { process.kill(s3.pid, 0); } catch { goneAfterStop = true; }
const left = await startS3();
const runtime = typeof Bun === 'undefined' ? 'node ' + process.version : 'bun ' + Bun.version;
console.log(JSON.stringify({ runtime, endpoint: s3.endpoint, statuses, body, goneAfterStop, leftRunningPid: left.pid }));
`;

// skipLibCheck saves checking all of @types/node; a name the package's .d.ts failed to resolve would
// be `any` and leave an @ts-expect-error unused, which fails the check.
const TYPES_CONSUMER = `import { startS3, UnsupportedPlatformError, type Platform, type S3Server, type StartS3Options } from 'ruststack-s3';
const options: StartS3Options = { port: 0, host: '127.0.0.1', env: { S3_SKIP_SIGNATURE_VALIDATION: '0', LOG_LEVEL: undefined },
  signal: AbortSignal.timeout(5_000), startupTimeoutMs: 5_000, stopTimeoutMs: 1_000, logs: false };
const server: S3Server = await startS3(options);
const parts: [string, number, number] = [server.endpoint, server.port, server.pid];
await server.reset();
await server.stop();
export const checks = [parts, new UnsupportedPlatformError('x') instanceof Error];
export const platform: Platform = 'linux-arm64-musl';
// @ts-expect-error no binary is built for macOS
export const unsupported: Platform = 'darwin-arm64';
// @ts-expect-error the port is a number
await startS3({ port: '4566' });
`;

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  // The binary must come from the installed platform package.
  const env = { ...process.env };
  delete env.RUSTSTACK_S3_BINARY;
  env.PATH = NODE_PATH;
  const child = Bun.spawn(argv, { cwd, env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', timeout: RUN_TIMEOUT_MS });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, out, err };
}

function report(out: string): Report {
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Report;
}

let installed = '';

beforeAll(async () => {
  await ensureHostBinary();
  const dirs = await assemblePackages([hostTarget()], join(work, 'packages'));
  const tarballs = await packPackages(dirs, join(work, 'tarballs'));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // --offline: every package comes from the tarballs; the other platforms' packages are skipped as optional.
  const install = await run(['npm', 'install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), ...tarballs], project);
  expect(install.code, install.out + install.err).toBe(0);
  installed = join(project, 'node_modules');
  writeFileSync(join(project, 'use.mjs'), CONSUMER);
  writeFileSync(join(project, 'types.ts'), TYPES_CONSUMER);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true,
      types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
    files: ['types.ts'],
  }));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm packages installed from their tarballs', () => {
  it('the main package depends on every platform package at its own version; the host one holds an executable', () => {
    const main = JSON.parse(readFileSync(join(installed, 'ruststack-s3/package.json'), 'utf8')) as { version: string; optionalDependencies: Record<string, string> };
    expect(main.version).toBe(pkg.version);
    expect(main.optionalDependencies).toEqual(Object.fromEntries(Object.keys(TARGETS).map((t) => [`ruststack-s3-${t}`, pkg.version])));
    const platform = JSON.parse(readFileSync(join(installed, `ruststack-s3-${hostTarget()}/package.json`), 'utf8')) as Record<string, unknown>;
    expect([platform.os, platform.cpu]).toEqual([['linux'], [process.arch]]);
    expect(statSync(join(installed, `ruststack-s3-${hostTarget()}/bin/ruststack-s3`)).mode & 0o111).toBe(0o111);
  });

  for (const [runtime, argv] of [['Node', [NODE, 'use.mjs']], ['Bun', [process.execPath, 'use.mjs']]] as const) {
    it(`from ${runtime}: startS3, PUT and GET, reset, stop; a server left running goes when the script exits`, async () => {
      const { code, out, err } = await run([...argv], project);
      expect(code, err).toBe(0);
      const result = report(out);
      expect(result.runtime.startsWith(runtime.toLowerCase())).toBe(true);
      expect(result.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(result.statuses).toEqual({ createBucket: 200, put: 200, get: 200, afterReset: 404 });
      expect(result.body).toBe('hello from the package');
      expect(result.goneAfterStop).toBe(true);
      expect(await waitGone(result.leftRunningPid)).toBe(true);
    });
  }

  it('type-checks as a TypeScript consumer with NodeNext resolution', async () => {
    const { code, out, err } = await run([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], project);
    expect(out + err).toBe('');
    expect(code).toBe(0);
  });
});
