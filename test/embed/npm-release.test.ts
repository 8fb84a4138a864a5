/**
 * What release.yml must keep for the npm packages; it never runs here (test/workflows checks its
 * syntax with actionlint). Publishing itself is unverified until a release runs with NPM_TOKEN.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.ts';

interface Step { readonly run?: string; readonly env?: Record<string, string> }
interface Job { readonly needs?: string | string[]; readonly steps: Step[] }

// The shape is what actionlint checks; only these fields are read.
const { jobs } = Bun.YAML.parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as { jobs: Record<string, Job> };
const job = jobs.npm;
const runs = (job?.steps ?? []).map((s) => s.run ?? '');
const publish = job?.steps.find((s) => s.run?.includes('npm publish'));

describe('release.yml publishes the npm packages', () => {
  it('after the tests, from every target built in the job', () => {
    expect([job?.needs ?? []].flat()).toContain('test');
    expect(runs).toEqual(expect.arrayContaining(['npm run build -- --target all', 'npm run npm-packages -- --target all']));
  });

  it('the platform packages before the API package, pre-releases under the next dist-tag, with NPM_TOKEN', () => {
    const script = publish?.run ?? '';
    expect(script).toMatch(/for dir in dist\/npm\/ruststack-s3-linux-\* dist\/npm\/ruststack-s3; do/);
    expect(script).toMatch(/\*-\*\) tag=next/);
    expect(script).toMatch(/npm publish "\.\/\$dir" --access public --tag "\$tag"/);
    expect(publish?.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
  });
});
