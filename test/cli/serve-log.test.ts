/**
 * `serve`'s own output: the effective configuration once at start, then a line per request; with
 * LOG_FORMAT=json every line is a JSON object except the bare `Ready.` testcontainers waits for.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';

const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

/** Starts serve, sends a PUT and a GET of a missing bucket, stops it and returns all it wrote. */
async function outputOf(env: Record<string, string>): Promise<string[]> {
  const server = await startTestServer({ env });
  servers.push(server);
  expect((await fetch(`${server.endpoint}/logged-bucket`, { method: 'PUT' })).status).toBe(200);
  expect((await fetch(`${server.endpoint}/no-such-bucket/k`)).status).toBe(404);
  await server.stop();
  // The pipes may still hold the last lines when the process has exited.
  for (let i = 0; i < 50 && !server.output().includes('shutting down'); i += 1) await Bun.sleep(20);
  return server.output().split('\n').filter((line) => line !== '');
}

describe('serve output', () => {
  it('warns once, before Ready., about each LocalStack setting that behaves otherwise here, and names the HTTPS certificate', async () => {
    const lines = await outputOf({ LOG_LEVEL: 'info', SERVICES: 's3,sqs', S3_SKIP_KMS_KEY_VALIDATION: '0', EAGER_SERVICE_LOADING: '1' });
    const warnings = lines.filter((line) => line.startsWith('[warn] '));
    expect(warnings).toEqual([
      '[warn] S3_SKIP_KMS_KEY_VALIDATION="0": there is no KMS here to validate key ids against: SSE-KMS key ids are accepted as given',
      '[warn] SERVICES="s3,sqs": only S3 is served here: requests meant for sqs get S3\'s answers (errors)',
    ]);
    expect(lines.indexOf(warnings[1] ?? '')).toBeLessThan(lines.indexOf('Ready.'));
    expect(lines.some((line) => /^\[info\] HTTPS certificate (generated .*server\.test\.pem|from )/.test(line))).toBe(true);
  });

  it('prints the effective configuration once, then one line per request', async () => {
    const lines = await outputOf({ LOG_LEVEL: 'info' });
    const config = lines.filter((line) => line.startsWith('[info] configuration '));
    expect(config).toHaveLength(1);
    expect(config[0]).toMatch(/ listen=127\.0\.0\.1:\d+ hostname=localhost\.localstack\.cloud .*signatureValidation=false .*logLevel=info logFormat=text$/);
    expect(lines).toContain('Ready.');
    expect(lines.indexOf('Ready.')).toBeGreaterThan(lines.indexOf(config[0] ?? ''));
    expect(lines).toContain('[info] [request] AWS s3.CreateBucket => 200');
    expect(lines).toContain('[info] [request] AWS s3.GetObject => 404 (NoSuchBucket)');
  });

  it('writes every line as JSON with LOG_FORMAT=json, except the bare Ready.', async () => {
    const lines = await outputOf({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const objects = lines.filter((line) => line !== 'Ready.').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.length).toBe(lines.length - 1);
    expect(objects.filter((o) => o.msg === 'configuration')).toEqual([
      expect.objectContaining({ level: 'info', listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), logFormat: 'json', signatureValidation: false }),
    ]);
    expect(objects).toContainEqual(expect.objectContaining({ tag: 'request', operation: 'GetObject', status: 404, error: 'NoSuchBucket' }));
  });
});
