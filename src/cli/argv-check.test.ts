import type { ArgsDef } from 'citty';
import { describe, expect, it } from 'vitest';
import { findStrayArg } from './argv-check.ts';

const ARGS: ArgsDef = {
  port: { type: 'string' },
  dryRun: { type: 'boolean', alias: 'n' },
  file: { type: 'positional', required: false },
};

describe('findStrayArg', () => {
  it('accepts declared flags in every spelling citty parses, with their values, and declared positionals', () => {
    for (const argv of [['--port', '1'], ['--port=1'], ['--dry-run'], ['--dryRun'], ['-n'], ['--no-dry-run'], ['a.txt', '--port', 'x'], ['--', '-a.txt'], []]) {
      expect(findStrayArg(argv, ARGS), argv.join(' ')).toBeUndefined();
    }
  });

  it('names the first unknown flag, without its value', () => {
    expect(findStrayArg(['--port', '1', '--prot=2'], ARGS)).toBe('unknown option --prot');
    expect(findStrayArg(['-x'], ARGS)).toBe('unknown option -x');
  });

  it('names an argument past the declared positionals, before or after --', () => {
    expect(findStrayArg(['a', 'b'], ARGS)).toBe('unexpected argument "b"');
    expect(findStrayArg(['a', '--', 'b'], ARGS)).toBe('unexpected argument "b"');
    expect(findStrayArg(['extra'], {})).toBe('unexpected argument "extra"');
  });

  it('takes the token after a value flag as its value, even when it looks like a flag', () => {
    expect(findStrayArg(['--port', '--weird'], ARGS)).toBeUndefined();
  });
});
