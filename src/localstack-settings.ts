/**
 * LocalStack settings a compose file or CI job may carry, and what each does here: read (by
 * src/config.ts), accepted silently where harmless, or warned about once at start where behaviour
 * differs. README's "LocalStack settings" table lists the same names (a test keeps them in step).
 */

type Env = Record<string, string | undefined>;

/**
 * `read`: loadConfig reads it. `persistence`: known, left to the persistence settings.
 * `ignored`: accepted silently (no S3 behaviour hangs on it here).
 * `warn`: accepted; `warn` says when and how behaviour differs.
 */
export type SettingKind = 'read' | 'persistence' | 'ignored' | 'warn';

interface KnownSetting {
  readonly kind: SettingKind;
  /** Given the set value, a warning, or undefined where it makes no difference. */
  readonly warn?: (value: string) => string | undefined;
}

const isFalse = (v: string): boolean => ['0', 'false', 'no', 'off'].includes(v.trim().toLowerCase());

const removed = (instead: string) => (): string => `it was removed in LocalStack 3 and is not read here either: use ${instead}`;

/** SERVICES entries are names, optionally `name:port` (LocalStack 1.x). */
function servicesWarning(value: string): string | undefined {
  const names = value.split(',').map((s) => s.trim().toLowerCase().replace(/:\d+$/, '')).filter((s) => s !== '');
  const others = names.filter((n) => n !== 's3');
  if (others.length === 0) return undefined;
  return `only S3 is served here: requests meant for ${others.join(', ')} get S3's answers (errors)`;
}

export const LOCALSTACK_SETTINGS: Readonly<Record<string, KnownSetting>> = {
  // Read by src/config.ts and src/config-localstack.ts.
  GATEWAY_LISTEN: { kind: 'read' },
  LOCALSTACK_HOST: { kind: 'read' },
  USE_SSL: { kind: 'read' },
  // S3_ENFORCE_ACCESS unset: LocalStack's switch turns access control on.
  ENFORCE_IAM: { kind: 'read' },
  CUSTOM_SSL_CERT_PATH: { kind: 'read' },
  DISABLE_CORS_HEADERS: { kind: 'read' },
  DISABLE_CORS_CHECKS: { kind: 'read' },
  DISABLE_CUSTOM_CORS_S3: { kind: 'read' },
  DISABLE_PREFLIGHT_PROCESSING: { kind: 'read' },
  EXTRA_CORS_ALLOWED_HEADERS: { kind: 'read' },
  EXTRA_CORS_EXPOSE_HEADERS: { kind: 'read' },
  EXTRA_CORS_ALLOWED_ORIGINS: { kind: 'read' },
  S3_SKIP_SIGNATURE_VALIDATION: { kind: 'read' },
  S3_SKIP_KMS_KEY_VALIDATION: {
    kind: 'read',
    warn: (v) => (isFalse(v) ? 'there is no KMS here to validate key ids against: SSE-KMS key ids are accepted as given' : undefined),
  },
  ALLOW_NONSTANDARD_REGIONS: { kind: 'read' },
  DEFAULT_REGION: { kind: 'read' },
  LS_LOG: { kind: 'read' },
  DEBUG: { kind: 'read' },
  PERSISTENCE: { kind: 'read' },
  DATA_DIR: { kind: 'read' },
  ENABLE_CONFIG_UPDATES: { kind: 'read' },
  INTERNAL_RESOURCE_ACCOUNT: { kind: 'read' },
  SNAPSHOT_SAVE_STRATEGY: { kind: 'persistence' },
  SNAPSHOT_LOAD_STRATEGY: { kind: 'persistence' },
  SNAPSHOT_FLUSH_INTERVAL: { kind: 'persistence' },
  // Harmless: S3 is always loaded at start, no certificate is downloaded, one gateway serves.
  EAGER_SERVICE_LOADING: { kind: 'ignored' },
  STRICT_SERVICE_LOADING: { kind: 'ignored' },
  SKIP_SSL_CERT_DOWNLOAD: { kind: 'ignored' },
  REMOVE_SSL_CERT: { kind: 'ignored' },
  GATEWAY_SERVER: { kind: 'ignored' },
  GATEWAY_WORKER_COUNT: { kind: 'ignored' },
  DISABLE_CUSTOM_CORS_APIGATEWAY: { kind: 'ignored' },
  DISABLE_EVENTS: { kind: 'ignored' },
  DEBUG_HANDLER_CHAIN: { kind: 'ignored' },
  LOCALSTACK_AUTH_TOKEN: { kind: 'ignored' },
  // Behaviour differs.
  SERVICES: { kind: 'warn', warn: servicesWarning },
  PROVIDER_OVERRIDE_S3: { kind: 'warn', warn: (v) => (v.trim() === '' ? undefined : 'there is one S3 provider here, which follows LocalStack\'s default one') },
  EDGE_PORT: { kind: 'warn', warn: removed('GATEWAY_LISTEN') },
  EDGE_BIND_HOST: { kind: 'warn', warn: removed('GATEWAY_LISTEN') },
  HOSTNAME_EXTERNAL: { kind: 'warn', warn: removed('LOCALSTACK_HOST') },
  LOCALSTACK_HOSTNAME: { kind: 'warn', warn: removed('LOCALSTACK_HOST') },
};

/** One line per set LocalStack setting whose value makes this server behave otherwise than LocalStack. */
export function localStackWarnings(env: Env): string[] {
  const lines: string[] = [];
  for (const [name, setting] of Object.entries(LOCALSTACK_SETTINGS)) {
    const value = env[name];
    if (value === undefined || setting.warn === undefined) continue;
    const why = setting.warn(value);
    if (why !== undefined) lines.push(`${name}=${JSON.stringify(value)}: ${why}`);
  }
  return lines;
}
