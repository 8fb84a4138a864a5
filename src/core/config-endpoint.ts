/**
 * LocalStack's runtime configuration endpoint, on with ENABLE_CONFIG_UPDATES=1: GET
 * /_localstack/config lists the settings that may change, POST `{"variable", "value"}` changes one
 * and answers its new value. Off, the path answers 404, as LocalStack's gateway does.
 */
import { ConfigError, type Config } from '../config.ts';
import { applyRuntimeSetting, RuntimeSettingError, runtimeSettings, runtimeValue } from '../config-runtime.ts';
import { log as rootLog } from '../log.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import { resetAllowed } from './internal-routes.ts';

const log = rootLog.withTag('config');

/** Far above any `{"variable", "value"}`; the body is read whole, so it is bounded. */
const MAX_BODY_BYTES = 64 * 1024;

/** The object whose `config` every request reads: a change replaces it in one assignment. */
export interface ConfigSlot {
  config: Config;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Why a POST is refused: answered 400 with the message. */
class BadConfigRequest extends Error {}

/** The body as text, refused past MAX_BODY_BYTES whether or not a length was announced. */
async function readBody(request: AppRequest): Promise<string> {
  const announced = Number(request.headers.get('content-length') ?? '0');
  if (announced > MAX_BODY_BYTES) throw new BadConfigRequest(`the body is limited to ${MAX_BODY_BYTES} bytes`);
  const bytes = await request.bytes();
  if (bytes.byteLength > MAX_BODY_BYTES) throw new BadConfigRequest(`the body is limited to ${MAX_BODY_BYTES} bytes`);
  return new TextDecoder().decode(bytes);
}

interface Change {
  readonly variable: string;
  /** The value as an environment variable would carry it; null: no change (as LocalStack). */
  readonly raw: string | null;
}

/** `{"variable": NAME, "value": string | number | boolean | null}`, as LocalStack takes it. */
function parseChange(text: string): Change {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadConfigRequest('expected a JSON object {"variable": NAME, "value": VALUE}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadConfigRequest('expected a JSON object {"variable": NAME, "value": VALUE}');
  const { variable, value } = body as Record<string, unknown>;
  if (typeof variable !== 'string' || !/^[_a-zA-Z0-9]+$/.test(variable)) throw new BadConfigRequest('"variable" must be a setting name such as S3_SKIP_SIGNATURE_VALIDATION');
  if (value === undefined || value === null) return { variable, raw: null };
  if (typeof value === 'boolean') return { variable, raw: value ? '1' : '0' };
  if (typeof value === 'number' || typeof value === 'string') return { variable, raw: String(value) };
  throw new BadConfigRequest('"value" must be a string, number or boolean');
}

async function update(request: AppRequest, slot: ConfigSlot): Promise<Response> {
  let variable: string | undefined;
  try {
    const change = parseChange(await readBody(request));
    variable = change.variable;
    const before = runtimeValue(slot.config, variable);
    if (change.raw !== null) {
      slot.config = applyRuntimeSetting(slot.config, variable, change.raw);
      const after = runtimeValue(slot.config, variable);
      if (after !== before) log.info(`${variable} changed at runtime: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    }
    return json(200, { variable, value: runtimeValue(slot.config, variable) });
  } catch (e) {
    if (e instanceof BadConfigRequest || e instanceof RuntimeSettingError || e instanceof ConfigError) {
      return json(400, { ...(variable !== undefined ? { variable } : {}), message: e.message });
    }
    throw e;
  }
}

export function configEndpoint(request: AppRequest, slot: ConfigSlot): Promise<Response> {
  if (!slot.config.configUpdates) {
    return Promise.resolve(json(404, { message: 'runtime configuration is off: start the server with ENABLE_CONFIG_UPDATES=1' }));
  }
  // A page of another site could otherwise switch signature validation off with a text/plain POST.
  if (!resetAllowed(request.headers, slot.config)) {
    return Promise.resolve(json(403, { status: 'refused', message: 'runtime configuration is not allowed from a web page of another origin' }));
  }
  if (request.method === 'GET') return Promise.resolve(json(200, runtimeSettings(slot.config)));
  if (request.method === 'POST') return update(request, slot);
  return Promise.resolve(json(405, { message: 'GET or POST' }, { Allow: 'GET, POST' }));
}
