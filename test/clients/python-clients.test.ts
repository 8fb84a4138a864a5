/**
 * The real Python clients as the oracle: boto3 and the aws CLI v1, pinned in requirements.txt and
 * installed into a cached venv, run by pytest against a spawned server (`bun src/cli/main.ts serve`).
 * The first run builds the venv from PyPI (a minute or two); later runs reuse it.
 *
 * CLIENT_TESTS_ENDPOINT=http://127.0.0.1:5000 runs the same suite against another S3 (moto,
 * LocalStack) instead of spawning ours: how the tests themselves are checked.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonVenv, runCommand, type PythonVenv } from '../../scripts/python-venv.ts';
import { startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';
import { startTlsProxy, TEST_CA_BUNDLE, type TlsProxy } from './tls-proxy.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REQUIREMENTS = fileURLToPath(new URL('./requirements.txt', import.meta.url));
const PYTEST_DIR = 'test/clients/python';
const VENV_TIMEOUT_MS = 10 * 60_000;
const PYTEST_TIMEOUT_MS = 4 * 60_000;

const EXTERNAL_ENDPOINT = process.env.CLIENT_TESTS_ENDPOINT;

let venv: PythonVenv;
let server: SpawnedServer | undefined;
let tls: TlsProxy | undefined;

beforeAll(async () => {
  venv = await ensurePythonVenv({ requirements: REQUIREMENTS, cacheRoot: `${REPO}.cache/client-venv` });
  if (EXTERNAL_ENDPOINT === undefined || EXTERNAL_ENDPOINT === '') server = await startTestServer();
  const upstream = new URL(server?.endpoint ?? EXTERNAL_ENDPOINT ?? '');
  tls = await startTlsProxy(Number(upstream.port), upstream.hostname);
}, VENV_TIMEOUT_MS);

afterAll(async () => {
  await tls?.close();
  await server?.stop();
});

/** The user's AWS settings must not leak in: only what a fresh shell with these exports has. */
function clientEnv(endpoint: string, httpsEndpoint: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('AWS_') && !/^(https?|all|no)_proxy$/i.test(name)) env[name] = value;
  }
  return {
    ...env,
    S3_ENDPOINT_URL: endpoint,
    S3_ENDPOINT_URL_HTTPS: httpsEndpoint,
    AWS_CA_BUNDLE: TEST_CA_BUNDLE,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

describe('real Python clients (boto3, aws CLI v1) against the server', () => {
  it('pass the pytest suite in test/clients/python', async () => {
    const endpoint = server?.endpoint ?? EXTERNAL_ENDPOINT;
    if (endpoint === undefined || tls === undefined) throw new Error('server did not start');
    const result = await runCommand([venv.python, '-m', 'pytest', PYTEST_DIR, '-q'], {
      cwd: REPO,
      env: clientEnv(endpoint, tls.endpoint),
      timeoutMs: PYTEST_TIMEOUT_MS,
    });
    if (result.code !== 0) {
      const serverLog = server?.output().trim() ?? '';
      const log = serverLog === '' ? '' : `\n--- server output (last KiB) ---\n${serverLog.slice(-4096)}`;
      expect.fail(`pytest exited ${result.code}\n${result.output}${log}`);
    }
    // pytest's closing line, e.g. "62 passed in 41.2s"; a green run prints nothing but vitest's report.
    const summary = result.output.trim().split('\n').at(-1) ?? '';
    expect(summary).toMatch(/\d+ passed/);
    expect(summary).not.toMatch(/skipped/); // every test must run here, the https ones included
  }, PYTEST_TIMEOUT_MS + 10_000);
});
