/**
 * The Docker build stage, without a Docker engine: a directory holding exactly what the Dockerfile
 * copies from its context, after .dockerignore, must build the binary. A file the build imports but
 * the image leaves out (scripts/bytecode-order.ts once did) fails here instead of in the release job.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let context = '';

afterAll(() => {
  if (context !== '') rmSync(context, { recursive: true, force: true });
});

/** `.dockerignore` as ordered rules; the last matching one decides (Docker's semantics). */
function ignoreRules(): Array<{ negate: boolean; pattern: RegExp }> {
  return readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const raw = (negate ? line.slice(1) : line).replace(/\/$/, '');
      const source = raw.split('/').map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))).join('/');
      // A pattern naming a directory covers everything below it.
      return { negate, pattern: new RegExp(`^${source.replace(/\.\*\//g, '(?:.*/)?')}(?:/.*)?$`) };
    });
}

function inContext(path: string, rules: ReturnType<typeof ignoreRules>): boolean {
  let included = true;
  for (const rule of rules) if (rule.pattern.test(path)) included = rule.negate;
  return included;
}

/** Sources of the build stage's `COPY` instructions that read the context (not `--from=`). */
function copiedSources(): string[] {
  const sources: string[] = [];
  for (const line of readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n')) {
    const m = /^COPY\s+(?!--from)(.+)$/.exec(line.trim());
    if (m === null) continue;
    const parts = (m[1] ?? '').split(/\s+/).filter((p) => !p.startsWith('--'));
    sources.push(...parts.slice(0, -1));
  }
  return sources;
}

describe('Docker build context', () => {
  it('holds everything the build stage needs: the binary builds from exactly those files', () => {
    const rules = ignoreRules();
    const sources = copiedSources();
    const tracked = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n').filter((f) => f !== '');
    context = mkdtempSync(join(tmpdir(), 'ruststack-docker-context-'));
    let copied = 0;
    for (const file of tracked) {
      const copiedBy = sources.some((s) => file === s || file.startsWith(`${s.replace(/\/$/, '')}/`));
      if (!copiedBy || !inContext(file, rules)) continue;
      mkdirSync(dirname(join(context, file)), { recursive: true });
      cpSync(join(ROOT, file), join(context, file));
      copied += 1;
    }
    expect(copied).toBeGreaterThan(50);
    expect(existsSync(join(context, 'src/config.test.ts')), '.dockerignore leaves tests out').toBe(false);
    // The image runs `npm ci`; the repo's own node_modules stands in for it.
    symlinkSync(join(ROOT, 'node_modules'), join(context, 'node_modules'));
    const build = spawnSync(process.execPath, ['scripts/build.ts', '--target', 'host'], { cwd: context, encoding: 'utf8', timeout: 180_000 });
    expect(build.stderr + build.stdout, 'bun scripts/build.ts in the Docker context').not.toMatch(/Cannot find module|error:/i);
    expect(build.status).toBe(0);
    const version = spawnSync(join(context, 'dist', `ruststack-s3-linux-${process.arch}`), ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
  }, 240_000);
});
