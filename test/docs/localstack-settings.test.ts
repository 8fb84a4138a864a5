/**
 * README's settings tables cannot drift: what loadConfig reads (every variable it looks at, found by
 * reading through a recording environment) is documented, and README's LocalStack table names
 * exactly the settings src/localstack-settings.ts knows, those marked `read` being read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { LOCALSTACK_SETTINGS } from '../../src/localstack-settings.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The backquoted names in the first column of the first table under `heading`. */
function tableNames(heading: string): Set<string> {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const lines = README.slice(start + 1).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith('|'));
  const names = new Set<string>();
  for (const row of lines.slice(first + 2, end)) {
    for (const m of (row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1] ?? '');
  }
  return names;
}

/** Every environment variable loadConfig looks at, with nothing set (so every fallback is read too). */
function variablesRead(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') seen.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return seen;
}

describe('README settings tables', () => {
  const configuration = tableNames('## Configuration');
  const localstack = tableNames('### LocalStack settings');
  const read = variablesRead();

  it('document every variable loadConfig reads', () => {
    expect([configuration.has('GATEWAY_LISTEN'), localstack.has('USE_SSL'), read.has('USE_SSL')]).toEqual([true, true, true]);
    const undocumented = [...read].filter((n) => !configuration.has(n) && !localstack.has(n));
    expect(undocumented).toEqual([]);
  });

  it('list in the LocalStack table exactly the settings src/localstack-settings.ts knows', () => {
    expect([...localstack].sort()).toEqual(Object.keys(LOCALSTACK_SETTINGS).sort());
  });

  it('mark as read exactly the LocalStack settings loadConfig reads', () => {
    for (const [name, setting] of Object.entries(LOCALSTACK_SETTINGS)) {
      if (setting.kind === 'persistence') continue; // left to the persistence settings, read or not
      expect(read.has(name), `${name} is marked ${setting.kind}`).toBe(setting.kind === 'read');
    }
  });

  it('list Configuration rows that are read', () => {
    const stale = [...configuration].filter((n) => !read.has(n));
    expect(stale).toEqual([]);
  });
});
