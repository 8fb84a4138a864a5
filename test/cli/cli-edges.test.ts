/**
 * The command line's edges, spawned as users run it (`bun src/cli/main.ts ...`): bad listen
 * settings and bind failures name the setting in one line, unknown commands and flags stop with a
 * pointer to --help, `help`/`version` work as words, and piped help has no colour escapes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/spawn-server.ts';
import { VERSION } from '../../src/version.ts';

const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI with `env` over a colour-neutral environment (citty turns colour off for TEST and CI). */
async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !['TEST', 'CI', 'NO_COLOR', 'TERM', 'GATEWAY_LISTEN'].includes(name)) base[name] = value;
  }
  const child = Bun.spawn([process.execPath, MAIN_TS, ...args], { env: { ...base, ...env }, stdout: 'pipe', stderr: 'pipe' });
  // A command that starts a server instead of refusing would run for ever: the test then fails on its exit code.
  const timer = setTimeout(() => child.kill(), 10_000);
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** One line, no stack frames: what a user reads when serve cannot start. */
function expectOneLine(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

describe('serve: where it listens', () => {
  it('refuses GATEWAY_LISTEN=4735 (LocalStack reads a lone number as a host) with exit 2, showing how to write the port', async () => {
    const { code, stdout, stderr } = await cli(['serve'], { GATEWAY_LISTEN: '4735' });
    expect(code).toBe(2);
    expect(stderr).toContain('GATEWAY_LISTEN="4735"');
    expect(stderr).toContain(':4735');
    expectOneLine(stderr);
    expect(stdout).not.toContain('Ready.');
  });

  it('refuses GATEWAY_LISTEN=nonsense, a host that does not resolve, with exit 2 naming the variable', async () => {
    const { code, stderr } = await cli(['serve'], { GATEWAY_LISTEN: 'nonsense' });
    expect(code).toBe(2);
    expect(stderr).toContain('GATEWAY_LISTEN="nonsense"');
    expect(stderr).toContain('does not resolve');
    expectOneLine(stderr);
  });

  it('names the address, the setting and EADDRINUSE in one line when the port is taken', async () => {
    const port = await freePort();
    const taken = Bun.listen({ hostname: '127.0.0.1', port, socket: { data: () => undefined } });
    try {
      const fromEnv = await cli(['serve'], { GATEWAY_LISTEN: `127.0.0.1:${port}` });
      expect(fromEnv.code).toBe(1);
      expect(fromEnv.stderr).toContain(`cannot listen on 127.0.0.1:${port} (from GATEWAY_LISTEN="127.0.0.1:${port}")`);
      expect(fromEnv.stderr).toContain('EADDRINUSE');
      expectOneLine(fromEnv.stderr);
      const fromFlags = await cli(['serve', '--host', '127.0.0.1', '--port', String(port)]);
      expect(fromFlags.code).toBe(1);
      expect(fromFlags.stderr).toContain(`(from --host 127.0.0.1, --port ${port})`);
    } finally {
      taken.stop(true);
    }
  });

  it('names the setting and EADDRNOTAVAIL for an address no interface has', async () => {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine is configured with it.
    const { code, stderr } = await cli(['serve', '--port', '0'], { GATEWAY_LISTEN: '192.0.2.1:4566' });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot listen on 192.0.2.1:0 (from --port 0, GATEWAY_LISTEN="192.0.2.1:4566")');
    expect(stderr).toContain('EADDRNOTAVAIL');
    expectOneLine(stderr);
  });
});

describe('unknown commands, flags and arguments', () => {
  it('stop with exit 2, naming the flag and pointing at --help, rather than being ignored', async () => {
    const { code, stdout, stderr } = await cli(['serve', '--prot', '1'], { GATEWAY_LISTEN: `127.0.0.1:${await freePort()}` });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('ruststack-s3 serve: unknown option --prot (see ruststack-s3 serve --help)');
    expect(stdout).not.toContain('Ready.');
  });

  it('refuse an argument serve does not take', async () => {
    const { code, stderr } = await cli(['serve', 'extra'], { GATEWAY_LISTEN: `127.0.0.1:${await freePort()}` });
    expect(code).toBe(2);
    expect(stderr).toContain('unexpected argument "extra"');
  });

  it('refuse an unknown command in one line pointing at --help', async () => {
    const { code, stderr } = await cli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('ruststack-s3: unknown command "frobnicate" (see ruststack-s3 --help)');
  });
});

describe('help and version', () => {
  it('answer as words as well as flags', async () => {
    for (const args of [['version'], ['--version']]) {
      const { code, stdout } = await cli(args);
      expect([code, stdout.trim()], args.join(' ')).toEqual([0, VERSION]);
    }
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('COMMANDS');
    const serveHelp = await cli(['help', 'serve']);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toContain('--port');
  });

  it('writes usage without ANSI colours into a pipe', async () => {
    for (const args of [['--help'], ['serve', '--help']]) {
      const { code, stdout } = await cli(args);
      expect(code).toBe(0);
      expect(stdout).toContain('USAGE');
      expect(stdout).not.toContain('\u001B[');
    }
  });

  it('documents serve --host and --port and what they override', async () => {
    const { stdout } = await cli(['serve', '--help']);
    expect(stdout).toMatch(/--host=<address>.*GATEWAY_LISTEN/);
    expect(stdout).toMatch(/--port=<port>.*GATEWAY_LISTEN/);
  });
});
