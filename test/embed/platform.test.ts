/** Which binary startS3 runs: platform detection, the unsupported-platform error, the overrides. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BINARY_ENV, PLATFORMS, UnsupportedPlatformError, detectPlatform, isMusl, resolveBinary } from '../../npm/ruststack-s3/src/platform.ts';
import { TARGETS } from '../../scripts/build.ts';
import { packageReadme } from '../../scripts/npm-packages.ts';

const dir = mkdtempSync(join(tmpdir(), 'ruststack-platform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('platform detection', () => {
  it('has a package for every target the build compiles', () => {
    expect([...PLATFORMS]).toEqual(Object.keys(TARGETS));
  });

  it('names glibc and musl Linux on x64 and arm64', () => {
    expect(detectPlatform('linux', 'x64', () => false)).toBe('linux-x64');
    expect(detectPlatform('linux', 'arm64', () => false)).toBe('linux-arm64');
    expect(detectPlatform('linux', 'x64', () => true)).toBe('linux-x64-musl');
    expect(detectPlatform('linux', 'arm64', () => true)).toBe('linux-arm64-musl');
  });

  it('throws UnsupportedPlatformError naming the machine and the supported platforms', () => {
    for (const [os, arch, name] of [['darwin', 'arm64', 'darwin-arm64'], ['win32', 'x64', 'win32-x64'], ['linux', 'ia32', 'linux-ia32']] as const) {
      const attempt = (): unknown => detectPlatform(os, arch, () => false);
      expect(attempt).toThrow(UnsupportedPlatformError);
      expect(attempt).toThrow(`ruststack-s3 has no binary for ${name}: it ships for linux-x64, linux-arm64, linux-x64-musl, linux-arm64-musl.`);
      expect(attempt).toThrow(BINARY_ENV);
    }
  });

  it('reads musl from a process report without a glibc version', () => {
    expect(isMusl({ header: { glibcVersionRuntime: '2.36' } })).toBe(false);
    expect(isMusl({ header: {} })).toBe(true);
    expect(isMusl(undefined)).toBe(false);
  });
});

describe('binary resolution', () => {
  it('prefers the binary option, then RUSTSTACK_S3_BINARY', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, '');
    writeFileSync(b, '');
    expect(resolveBinary(a, { [BINARY_ENV]: b })).toBe(a);
    expect(resolveBinary(undefined, { [BINARY_ENV]: b })).toBe(b);
  });

  it('says which setting names a binary that does not exist', () => {
    expect(() => resolveBinary(undefined, { [BINARY_ENV]: join(dir, 'none') })).toThrow(`${BINARY_ENV} names ${join(dir, 'none')}, which does not exist`);
    expect(() => resolveBinary(join(dir, 'none'), {})).toThrow('the binary option names');
  });

  it("says when the platform's package was not installed, and why that happens", () => {
    // No ruststack-s3-linux-arm64 is installed beside the source: what an --omit=optional install looks like.
    expect(() => resolveBinary(undefined, {}, 'linux-arm64')).toThrow(/the package ruststack-s3-linux-arm64, which holds this machine's binary, is not installed.*--omit=optional/);
  });
});

describe('package README', () => {
  it("is the README's JavaScript section, with links to other sections made plain text", () => {
    const readme = '# x\n\n## In JavaScript tests\n\nUse [settings](#configuration).\n\n## Commands\n\nno\n';
    expect(packageReadme(readme, '1.2.3')).toMatch(/^# ruststack-s3 1\.2\.3\n[\s\S]*Use settings \(in the project's README\)\.\n$/);
    expect(() => packageReadme('# x\n', '1.2.3')).toThrow('no "## In JavaScript tests" section');
  });
});
