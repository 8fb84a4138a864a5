/**
 * The settings that may change while the server runs (ENABLE_CONFIG_UPDATES, POST
 * /_localstack/config): those read afresh by every request. A value is parsed by loadConfig itself,
 * given that one variable, so it means what it would mean at start (an empty value: the default).
 */
import { loadConfig, type Config } from './config.ts';
import type { CorsSettings } from './config-localstack.ts';

export type RuntimeValue = string | boolean;

interface RuntimeSetting {
  /** `current` with this variable's fields taken from `loaded` (a config read from it alone). */
  readonly take: (loaded: Config, current: Config) => Config;
  readonly show: (config: Config) => RuntimeValue;
  /** Other settings its parser checks it against (signature validation against access control). */
  readonly context?: (current: Config) => Record<string, string>;
}

function corsFlag(field: keyof CorsSettings & `disable${string}`): RuntimeSetting {
  return {
    take: (loaded, current) => ({ ...current, cors: { ...current.cors, [field]: loaded.cors[field] } }),
    show: (config) => config.cors[field],
  };
}

function corsList(field: keyof CorsSettings & `extra${string}`): RuntimeSetting {
  return {
    take: (loaded, current) => ({ ...current, cors: { ...current.cors, [field]: loaded.cors[field] } }),
    show: (config) => config.cors[field].join(','),
  };
}

const RUNTIME_SETTINGS: Readonly<Record<string, RuntimeSetting>> = {
  S3_SKIP_SIGNATURE_VALIDATION: {
    take: (loaded, current) => ({ ...current, skipSignatureValidation: loaded.skipSignatureValidation }),
    show: (config) => config.skipSignatureValidation,
    // Access control needs signatures checked: its parser refuses the skip beside it, as at start.
    context: (current) => ({ S3_ENFORCE_ACCESS: current.enforceAccess ? '1' : '0' }),
  },
  // The generated certificate keeps the names it was made with at start.
  LOCALSTACK_HOST: {
    take: (loaded, current) => ({ ...current, hostname: loaded.hostname }),
    show: (config) => `${config.hostname}:${config.port}`,
  },
  ALLOW_NONSTANDARD_REGIONS: {
    take: (loaded, current) => ({ ...current, allowNonstandardRegions: loaded.allowNonstandardRegions }),
    show: (config) => config.allowNonstandardRegions,
  },
  S3_SKIP_KMS_KEY_VALIDATION: {
    take: (loaded, current) => ({ ...current, skipKmsKeyValidation: loaded.skipKmsKeyValidation }),
    show: (config) => config.skipKmsKeyValidation,
  },
  USE_SSL: {
    take: (loaded, current) => ({ ...current, useSsl: loaded.useSsl }),
    show: (config) => config.useSsl,
  },
  DISABLE_CORS_HEADERS: corsFlag('disableHeaders'),
  DISABLE_CORS_CHECKS: corsFlag('disableChecks'),
  DISABLE_CUSTOM_CORS_S3: corsFlag('disableCustomS3'),
  DISABLE_PREFLIGHT_PROCESSING: corsFlag('disablePreflight'),
  EXTRA_CORS_ALLOWED_HEADERS: corsList('extraAllowedHeaders'),
  EXTRA_CORS_EXPOSE_HEADERS: corsList('extraExposeHeaders'),
  EXTRA_CORS_ALLOWED_ORIGINS: corsList('extraAllowedOrigins'),
};

/** The variables POST /_localstack/config accepts, in a stable order. */
export const RUNTIME_VARIABLES: readonly string[] = Object.keys(RUNTIME_SETTINGS).sort();

/** A variable that cannot change while the server runs (or that this server does not read). */
export class RuntimeSettingError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`${variable} ${reason}`);
    this.name = 'RuntimeSettingError';
  }
}

function settingOf(variable: string): RuntimeSetting {
  const setting = Object.hasOwn(RUNTIME_SETTINGS, variable) ? RUNTIME_SETTINGS[variable] : undefined;
  if (setting !== undefined) return setting;
  const readAtStart = variablesReadAtStart().has(variable);
  throw new RuntimeSettingError(variable, readAtStart
    ? `cannot change while the server runs: set it at start (runtime settings: ${RUNTIME_VARIABLES.join(', ')})`
    : `is not a setting of this server (runtime settings: ${RUNTIME_VARIABLES.join(', ')})`);
}

let startVariables: Set<string> | undefined;

/** Every variable loadConfig looks at, found by reading through a recording environment. */
function variablesReadAtStart(): Set<string> {
  if (startVariables !== undefined) return startVariables;
  const seen = new Set<string>();
  loadConfig(new Proxy<Record<string, string | undefined>>({}, {
    get(_target, name) {
      if (typeof name === 'string') seen.add(name);
      return undefined;
    },
  }));
  startVariables = seen;
  return seen;
}

/**
 * A new Config with `variable` set to `raw`: ConfigError (src/config.ts) for a value its parser refuses,
 * RuntimeSettingError for a variable that cannot change at runtime. `current` is left as it is.
 */
export function applyRuntimeSetting(current: Config, variable: string, raw: string): Config {
  const setting = settingOf(variable);
  const loaded = loadConfig({ ...setting.context?.(current), [variable]: raw });
  return setting.take(loaded, current);
}

export function runtimeValue(config: Config, variable: string): RuntimeValue {
  return settingOf(variable).show(config);
}

/** Every runtime setting's current value (GET /_localstack/config). */
export function runtimeSettings(config: Config): Record<string, RuntimeValue> {
  return Object.fromEntries(RUNTIME_VARIABLES.map((v) => [v, runtimeValue(config, v)]));
}
