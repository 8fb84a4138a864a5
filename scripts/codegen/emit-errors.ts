/** generated/errors.ts: error code -> HTTP status and AWS's default message. */
import type { BotoModel, ErrorDefault, Overrides } from './botocore.ts';

/** The model knows a few error shapes and their statuses; overrides add the rest and every message. */
export function errorTable(model: BotoModel, ov: Overrides): [string, ErrorDefault][] {
  const table = new Map<string, ErrorDefault>();
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception !== true) continue;
    const override = ov.errors[name];
    if (override === undefined) throw new Error(`overrides.errors: the model's error ${name} needs a message`);
    table.set(name, { status: override.status ?? shape.error?.httpStatusCode ?? 400, message: override.message });
  }
  for (const [code, def] of Object.entries(ov.errors)) {
    if (!table.has(code)) table.set(code, def);
  }
  return [...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

export function emitErrors(model: BotoModel, ov: Overrides, header: string): string {
  const lines = [header,
    'export interface ErrorDefault {',
    '  readonly status: number;',
    '  readonly message: string;',
    '}',
    ''];
  const table = errorTable(model, ov);
  // The code union makes an unknown code a type error at every `new S3Error(code)`.
  lines.push('/** Every error code S3 answers with (the model\'s error shapes and overrides.json). */', 'export type S3ErrorCode =');
  for (const [code] of table) lines.push(`  | '${code}'`);
  lines[lines.length - 1] += ';';
  lines.push('', 'export const ERROR_DEFAULTS: Readonly<Record<S3ErrorCode, ErrorDefault>> = {');
  for (const [code, def] of table) lines.push(`  ${code}: ${JSON.stringify(def)},`);
  lines.push('};', '', 'export const INVALID_INTEGER_MESSAGES: Readonly<Record<string, string>> = {');
  for (const [name, message] of Object.entries(ov.invalidInteger).sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${JSON.stringify(name)}: ${JSON.stringify(message)},`);
  }
  lines.push('};', '');
  return lines.join('\n');
}
