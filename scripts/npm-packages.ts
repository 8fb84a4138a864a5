#!/usr/bin/env bun
/**
 * The npm packages, assembled from dist/ (binaries built beforehand with `npm run build`):
 * `ruststack-s3`, the JS API of npm/ruststack-s3 compiled to ESM and .d.ts, and one
 * `ruststack-s3-<target>` per binary, which the first lists as optional dependencies at the same
 * version, as esbuild ships its binaries.
 *
 *   npm run npm-packages                          # the host's binary package and the API, in dist/npm/
 *   npm run npm-packages -- --target all --pack   # every target, then a tarball of each (npm pack)
 *
 * Versions come from the root package.json. Publishing is release.yml's job.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINARY_IN_PACKAGE, platformPackage } from '../npm/ruststack-s3/src/platform.ts';
import { DIST, ROOT, TARGETS, binaryPath, isTarget, parseTargets, type TargetName } from './build.ts';

export const NPM_OUT = join(DIST, 'npm');
const API_SOURCE = join(ROOT, 'npm/ruststack-s3');
const MAIN_NAME = 'ruststack-s3';
const README_SECTION = '## In JavaScript tests';

interface RootManifest { readonly version: string; readonly license: string }

function rootManifest(): RootManifest {
  const raw: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('version' in raw) || typeof raw.version !== 'string') throw new Error('package.json has no version');
  const license = 'license' in raw && typeof raw.license === 'string' ? raw.license : 'UNLICENSED';
  return { version: raw.version, license };
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function run(argv: readonly string[], cwd: string): Promise<string> {
  const child = Bun.spawn([...argv], { cwd, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`${argv.join(' ')} failed (exit ${code}):\n${out}${err}`);
  return out;
}

/** The README's "In JavaScript tests" section, so the npm page and the README say the same. */
export function packageReadme(readme: string, version: string): string {
  const start = readme.indexOf(`\n${README_SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${README_SECTION}" section`);
  const end = readme.indexOf('\n## ', start + README_SECTION.length + 1);
  const section = readme.slice(start + README_SECTION.length + 2, end < 0 ? undefined : end).trim()
    // Links to the README's other sections lead nowhere on the npm page.
    .replace(/\[([^\]]+)\]\(#[^)]*\)/g, "$1 (in the project's README)");
  return `# ruststack-s3 ${version}\n\nA fast, LocalStack-compatible Amazon S3 emulator, run from JavaScript tests without Docker.\n`
    + `Commands, settings and the Docker image are described in the project's README.\n\n${section}\n`;
}

/** npm's os/cpu/libc fields, so npm installs only the package the machine can run. */
function platformFields(target: TargetName): Record<string, string[]> {
  const [os = '', cpu = '', libc] = target.split('-');
  return { os: [os], cpu: [cpu], libc: [libc === 'musl' ? 'musl' : 'glibc'] };
}

function assemblePlatform(target: TargetName, outDir: string, { version, license }: RootManifest): string {
  const binary = binaryPath(target);
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`npm run build -- --target ${target}\` first`);
  const name = platformPackage(target);
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const inside = join(dir, BINARY_IN_PACKAGE);
  copyFileSync(binary, inside);
  chmodSync(inside, 0o755);
  writeJson(join(dir, 'package.json'), {
    name, version, license,
    description: `The ${target} executable of ruststack-s3 (installed by the ruststack-s3 package).`,
    ...platformFields(target),
    files: ['bin'],
    // Yarn PnP would leave the binary inside a zip archive, where it cannot be run.
    preferUnplugged: true,
  });
  writeFileSync(join(dir, 'README.md'), `# ${name}\n\nThe ${target} executable of [ruststack-s3](https://www.npmjs.com/package/ruststack-s3), `
    + 'a LocalStack-compatible S3 emulator. Install `ruststack-s3`, which depends on this package on the machines it fits.\n');
  return dir;
}

async function assembleApi(outDir: string, manifest: RootManifest): Promise<string> {
  const dir = join(outDir, MAIN_NAME);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', API_SOURCE, '--outDir', join(dir, 'dist')], ROOT);
  const template: unknown = JSON.parse(readFileSync(join(API_SOURCE, 'package.json'), 'utf8'));
  if (typeof template !== 'object' || template === null) throw new Error(`${API_SOURCE}/package.json is not an object`);
  // The template is private so that npm/ruststack-s3 itself, without its compiled dist/, is never published.
  const fields: Record<string, unknown> = { ...template };
  delete fields.private;
  // Every platform, whichever were assembled here: the published package must fit every machine.
  const optionalDependencies = Object.fromEntries(Object.keys(TARGETS).filter(isTarget).map((t) => [platformPackage(t), manifest.version]));
  writeJson(join(dir, 'package.json'), { name: MAIN_NAME, version: manifest.version, ...fields, license: manifest.license, optionalDependencies });
  writeFileSync(join(dir, 'README.md'), packageReadme(readFileSync(join(ROOT, 'README.md'), 'utf8'), manifest.version));
  return dir;
}

/** Writes the API package and one package per target into `outDir`; returns their directories. */
export async function assemblePackages(targets: readonly TargetName[], outDir: string = NPM_OUT): Promise<string[]> {
  const manifest = rootManifest();
  mkdirSync(outDir, { recursive: true });
  const platforms = targets.map((t) => assemblePlatform(t, outDir, manifest));
  return [await assembleApi(outDir, manifest), ...platforms];
}

/** `npm pack` of each package directory into `dest`; returns the tarballs' paths. */
export async function packPackages(dirs: readonly string[], dest: string): Promise<string[]> {
  mkdirSync(dest, { recursive: true });
  const tarballs: string[] = [];
  for (const dir of dirs) {
    const out = await run(['npm', 'pack', '--json', '--pack-destination', dest], dir);
    const packed: unknown = JSON.parse(out);
    const file = Array.isArray(packed) && typeof packed[0] === 'object' && packed[0] !== null && 'filename' in packed[0] ? packed[0].filename : undefined;
    if (typeof file !== 'string') throw new Error(`npm pack in ${dir} printed no filename:\n${out}`);
    tarballs.push(join(dest, file));
  }
  return tarballs;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dirs = await assemblePackages(parseTargets(argv));
  const lines = argv.includes('--pack') ? await packPackages(dirs, NPM_OUT) : dirs;
  for (const line of lines) process.stdout.write(`${line.slice(ROOT.length + 1)}\n`);
}

if (import.meta.main) await main();
