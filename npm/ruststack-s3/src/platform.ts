/**
 * Which compiled binary this machine runs and where npm put it. Each platform's binary is an
 * optional dependency of its own (`ruststack-s3-linux-x64`, ...), as esbuild ships its binaries:
 * npm installs only the one whose os, cpu and libc fields match.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The platforms binaries are built for (scripts/build.ts TARGETS, kept equal by a test). */
export const PLATFORMS = ['linux-x64', 'linux-arm64', 'linux-x64-musl', 'linux-arm64-musl'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A path to a binary that wins over the platform packages (a local build, an unsupported machine). */
export const BINARY_ENV = 'RUSTSTACK_S3_BINARY';

/** Where the executable sits inside a platform package. */
export const BINARY_IN_PACKAGE = 'bin/ruststack-s3';

export function platformPackage(platform: Platform): string {
  return `ruststack-s3-${platform}`;
}

/** Thrown when no binary is built for this machine: names the machine and what is supported. */
export class UnsupportedPlatformError extends Error {
  override name = 'UnsupportedPlatformError';
}

function isPlatform(name: string): name is Platform {
  return (PLATFORMS as readonly string[]).includes(name);
}

/**
 * True on a musl system (Alpine): Node's report names the glibc it runs on only when there is one,
 * the check esbuild-style packages and detect-libc rely on.
 */
export function isMusl(report: unknown = process.report?.getReport()): boolean {
  if (typeof report !== 'object' || report === null || !('header' in report)) return false;
  const header = report.header;
  if (typeof header !== 'object' || header === null) return false;
  return !('glibcVersionRuntime' in header) || typeof header.glibcVersionRuntime !== 'string';
}

/** The platform key of this machine, e.g. `linux-x64-musl`; throws when no binary is built for it. */
export function detectPlatform(os: string = process.platform, arch: string = process.arch, musl: () => boolean = isMusl): Platform {
  const name = os === 'linux' && musl() ? `${os}-${arch}-musl` : `${os}-${arch}`;
  if (isPlatform(name)) return name;
  throw new UnsupportedPlatformError(
    `ruststack-s3 has no binary for ${name}: it ships for ${PLATFORMS.join(', ')}. `
    + `Run it in Docker (ghcr.io/<owner>/ruststack-s3), or set ${BINARY_ENV} to a binary built for this machine.`,
  );
}

/**
 * The binary to run: `explicit` (the `binary` option), else RUSTSTACK_S3_BINARY, else the one in
 * this platform's package, resolved from this module as Node resolves any dependency.
 */
export function resolveBinary(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env, platform?: Platform): string {
  const chosen = explicit ?? (env[BINARY_ENV] === '' ? undefined : env[BINARY_ENV]);
  if (chosen !== undefined) {
    if (!existsSync(chosen)) throw new Error(`ruststack-s3: ${explicit === undefined ? BINARY_ENV : 'the binary option'} names ${chosen}, which does not exist`);
    return chosen;
  }
  const name = platformPackage(platform ?? detectPlatform());
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
  } catch {
    throw new Error(
      `ruststack-s3: the package ${name}, which holds this machine's binary, is not installed. `
      + 'npm skips optional dependencies under --omit=optional, and for a lockfile written on another platform '
      + `(npm/cli#4828): reinstall with \`npm install ruststack-s3\` on this machine, or set ${BINARY_ENV}.`,
    );
  }
  return join(dirname(manifest), BINARY_IN_PACKAGE);
}
