/**
 * The Docker image holds the musl build and, beside it, only the musl loader and the Dockerfile's
 * RUNTIME_LIBS (no engine here to run it: CI's image job does). This checks that set against what
 * the musl binary itself asks for, for the host's architecture: its program interpreter (copied to
 * /lib) and its NEEDED libraries. libstdc++ needs libgcc_s and libc, which RUNTIME_LIBS lists too.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBinary, ROOT } from '../../scripts/build.ts';

const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';
const MUSL_ARCH = ARCH === 'arm64' ? 'aarch64' : 'x86_64';
let dynamic = '';
let headers = '';

function readelf(flag: string, file: string): string {
  const run = spawnSync('readelf', [flag, '-W', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`readelf ${flag} ${file}: ${run.error?.message ?? run.stderr}`);
  return run.stdout;
}

function dockerfileRuntimeLibs(): string[] {
  const m = /^ARG RUNTIME_LIBS="([^"]*)"/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  if (m === null) throw new Error('Dockerfile has no ARG RUNTIME_LIBS="..."');
  return (m[1] ?? '').split(/\s+/).filter(Boolean);
}

beforeAll(async () => {
  const binary = await ensureBinary(`linux-${ARCH}-musl`);
  dynamic = readelf('-d', binary);
  headers = readelf('-l', binary);
}, 180_000);

describe('the image libraries', () => {
  it('the musl binary is loaded by the musl loader the Dockerfile copies into /lib', () => {
    expect(headers).toContain(`[Requesting program interpreter: /lib/ld-musl-${MUSL_ARCH}.so.1]`);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain(`loader=ld-musl-${MUSL_ARCH}.so.1`);
  });

  it('every library it needs is in RUNTIME_LIBS, except libc, which the loader itself provides', () => {
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] ?? '');
    expect(needed).toContain(`libc.musl-${MUSL_ARCH}.so.1`);
    const libs = dockerfileRuntimeLibs();
    for (const name of needed.filter((n) => !n.startsWith('libc.musl-'))) expect(libs, name).toContain(name);
    expect(libs).toContain('libgcc_s.so.1');
  });
});
