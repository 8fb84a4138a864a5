/**
 * An empty root for the compiled binary: the binary, the libraries `ldd` lists (at the same paths),
 * an empty /tmp (1777) and a /proc mount point — the shape of the Docker image, which holds the musl
 * build and its libraries (test/binary/image-libs.test.ts) where this root holds the host's build.
 * Commands run in it isolated with unshare (own mount + pid namespace, fresh /proc) + chroot.
 */
import { copyFileSync, mkdirSync, mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const BINARY_IN_ROOT = '/ruststack-s3';

export interface LinkedLibrary {
  readonly name: string;
  /** Absolute path as the loader resolves it on this machine. */
  readonly path: string;
}

/** Parses `ldd` output: "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and the bare loader line. */
export function parseLdd(output: string): LinkedLibrary[] {
  const libs: LinkedLibrary[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
    if (m === null) continue;
    const path = m[2] ?? m[1] ?? '';
    libs.push({ name: (m[1] ?? '').split('/').pop() ?? '', path });
  }
  return libs;
}

export async function linkedLibraries(binary: string): Promise<LinkedLibrary[]> {
  const child = Bun.spawn(['ldd', binary], { stdout: 'pipe', stderr: 'pipe' });
  const [code, out] = await Promise.all([child.exited, new Response(child.stdout).text()]);
  if (code !== 0) throw new Error(`ldd ${binary} exited ${code}`);
  return parseLdd(out);
}

export async function makeEmptyRoot(binary: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'ruststack-root-'));
  chmodSync(root, 0o755); // mkdtemp makes it 0700; the server runs as UID 1000
  copyFileSync(binary, join(root, BINARY_IN_ROOT));
  chmodSync(join(root, BINARY_IN_ROOT), 0o755);
  for (const lib of await linkedLibraries(binary)) {
    mkdirSync(join(root, dirname(lib.path)), { recursive: true });
    copyFileSync(lib.path, join(root, lib.path)); // follows symlinks, as the image's cp -L does
  }
  mkdirSync(join(root, 'tmp'));
  chmodSync(join(root, 'tmp'), 0o1777);
  mkdirSync(join(root, 'proc'));
  return root;
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Ways to enter the root, best first: as root with UID 1000 like the image, else a user namespace. */
function isolationCandidates(root: string): string[][] {
  const ns = ['unshare', '--pid', '--kill-child', `--mount-proc=${join(root, 'proc')}`];
  return [
    [...ns, 'chroot', '--userspec=1000:1000', root],
    ['unshare', '--map-root-user', ...ns.slice(1), 'chroot', root],
  ];
}

/** The first wrapper that can run `--version` in the root, or the reasons none could. */
export async function findIsolation(root: string): Promise<{ wrap: string[] } | { reason: string }> {
  const reasons: string[] = [];
  for (const wrap of isolationCandidates(root)) {
    try {
      const child = Bun.spawn([...wrap, BINARY_IN_ROOT, '--version'], { stdout: 'pipe', stderr: 'pipe' });
      const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
      if (code === 0 && /\d+\.\d+\.\d+/.test(out)) return { wrap };
      reasons.push(`${wrap.slice(0, 2).join(' ')}: exit ${code} ${err.trim().split('\n')[0] ?? ''}`);
    } catch (e) {
      reasons.push(`${wrap[0]}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { reason: reasons.join('; ') };
}

/** Runs the binary in the root and returns its exit code and output. */
export async function runInRoot(wrap: string[], args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const fullEnv = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env };
  const child = Bun.spawn([...wrap, BINARY_IN_ROOT, ...args], { env: fullEnv, stdout: 'pipe', stderr: 'pipe' });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, out: out + err };
}
