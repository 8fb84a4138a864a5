/**
 * One log line, as text (`[info] [tag] message key=value`) or as one JSON object with stable field
 * names (`time`, `level`, `tag`, `msg`, then the line's own fields), and the sink lines go to.
 */
import type { LogFormat } from './config.ts';

/** The level a line is written at, as named in JSON lines. */
export type LineLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Extra facts of a line; undefined values are left out. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where finished lines go; `toStderr` for errors and warnings. */
export type LineSink = (line: string, toStderr: boolean) => void;

/**
 * Bun's console, which writes a single string argument as it is; process.stdout would cost ~6 MiB
 * of resident memory for Node's stream objects (src/log.ts).
 */
export const consoleSink: LineSink = (line, toStderr) => {
  if (toStderr) console.error(line);
  else console.log(line);
};

/** A value that stays one logfmt token: quoted when empty or holding spaces, quotes or `=`. */
function textValue(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return value === '' || /[\s"=\\]|[^\x20-\x7e]/.test(value) ? JSON.stringify(value) : value;
}

/** ` key=value` for each defined field, in the given order. */
export function textFields(fields: LogFields): string {
  let out = '';
  for (const name in fields) {
    const value = fields[name];
    if (value !== undefined) out += ` ${name}=${textValue(value)}`;
  }
  return out;
}

export function formatLine(format: LogFormat, level: LineLevel, tag: string, msg: string, fields?: LogFields): string {
  if (format === 'json') {
    const head = { time: new Date().toISOString(), level, tag: tag === '' ? undefined : tag, msg };
    return JSON.stringify(fields === undefined ? head : { ...head, ...fields });
  }
  const prefix = tag === '' ? `[${level}]` : `[${level}] [${tag}]`;
  return fields === undefined ? `${prefix} ${msg}` : `${prefix} ${msg}${textFields(fields)}`;
}
