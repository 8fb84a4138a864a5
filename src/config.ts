/**
 * Server configuration from the environment, with LocalStack's names and defaults where they exist.
 * An invalid value throws ConfigError naming the variable: `serve` never starts half-configured.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CredentialListError, parseCredentialList, type AccessKeyEntry, type CredentialList } from './auth/credentials.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
/** LOG_FORMAT: `text` lines for people, or one JSON object per line for log collectors. */
export type LogFormat = 'text' | 'json';

export interface Config {
  /** Where to listen: GATEWAY_LISTEN, first entry, default 0.0.0.0:4566. */
  readonly host: string;
  readonly port: number;
  /** S3_VIRTUAL_HOSTING: accept <bucket>.s3.<domain> addressing. */
  readonly virtualHosting: boolean;
  /** LOCALSTACK_HOST's host part: the domain under which `<b>.s3.<domain>` names buckets. */
  readonly hostname: string;
  readonly skipSignatureValidation: boolean;
  /**
   * S3_ENFORCE_ACCESS (or LocalStack's ENFORCE_IAM): requests are authorised as S3 does (bucket owner,
   * bucket policy, ACLs, Block Public Access, Object Ownership). Implies signature validation.
   */
  readonly enforceAccess: boolean;
  /** S3_CREDENTIALS and S3_CREDENTIALS_FILE merged; undefined: any access key, secret `test`. */
  readonly credentials: CredentialList | undefined;
  /** Bodies up to this size stay in memory; larger ones spill to temp files. */
  readonly maxMemoryObjectSize: number;
  readonly persistence: boolean;
  readonly dataDir: string | undefined;
  readonly tmpDir: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly defaultRegion: string;
  /** ALLOW_NONSTANDARD_REGIONS: regions outside AWS's list are used as given instead of refused. */
  readonly allowNonstandardRegions: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly value: string, reason: string) {
    super(`invalid ${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];
const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, raw, 'expected true/false (1/0)');
}

function readPositiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, raw, 'expected a whole number of bytes');
  return Number(raw.trim());
}

/** GATEWAY_LISTEN is a comma-separated list of [host]:port; we serve the first. */
export function parseListen(raw: string): { host: string; port: number } {
  const first = raw.split(',')[0]?.trim() ?? '';
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(first);
  const port = Number(m?.[3] ?? '4566');
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('GATEWAY_LISTEN', raw, 'expected [host]:port, e.g. 0.0.0.0:4566');
  }
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** LOCALSTACK_HOST is host[:port]; the S3 virtual-host domain is s3.<host>. */
function parseHostname(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'localhost.localstack.cloud';
  const host = raw.trim().replace(/:\d+$/, '');
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new ConfigError('LOCALSTACK_HOST', raw, 'expected host[:port]');
  return host.toLowerCase();
}

function parseCredentialsFrom(name: string, shown: string, text: string): Map<string, AccessKeyEntry> {
  try {
    return parseCredentialList(text);
  } catch (e) {
    if (e instanceof CredentialListError) throw new ConfigError(name, shown, e.message);
    throw e;
  }
}

/** S3_CREDENTIALS (entries inline) and S3_CREDENTIALS_FILE (one per line); a key may appear once. */
function readCredentials(env: Env): CredentialList | undefined {
  const inline = env.S3_CREDENTIALS?.trim() || undefined;
  const path = env.S3_CREDENTIALS_FILE?.trim() || undefined;
  // Secrets stay out of error messages: the inline value is shown redacted.
  const list = inline === undefined ? new Map<string, AccessKeyEntry>() : parseCredentialsFrom('S3_CREDENTIALS', '<redacted>', inline);
  if (path === undefined) return inline === undefined ? undefined : list;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('S3_CREDENTIALS_FILE', path, `cannot read the file (${e instanceof Error && 'code' in e ? String(e.code) : String(e)})`);
  }
  for (const [key, entry] of parseCredentialsFrom('S3_CREDENTIALS_FILE', path, text)) {
    if (list.has(key)) throw new ConfigError('S3_CREDENTIALS_FILE', path, `access key "${key}" is also in S3_CREDENTIALS`);
    list.set(key, entry);
  }
  return list;
}

/**
 * Access control needs proven identities: an unchecked signature could claim any account. So the
 * switch turns validation on, and an explicit S3_SKIP_SIGNATURE_VALIDATION=1 beside it is refused.
 */
function readAccessSwitches(env: Env): { enforceAccess: boolean; skipSignatureValidation: boolean } {
  const enforceAccess = env.S3_ENFORCE_ACCESS !== undefined && env.S3_ENFORCE_ACCESS !== ''
    ? readBool(env, 'S3_ENFORCE_ACCESS', false)
    : readBool(env, 'ENFORCE_IAM', false);
  const skip = readBool(env, 'S3_SKIP_SIGNATURE_VALIDATION', true);
  if (!enforceAccess) return { enforceAccess, skipSignatureValidation: skip };
  if (skip && (env.S3_SKIP_SIGNATURE_VALIDATION ?? '') !== '') {
    throw new ConfigError('S3_SKIP_SIGNATURE_VALIDATION', env.S3_SKIP_SIGNATURE_VALIDATION ?? '',
      'access enforcement (S3_ENFORCE_ACCESS / ENFORCE_IAM) needs signatures validated: unset it or set it to 0');
  }
  return { enforceAccess, skipSignatureValidation: false };
}

export function loadConfig(env: Env = process.env): Config {
  const { host, port } = parseListen(env.GATEWAY_LISTEN ?? '0.0.0.0:4566');
  const logRaw = (env.LOG_LEVEL ?? (readBool(env, 'DEBUG', false) ? 'debug' : 'info')).trim().toLowerCase();
  const logLevel = (logRaw === 'warning' ? 'warn' : logRaw) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', logRaw, `expected one of ${LOG_LEVELS.join(', ')}`);
  const logFormatRaw = (env.LOG_FORMAT ?? '').trim().toLowerCase() || 'text';
  const logFormat = LOG_FORMATS.find((f) => f === logFormatRaw);
  if (logFormat === undefined) throw new ConfigError('LOG_FORMAT', logFormatRaw, `expected one of ${LOG_FORMATS.join(', ')}`);
  const defaultRegion = (env.DEFAULT_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1').trim();
  if (!REGION_RE.test(defaultRegion)) throw new ConfigError('DEFAULT_REGION', defaultRegion, 'expected a region name like us-east-1');
  const persistence = readBool(env, 'PERSISTENCE', false);
  const dataDir = env.DATA_DIR?.trim() || undefined;
  // Refuse rather than silently lose the data a user expects to keep.
  if (persistence) {
    throw new ConfigError('PERSISTENCE', env.PERSISTENCE ?? '', 'persistence is not supported yet: state is kept in memory only (unset PERSISTENCE)');
  }
  return {
    host,
    port,
    virtualHosting: readBool(env, 'S3_VIRTUAL_HOSTING', true),
    hostname: parseHostname(env.LOCALSTACK_HOST),
    ...readAccessSwitches(env),
    credentials: readCredentials(env),
    maxMemoryObjectSize: readPositiveInt(env, 'S3_MAX_MEMORY_OBJECT_SIZE', 512 * 1024),
    persistence,
    dataDir,
    tmpDir: env.TMPDIR?.trim() || tmpdir(),
    logLevel,
    logFormat,
    defaultRegion,
    allowNonstandardRegions: readBool(env, 'ALLOW_NONSTANDARD_REGIONS', false),
  };
}
