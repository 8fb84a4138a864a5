/**
 * citty's runMain, stricter and plainer: an unknown command, flag or argument stops with one line
 * naming it and a pointer to --help (exit 2) instead of being ignored; `help` and `version` work as
 * words too; usage has ANSI colours only on a terminal without NO_COLOR.
 */
import { isatty } from 'node:tty';
import { renderUsage, runCommand, type CommandDef, type Resolvable } from 'citty';
import { findStrayArg } from './argv-check.ts';

// citty colours unless NO_COLOR is exactly "1", CI or TEST is set, or TERM is dumb: pipes get escapes.
const ANSI = /\u001B\[[0-9;]*m/g;

/** citty's lazy values (metas, args, commands) are objects: a function is always the lazy form. */
async function resolve<T extends object>(value: Resolvable<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value;
}

async function printUsage(cmd: CommandDef, parent: CommandDef | undefined, toStderr = false): Promise<void> {
  const usage = await renderUsage(cmd, parent);
  const colour = isatty(toStderr ? 2 : 1) && !process.env.NO_COLOR;
  (toStderr ? console.error : console.log)(`${colour ? usage : usage.replace(ANSI, '')}\n`);
}

function usageError(command: string, problem: string): never {
  console.error(`${command}: ${problem} (see ${command} --help)`);
  process.exit(2);
}

async function subCommand(main: CommandDef, name: string): Promise<CommandDef | undefined> {
  const subCommands = main.subCommands === undefined ? {} : await resolve(main.subCommands);
  const sub = Object.hasOwn(subCommands, name) ? subCommands[name] : undefined;
  return sub === undefined ? undefined : resolve<CommandDef>(sub);
}

const HELP = new Set(['help', '--help', '-h']);
const VERSION = new Set(['version', '--version', '-v']);

export async function runCli(main: CommandDef, argv: readonly string[]): Promise<void> {
  const meta = main.meta === undefined ? {} : await resolve(main.meta);
  const name = meta.name ?? 'cli';
  const [first, ...rest] = argv;
  if (first === undefined) {
    await printUsage(main, undefined, true);
    usageError(name, 'no command given');
  }
  if (VERSION.has(first)) {
    if (rest.length > 0) usageError(name, `unexpected argument ${JSON.stringify(rest[0])}`);
    console.log(meta.version ?? '');
    return;
  }
  if (HELP.has(first)) {
    const target = rest[0] === undefined ? undefined : await subCommand(main, rest[0]);
    if (rest[0] !== undefined && target === undefined) usageError(name, `unknown command ${JSON.stringify(rest[0])}`);
    await printUsage(target ?? main, target === undefined ? undefined : main);
    return;
  }
  if (first.startsWith('-')) usageError(name, `unknown option ${first.split('=', 1)[0]}`);
  const sub = await subCommand(main, first);
  if (sub === undefined) usageError(name, `unknown command ${JSON.stringify(first)}`);
  const ownArgs = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined);
  if (ownArgs.some((arg) => arg === '--help' || arg === '-h')) {
    await printUsage(sub, main);
    return;
  }
  const stray = findStrayArg(rest, sub.args === undefined ? {} : await resolve(sub.args));
  if (stray !== undefined) usageError(`${name} ${first}`, stray);
  await runCommand(sub, { rawArgs: [...rest] });
}
