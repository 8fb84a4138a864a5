/**
 * LocalStack's gateway settings that change what S3 clients see: HTTPS (USE_SSL,
 * CUSTOM_SSL_CERT_PATH), CORS (DISABLE_CORS_*, EXTRA_CORS_*) and KMS key validation. Read with
 * LocalStack's names and defaults (its config.py), so a LocalStack compose file works unchanged.
 */
import { ConfigError } from './config-error.ts';

type Env = Record<string, string | undefined>;

/** LocalStack's CORS switches; src/cors/evaluate.ts applies them. */
export interface CorsSettings {
  /** DISABLE_CORS_HEADERS: the gateway adds no default Access-Control-* headers. */
  readonly disableHeaders: boolean;
  /** DISABLE_CORS_CHECKS: requests from any origin are let through (Allow-Origin `*`). */
  readonly disableChecks: boolean;
  /** DISABLE_CUSTOM_CORS_S3: bucket CORS rules are not applied; the gateway's defaults are. */
  readonly disableCustomS3: boolean;
  /** DISABLE_PREFLIGHT_PROCESSING: with the gateway's CORS, OPTIONS goes on to S3 instead of a 204. */
  readonly disablePreflight: boolean;
  readonly extraAllowedHeaders: readonly string[];
  readonly extraExposeHeaders: readonly string[];
  readonly extraAllowedOrigins: readonly string[];
}

export interface LocalStackSettings {
  readonly cors: CorsSettings;
  /** USE_SSL: URLs the server writes (Location) say https even for a request that came in plain. */
  readonly useSsl: boolean;
  /** CUSTOM_SSL_CERT_PATH: a PEM file with the private key and certificate chain; unset: generated at start. */
  readonly tlsCertPath: string | undefined;
  /** S3_SKIP_KMS_KEY_VALIDATION (default on): SSE-KMS key ids are taken as given. */
  readonly skipKmsKeyValidation: boolean;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(name, raw, 'expected true/false (1/0)');
}

/** LocalStack splits these on commas; empty entries (a trailing comma) are dropped. */
function readList(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function readLocalStackSettings(env: Env): LocalStackSettings {
  return {
    cors: {
      disableHeaders: readFlag(env, 'DISABLE_CORS_HEADERS', false),
      disableChecks: readFlag(env, 'DISABLE_CORS_CHECKS', false),
      disableCustomS3: readFlag(env, 'DISABLE_CUSTOM_CORS_S3', false),
      disablePreflight: readFlag(env, 'DISABLE_PREFLIGHT_PROCESSING', false),
      extraAllowedHeaders: readList(env, 'EXTRA_CORS_ALLOWED_HEADERS'),
      extraExposeHeaders: readList(env, 'EXTRA_CORS_EXPOSE_HEADERS'),
      extraAllowedOrigins: readList(env, 'EXTRA_CORS_ALLOWED_ORIGINS'),
    },
    useSsl: readFlag(env, 'USE_SSL', false),
    tlsCertPath: env.CUSTOM_SSL_CERT_PATH?.trim() || undefined,
    skipKmsKeyValidation: readFlag(env, 'S3_SKIP_KMS_KEY_VALIDATION', true),
  };
}
