/**
 * The web console's settings: whether it is served, under which path, and which access key it
 * signs its S3 requests with (so signature validation and access control see a real identity).
 */
import { secretLookupFor } from '../auth/verify.ts';
import type { CredentialList } from '../auth/credentials.ts';
import { ConfigError } from '../config-error.ts';

export interface ConsoleConfig {
  /** S3_CONSOLE: off, nothing is served under the path and no request is recorded. */
  readonly enabled: boolean;
  /** S3_CONSOLE_PATH, starting and ending with `/` (default `/_ruststack/`). */
  readonly path: string;
  /** S3_CONSOLE_ACCESS_KEY and its secret: the identity every console request is signed as. */
  readonly accessKeyId: string;
  readonly secret: string;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_CONSOLE_PATH = '/_ruststack/';
const DEFAULT_ACCESS_KEY = 'test';
/** Path characters that need no escaping; `/` alone would shadow every path-style bucket. */
const PATH_RE = /^\/(?:[A-Za-z0-9._~-]+\/)+$/;

function readPath(env: Env): string {
  const raw = env.S3_CONSOLE_PATH?.trim();
  if (raw === undefined || raw === '') return DEFAULT_CONSOLE_PATH;
  const path = raw.endsWith('/') ? raw : `${raw}/`;
  if (!PATH_RE.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new ConfigError('S3_CONSOLE_PATH', raw, 'expected a path such as /_ruststack/ (letters, digits, ._~- segments; not /)');
  }
  return path;
}

/**
 * Without a credentials list any key signs with `test`; with one, the console needs a listed key:
 * the one named, else `test` when listed, else the list's first.
 */
function readAccessKey(env: Env, credentials: CredentialList | undefined, internalResourceAccount: string): { accessKeyId: string; secret: string } {
  const named = env.S3_CONSOLE_ACCESS_KEY?.trim() || undefined;
  const fallback = credentials === undefined || credentials.has(DEFAULT_ACCESS_KEY) ? DEFAULT_ACCESS_KEY : credentials.keys().next().value;
  const accessKeyId = named ?? fallback ?? DEFAULT_ACCESS_KEY;
  const secret = secretLookupFor(credentials, internalResourceAccount)(accessKeyId);
  if (secret === undefined) throw new ConfigError('S3_CONSOLE_ACCESS_KEY', accessKeyId, 'not an access key of S3_CREDENTIALS / S3_CREDENTIALS_FILE');
  return { accessKeyId, secret };
}

export function readConsoleConfig(env: Env, enabled: boolean, credentials: CredentialList | undefined, internalResourceAccount: string): ConsoleConfig {
  return { enabled, path: readPath(env), ...readAccessKey(env, credentials, internalResourceAccount) };
}

/** The start line naming where the console is: a wildcard listen address is reached as localhost. */
export function consoleStartLine(host: string, port: number, settings: ConsoleConfig): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `web console on http://${name}:${port}${settings.path} (acting as access key ${settings.accessKeyId})`;
}
