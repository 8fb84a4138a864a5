/**
 * Server configuration from the environment, with LocalStack's names and defaults where they exist.
 * An invalid value throws ConfigError naming the variable: `serve` never starts half-configured.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CredentialListError, parseCredentialList, type AccessKeyEntry, type CredentialList } from './auth/credentials.ts';
import { DEFAULT_INTERNAL_RESOURCE_ACCOUNT } from './auth/identity.ts';
import { EVENT_SERVICES, type EventService, type EventsConfig } from './events/events-config.ts';
import { readLocalStackSettings, type LocalStackSettings } from './config-localstack.ts';
import { ConfigError } from './config-error.ts';
import { readConsoleConfig, type ConsoleConfig } from './console/console-config.ts';
import { readLifecycleInterval } from './lifecycle/lifecycle-config.ts';

/** Defined apart so the readers of each setting group can throw it without importing this module. */
export { ConfigError };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
/** LOG_FORMAT: `text` lines for people, or one JSON object per line for log collectors. */
export type LogFormat = 'text' | 'json';

/** LocalStackSettings: HTTPS, CORS and KMS settings, read in src/config-localstack.ts. */
export interface Config extends LocalStackSettings {
  /** The first GATEWAY_LISTEN address (default 0.0.0.0:4566): the one URLs are built with. */
  readonly host: string;
  readonly port: number;
  /** Every GATEWAY_LISTEN address, the first included: the server listens on all of them. */
  readonly listen: readonly ListenAddress[];
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
  /**
   * INTERNAL_RESOURCE_ACCOUNT: the account LocalStack's own services sign as; as an access key it
   * signs with LocalStack's internal secret, whatever the credentials list says.
   */
  readonly internalResourceAccount: string;
  /** Bodies up to this size stay in memory; larger ones spill to temp files. */
  readonly maxMemoryObjectSize: number;
  /** PERSISTENCE: keep state under DATA_DIR across restarts. */
  readonly persistence: boolean;
  /** DATA_DIR as set; persistence defaults to LocalStack's /var/lib/localstack (DEFAULT_DATA_DIR). */
  readonly dataDir: string | undefined;
  /** S3_PERSISTENCE_FSYNC: flush every acknowledged write to the device (survives power loss). */
  readonly persistenceFsync: boolean;
  readonly tmpDir: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly defaultRegion: string;
  /** ALLOW_NONSTANDARD_REGIONS: regions outside AWS's list are used as given instead of refused. */
  readonly allowNonstandardRegions: boolean;
  /** S3_EVENTS_*: where bucket notifications are delivered; absent: they are not (no endpoint, no credentials). */
  readonly events?: EventsConfig | undefined;
  /** S3_CONSOLE*: the web console (src/console/). */
  readonly console: ConsoleConfig;
  /** S3_LIFECYCLE_INTERVAL: seconds between lifecycle passes (src/lifecycle/); 0: only on demand. */
  readonly lifecycleIntervalSeconds: number;
  /** ENABLE_CONFIG_UPDATES: POST /_localstack/config changes the settings of src/config-runtime.ts. */
  readonly configUpdates: boolean;
}

/** Where LocalStack's image keeps state (under state/); DATA_DIR overrides it. */
export const DEFAULT_DATA_DIR = '/var/lib/localstack';

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

function readPositiveInt(env: Env, name: string, fallback: number, expected = 'a whole number of bytes'): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, raw, `expected ${expected}`);
  return Number(raw.trim());
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** One GATEWAY_LISTEN entry, `[host]:port`; `raw` is the whole value, for the error. */
function parseListenEntry(entry: string, raw: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(entry);
  const port = Number(m?.[3] ?? '4566');
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('GATEWAY_LISTEN', raw, 'expected [host]:port, e.g. 0.0.0.0:4566');
  }
  const host = m[1] ?? m[2] ?? '';
  // LocalStack reads a lone "4735" as a host with the default port, which then cannot be bound.
  if (m[3] === undefined && /^\d+$/.test(host)) {
    throw new ConfigError('GATEWAY_LISTEN', raw, `a lone number is a host, not a port (as in LocalStack); for port ${host} write :${host} or 0.0.0.0:${host}`);
  }
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** GATEWAY_LISTEN: a comma-separated list of [host]:port, every one of them served. */
export function parseListenList(raw: string): ListenAddress[] {
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new ConfigError('GATEWAY_LISTEN', raw, 'expected [host]:port, e.g. 0.0.0.0:4566');
  const list = entries.map((e) => parseListenEntry(e, raw));
  const seen = new Set<string>();
  for (const a of list) {
    const key = `${a.host}|${a.port}`;
    if (seen.has(key)) throw new ConfigError('GATEWAY_LISTEN', raw, `${a.host}:${a.port} is listed twice`);
    seen.add(key);
  }
  return list;
}

/** The first GATEWAY_LISTEN address: the one URLs and the health probe use. */
export function parseListen(raw: string): ListenAddress {
  return parseListenList(raw)[0] as ListenAddress;
}

/** LocalStack's LS_LOG levels as ours: its trace-internal (its own internals) is our trace. */
const LS_LOG_LEVELS: Record<string, LogLevel> = {
  'trace-internal': 'trace', trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error',
};

/**
 * LOG_LEVEL, else LocalStack's LS_LOG, else DEBUG=1 (debug), else info. LS_LOG is read as LocalStack
 * reads it: a value it does not know is ignored.
 */
function readLogLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (raw !== undefined && raw !== '') {
    const level = (raw === 'warning' ? 'warn' : raw) as LogLevel;
    if (!LOG_LEVELS.includes(level)) throw new ConfigError('LOG_LEVEL', raw, `expected one of ${LOG_LEVELS.join(', ')}`);
    return level;
  }
  const lsLog = LS_LOG_LEVELS[env.LS_LOG?.trim().toLowerCase() ?? ''];
  if (lsLog !== undefined) return lsLog;
  return readBool(env, 'DEBUG', false) ? 'debug' : 'info';
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

const EVENT_ENDPOINT_VARIABLES: Record<EventService, string> = {
  sqs: 'S3_EVENTS_SQS_ENDPOINT', sns: 'S3_EVENTS_SNS_ENDPOINT', lambda: 'S3_EVENTS_LAMBDA_ENDPOINT', events: 'S3_EVENTS_EVENTBRIDGE_ENDPOINT',
};

function readEndpoint(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, raw, 'expected an http(s) URL, e.g. http://localhost:4566');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, raw, 'expected an http(s) URL');
  return raw.replace(/\/+$/, '');
}

/** S3_EVENTS_*: endpoints (per service, else shared), credentials, queue bound; undefined when nothing is set. */
function readEventsConfig(env: Env): EventsConfig | undefined {
  const shared = readEndpoint(env, 'S3_EVENTS_ENDPOINT');
  const endpoints: Partial<Record<EventService, string>> = {};
  for (const service of EVENT_SERVICES) {
    const url = readEndpoint(env, EVENT_ENDPOINT_VARIABLES[service]) ?? shared;
    if (url !== undefined) endpoints[service] = url;
  }
  const accessKeyId = env.S3_EVENTS_ACCESS_KEY_ID?.trim() || undefined;
  const secretAccessKey = env.S3_EVENTS_SECRET_ACCESS_KEY?.trim() || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? 'S3_EVENTS_ACCESS_KEY_ID' : 'S3_EVENTS_SECRET_ACCESS_KEY';
    throw new ConfigError(missing, '', 'S3_EVENTS_ACCESS_KEY_ID and S3_EVENTS_SECRET_ACCESS_KEY go together');
  }
  const queueSize = readPositiveInt(env, 'S3_EVENTS_QUEUE_SIZE', 10_000, 'a whole number of deliveries');
  const maxAttempts = readPositiveInt(env, 'S3_EVENTS_MAX_ATTEMPTS', 5, 'a whole number of attempts');
  if (queueSize < 1) throw new ConfigError('S3_EVENTS_QUEUE_SIZE', String(queueSize), 'expected at least 1');
  if (maxAttempts < 1) throw new ConfigError('S3_EVENTS_MAX_ATTEMPTS', String(maxAttempts), 'expected at least 1');
  const sessionToken = env.S3_EVENTS_SESSION_TOKEN?.trim() || undefined;
  if (Object.keys(endpoints).length === 0 && accessKeyId === undefined) return undefined;
  return {
    endpoints,
    credentials: { accessKeyId: accessKeyId ?? 'test', secretAccessKey: secretAccessKey ?? 'test', ...(sessionToken !== undefined ? { sessionToken } : {}) },
    useAwsEndpoints: accessKeyId !== undefined,
    queueSize,
    maxAttempts,
  };
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
  const listen = parseListenList(env.GATEWAY_LISTEN ?? '0.0.0.0:4566');
  const { host, port } = listen[0] as ListenAddress;
  const logLevel = readLogLevel(env);
  const logFormatRaw = (env.LOG_FORMAT ?? '').trim().toLowerCase() || 'text';
  const logFormat = LOG_FORMATS.find((f) => f === logFormatRaw);
  if (logFormat === undefined) throw new ConfigError('LOG_FORMAT', logFormatRaw, `expected one of ${LOG_FORMATS.join(', ')}`);
  const defaultRegion = (env.DEFAULT_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1').trim();
  if (!REGION_RE.test(defaultRegion)) throw new ConfigError('DEFAULT_REGION', defaultRegion, 'expected a region name like us-east-1');
  const credentials = readCredentials(env);
  // LocalStack reads it with `or`: empty means the default.
  const internalResourceAccount = env.INTERNAL_RESOURCE_ACCOUNT?.trim() || DEFAULT_INTERNAL_RESOURCE_ACCOUNT;
  const persistence = readBool(env, 'PERSISTENCE', false);
  const dataDir = env.DATA_DIR?.trim() || undefined;
  return {
    host,
    port,
    listen,
    virtualHosting: readBool(env, 'S3_VIRTUAL_HOSTING', true),
    hostname: parseHostname(env.LOCALSTACK_HOST),
    ...readAccessSwitches(env),
    credentials,
    internalResourceAccount,
    maxMemoryObjectSize: readPositiveInt(env, 'S3_MAX_MEMORY_OBJECT_SIZE', 512 * 1024),
    persistence,
    dataDir,
    persistenceFsync: readBool(env, 'S3_PERSISTENCE_FSYNC', false),
    tmpDir: env.TMPDIR?.trim() || tmpdir(),
    logLevel,
    logFormat,
    defaultRegion,
    allowNonstandardRegions: readBool(env, 'ALLOW_NONSTANDARD_REGIONS', false),
    events: readEventsConfig(env),
    console: readConsoleConfig(env, readBool(env, 'S3_CONSOLE', true), credentials, internalResourceAccount),
    lifecycleIntervalSeconds: readLifecycleInterval(env),
    configUpdates: readBool(env, 'ENABLE_CONFIG_UPDATES', false),
    ...readLocalStackSettings(env),
  };
}
