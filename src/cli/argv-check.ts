/**
 * citty parses leniently: an unknown flag or an extra argument is silently dropped, so
 * `serve --prot 1` would start on the default port. This finds the first such token.
 */
import type { ArgDef, ArgsDef } from 'citty';

/** citty accepts `--dry-run`, `--dryRun` and `--dryrun` alike for an argument named `dryRun`. */
function squash(name: string): string {
  return name.replace(/-/g, '').toLowerCase();
}

function findArg(name: string, args: ArgsDef): ArgDef | undefined {
  for (const [key, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    const alias = 'alias' in def ? def.alias : undefined;
    const aliases = typeof alias === 'string' ? [alias] : alias ?? [];
    if (squash(key) === squash(name) || aliases.includes(name)) return def;
    if (def.type === 'boolean' && squash(`no-${key}`) === squash(name)) return def;
  }
  return undefined;
}

/** "unknown option --x" or "unexpected argument \"y\"" for the first token `args` does not declare. */
export function findStrayArg(argv: readonly string[], args: ArgsDef): string | undefined {
  let positionals = Object.values(args).filter((def) => def.type === 'positional').length;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (token === '--') {
      const rest = argv.slice(i + 1);
      return rest.length > positionals ? `unexpected argument ${JSON.stringify(rest[positionals])}` : undefined;
    }
    if (token.startsWith('-') && token !== '-') {
      const [flag = token] = token.split('=', 1);
      const def = findArg(flag.replace(/^--?/, ''), args);
      if (def === undefined) return `unknown option ${flag}`;
      if (def.type !== 'boolean' && !token.includes('=')) i += 1; // the next token is its value
    } else if (positionals-- <= 0) {
      return `unexpected argument ${JSON.stringify(token)}`;
    }
  }
  return undefined;
}
